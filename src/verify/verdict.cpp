#include <fmt/format.h>

#include <ccsim/verify/verdict.hpp>

namespace ccsim {

std::string_view nameOf(Outcome outcome) {
    switch (outcome) {
        case Outcome::Correct:
            return "correct";
        case Outcome::FailsAsPredicted:
            return "fails-as-predicted";
        case Outcome::FailsAboveBound:
            return "fails-above-bound";
        case Outcome::Undecided:
            return "undecided";
        case Outcome::Inconsistent:
            return "INCONSISTENT";
    }
    return "?";
}

BoundClass boundClassOf(const CommShape& shape) {
    if (!shape.oneWay) return BoundClass::TwoWay;
    return shape.sender == 0 ? BoundClass::OneWayAliceToBob : BoundClass::OneWayBobToAlice;
}

Verdict decide(const VerifyResult& result, const WitnessSearch& search, const LowerBound& bound) {
    Verdict v;
    v.bound = bound;
    v.bits = result.maxBits;
    const bool exhaustive = result.mode == VerifyMode::Exhaustive;
    const bool below = static_cast<double>(v.bits) < bound.bits;
    const std::string checked = exhaustive ? fmt::format("all {} instances", result.instances)
                                           : fmt::format("{} sampled instances", result.instances);
    const std::string cmp = fmt::format("{} bits {} bound {:g} ({})", v.bits,
                                        below ? "<" : ">=", bound.bits, nameOf(bound.cls));

    if (!search.inconsistency.empty()) {
        v.outcome = Outcome::Inconsistent;
        v.explanation = "witness search: " + search.inconsistency;
        return v;
    }
    if (below) {
        if (search.witness) {
            if (exhaustive && result.incorrect == 0) {
                v.outcome = Outcome::Inconsistent;
                v.explanation = fmt::format(
                    "{}: the witness instance is answered wrongly, yet the exhaustive check found "
                    "no error",
                    cmp);
                return v;
            }
            v.outcome = Outcome::FailsAsPredicted;
            v.explanation = fmt::format(
                "{}: two inputs share a transcript, so some instance must be answered wrongly; "
                "the witness names it ({} wrong of {})",
                cmp, result.incorrect, checked);
            return v;
        }
        if (search.complete || (exhaustive && result.incorrect == 0)) {
            v.outcome = Outcome::Inconsistent;
            v.explanation = fmt::format(
                "{}, yet {} distinct inputs of the {} argument all have distinct transcripts "
                "and {} of {} are wrong",
                cmp, search.searched, search.argument, result.incorrect, checked);
            return v;
        }
        if (result.incorrect > 0) {
            // No collision within the budget, but the failure the bound predicts was seen.
            v.outcome = Outcome::FailsAsPredicted;
            v.explanation = fmt::format(
                "{}: {} of {} are answered wrongly (the witness search stopped after {} "
                "inputs, before the pigeonhole guarantee of 2^{} + 1)",
                cmp, result.incorrect, checked, search.searched, search.payloadBits);
            return v;
        }
        v.outcome = Outcome::Undecided;
        v.explanation = fmt::format(
            "{}, but the witness search stopped after {} inputs, before the pigeonhole "
            "guarantee of 2^{} + 1, and all of {} were right; raise --witness-budget",
            cmp, search.searched, search.payloadBits, checked);
        return v;
    }
    if (result.incorrect > 0 || search.witness) {
        if (exhaustive && result.incorrect == 0) {
            v.outcome = Outcome::Inconsistent;
            v.explanation = fmt::format(
                "{}: the witness search found a wrong answer the exhaustive check missed", cmp);
            return v;
        }
        v.outcome = Outcome::FailsAboveBound;
        v.explanation = fmt::format(
            "{}, yet {} of {} are answered wrongly: the protocol is too weak, not too small", cmp,
            result.incorrect, checked);
        return v;
    }
    v.outcome = Outcome::Correct;
    v.explanation = fmt::format("{}, correct on {}", cmp, checked);
    return v;
}

}  // namespace ccsim
