#pragma once
/// \file
/// One full check of a reduction: run the instances, search for a witness, decide the
/// verdict against the bound of the protocol's class. What `ccsim run` and `ccsim demo` do
/// before they format a report.

#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>
#include <ccsim/verify/verdict.hpp>
#include <ccsim/verify/witness.hpp>

namespace ccsim {

struct CheckResult {
    VerifyResult result;
    WitnessSearch search;
    Verdict verdict;
};

/// Throws UsageError for a run that is too large (see checkRunSize). If the problem has no
/// bound for the protocol's class, the verdict is NoBound and no witness is searched.
CheckResult check(const Reduction& reduction, const VerifyOptions& options);

}  // namespace ccsim
