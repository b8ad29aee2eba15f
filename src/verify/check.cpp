#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/verify/check.hpp>

namespace ccsim {

CheckResult check(const Reduction& reduction, const VerifyOptions& options) {
    const Problem& problem = reduction.problem();
    checkRunSize(problem, options);

    // The bound is chosen from the protocol's shape before anything runs: a count is never
    // compared with a bound of another class.
    ProtocolRunner probe(reduction.protocol());
    const Protocol& protocol = probe.protocol();
    const BoundClass cls = boundClassOf(shapeOf(protocol));
    const std::optional<LowerBound> bound = problem.lowerBound(cls);
    if (!bound)
        throw RunError(fmt::format("problem {} has no lower bound for {} protocols", problem.name(),
                                   nameOf(cls)));
    std::size_t payloadBits = 0;
    for (const Round& r : protocol.rounds) payloadBits += r.payloadBits;

    CheckResult out;
    out.result = verifyInstances(reduction, options);
    CCSIM_CHECK_OP(out.result.maxBits, ==, protocol.declaredBits());
    CCSIM_CHECK_OP(out.result.minBits, ==, protocol.declaredBits());
    // In sampled runs above the bound the search would be long and cannot change the verdict
    // from "correct" unless a wrong answer was already seen; it still runs when cheap.
    std::uint64_t budget = options.witnessBudget;
    if (options.mode == VerifyMode::Sample && static_cast<double>(payloadBits) >= bound->bits)
        budget = std::min<std::uint64_t>(budget, options.sampleCount);
    out.search = searchWitness(reduction, payloadBits, budget);
    out.verdict = decide(out.result, out.search, *bound);
    return out;
}

}  // namespace ccsim
