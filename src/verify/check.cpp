#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/verify/check.hpp>

namespace ccsim {

ProtocolSchedule scheduleOf(const Reduction& reduction, const Protocol& protocol) {
    ProtocolSchedule s;
    s.summary = protocol.summary;
    s.parties = protocol.parties;
    s.costModel = protocol.costModel;
    for (const Round& r : protocol.rounds) {
        s.rounds.push_back(
            {r.from, r.to, r.label, r.payloadBits, protocol.chargedBits(r), r.widthFormula});
        s.payloadBits += r.payloadBits;
    }
    s.declaredBits = protocol.declaredBits();
    s.closedForm = checkedClosedForm(reduction, protocol);
    return s;
}

CheckResult check(const Reduction& reduction, const VerifyOptions& options) {
    const Problem& problem = reduction.problem();
    checkRunSize(reduction, options);

    // The bound is chosen from the protocol's shape before anything runs: a count is never
    // compared with a bound of another class.
    CheckResult out;
    BoundClass cls{};
    std::optional<LowerBound> bound;
    {
        const ProtocolRunner probe(reduction.protocol());
        const Protocol& protocol = probe.protocol();
        cls = boundClassOf(protocol);
        bound = boundFor(problem, protocol);
        out.schedule = scheduleOf(reduction, protocol);
    }
    const std::size_t payloadBits = out.schedule.payloadBits;

    out.result = verifyInstances(reduction, options);
    CCSIM_CHECK_OP(out.result.maxBits, ==, out.schedule.declaredBits);
    CCSIM_CHECK_OP(out.result.minBits, ==, out.schedule.declaredBits);
    if (!bound) {
        // Nothing to compare with and no argument to execute: correctness and bits only.
        out.search.argument = WitnessArgument::None;
        out.search.payloadBits = payloadBits;
        out.verdict = decideWithoutBound(out.result, cls, problem.name());
        return out;
    }
    // In sampled runs above the bound the search would be long and cannot change the verdict
    // from "correct" unless a wrong answer was already seen; it still runs when cheap.
    std::uint64_t budget = options.witnessBudget;
    if (options.mode == VerifyMode::Sample && static_cast<double>(payloadBits) >= bound->bits)
        budget = std::min<std::uint64_t>(budget, options.sampleCount);
    if (bound->executable && hasWitnessArgument(bound->cls))
        out.search = searchWitness(reduction, payloadBits, budget);
    else
        out.search.argument =
            WitnessArgument::None;  // no lower-bound argument to execute for an asymptotic bound
    out.verdict = decide(out.result, out.search, *bound, exactBoundFor(problem, *bound));
    return out;
}

}  // namespace ccsim
