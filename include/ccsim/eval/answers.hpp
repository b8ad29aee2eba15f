#pragma once

/// `ccsim cc --from-run REDUCTION …`: the function a protocol (a model under a partition)
/// really computes, as a communication matrix of its decoded answers over every instance.

#include <string>
#include <vector>

#include <ccsim/cc/report.hpp>

namespace ccsim {

/// Runs the reduction on every instance of its two-party problem (rows: Alice's input
/// numbers, columns: Bob's) and tabulates the answers; UsageError for a problem without a
/// two-party product space or with more than 2^16 instances.
cc::Source answerSource(const std::string& reduction, const std::vector<std::string>& words);

}  // namespace ccsim
