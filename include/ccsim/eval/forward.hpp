#pragma once
/// \file
/// A model's two passes over given tokens: how a user checks that an exported model means
/// what they think (`ccsim forward weights=FILE input=TOKENS.npy`).

#include <string>
#include <vector>

#include <ccsim/params.hpp>
#include <ccsim/report/forward_report.hpp>

namespace ccsim {

/// model, weights, input, H, precision, precision_model, split.
std::vector<ParamSpec> forwardParams();

/// Loads the weights and the tokens the words name and runs the reference and the quantized
/// pass over every token; UsageError for bad parameters or files.
ForwardReport forwardPass(const std::vector<std::string>& words, unsigned threads);

}  // namespace ccsim
