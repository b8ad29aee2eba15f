#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/verify/check.hpp>

namespace ccsim {

CheckResult check(const Reduction& reduction, const VerifyOptions& options) {
    const Problem& problem = reduction.problem();
    checkRunSize(reduction, options);

    // The bound is chosen from the protocol's shape before anything runs: a count is never
    // compared with a bound of another class.
    ProtocolRunner probe(reduction.protocol());
    const Protocol& protocol = probe.protocol();
    const BoundClass cls = boundClassOf(protocol);
    const std::optional<LowerBound> bound = boundFor(problem, protocol);
    std::size_t payloadBits = 0;
    for (const Round& r : protocol.rounds) payloadBits += r.payloadBits;

    CheckResult out;
    out.result = verifyInstances(reduction, options);
    CCSIM_CHECK_OP(out.result.maxBits, ==, protocol.declaredBits());
    CCSIM_CHECK_OP(out.result.minBits, ==, protocol.declaredBits());
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
    out.verdict = decide(out.result, out.search, *bound);
    return out;
}

}  // namespace ccsim
