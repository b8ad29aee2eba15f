#pragma once
/// \file
/// One full check of a reduction: run the instances, search for a witness, decide the
/// verdict against the bound of the protocol's class. What `ccsim run` and `ccsim demo` do
/// before they format a report.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>
#include <ccsim/verify/verdict.hpp>
#include <ccsim/verify/witness.hpp>

namespace ccsim {

/// One round of the schedule, as declared before any input is seen.
struct ScheduledRound {
    PartyId from = 0;
    std::vector<PartyId> to;  ///< as declared: empty means every other party
    std::string label;
    std::size_t payloadBits = 0;
    std::size_t chargedBits = 0;  ///< under the protocol's cost model
    std::string widthFormula;
};

/// The public facts of the protocol a check ran, read once from the protocol it built.
struct ProtocolSchedule {
    std::string summary;
    int parties = 2;
    CostModel costModel = CostModel::PointToPoint;
    std::vector<ScheduledRound> rounds;
    std::size_t payloadBits = 0;   ///< sum over rounds, before the cost model
    std::size_t declaredBits = 0;  ///< sum of charged bits: what every instance must measure
    ClosedForm closedForm;         ///< the reduction's formula, checked against declaredBits
};

ProtocolSchedule scheduleOf(const Reduction& reduction, const Protocol& protocol);

/// One run value: the schedule, what the engine measured, the witness search and the
/// verdict. Reports read it and nothing else about the run.
struct CheckResult {
    ProtocolSchedule schedule;
    VerifyResult result;
    WitnessSearch search;
    Verdict verdict;
};

/// Throws UsageError for a run that is too large (see checkRunSize). If the problem has no
/// bound for the protocol's class, the verdict is NoBound and no witness is searched.
CheckResult check(const Reduction& reduction, const VerifyOptions& options);

}  // namespace ccsim
