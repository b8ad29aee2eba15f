#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include <ccsim/cc/exact.hpp>
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
        case Outcome::NoBound:
            return "no-bound";
    }
    return "?";
}

BoundClass boundClassOf(const CommShape& shape) {
    if (!shape.oneWay) return BoundClass::TwoWay;
    return shape.sender == 0 ? BoundClass::OneWayAliceToBob : BoundClass::OneWayBobToAlice;
}

BoundClass boundClassOf(const Protocol& protocol) {
    if (protocol.parties > 2) return BoundClass::NofDeterministic;
    return boundClassOf(shapeOf(protocol));
}

bool hasWitnessArgument(BoundClass cls) {
    // The round-limited bounds (pointer chasing) rest on round-elimination arguments that the
    // search does not execute; the fooling set would only prove the two-way bound.
    return cls == BoundClass::OneWayAliceToBob || cls == BoundClass::OneWayBobToAlice ||
           cls == BoundClass::TwoWay;
}

RoundCount countRounds(const Protocol& protocol) {
    RoundCount count;
    for (std::size_t i = 0; i < protocol.rounds.size(); ++i) {
        if (i == 0) count.first = protocol.rounds[i].from;
        if (i == 0 || protocol.rounds[i].from != protocol.rounds[i - 1].from) ++count.rounds;
    }
    return count;
}

bool fitsRounds(const RoundCount& count, const LowerBound& bound) {
    if (bound.cls != BoundClass::RoundLimited && bound.cls != BoundClass::RandomizedRoundLimited)
        return false;
    if (count.rounds == 0) return true;
    const std::size_t needed = count.rounds + (count.first == bound.firstSpeaker ? 0 : 1);
    return needed <= bound.maxRounds;
}

std::optional<LowerBound> boundFor(const Problem& problem, const Protocol& protocol) {
    if (protocol.parties > 2) return problem.lowerBound(boundClassOf(protocol));
    // Every class the protocol belongs to, most specific first: its one-way direction (if it
    // is one-way), a round-limited class its rounds fit, and two-way, which holds for every
    // two-party protocol.
    const BoundClass cls = boundClassOf(shapeOf(protocol));
    std::vector<LowerBound> candidates;
    if (cls != BoundClass::TwoWay)
        if (auto b = problem.lowerBound(cls)) candidates.push_back(*b);
    const RoundCount count = countRounds(protocol);
    for (const LowerBound& b : problem.lowerBounds())
        if (b.cls == BoundClass::RoundLimited && fitsRounds(count, b)) candidates.push_back(b);
    if (auto b = problem.lowerBound(BoundClass::TwoWay)) candidates.push_back(*b);
    // Each bound holds, so the protocol is held against the largest exact one (an asymptotic
    // bound only when no exact one applies); on a tie, the most specific.
    const LowerBound* best = nullptr;
    for (const bool exactOnly : {true, false}) {
        for (const LowerBound& b : candidates)
            if ((b.executable || !exactOnly) && (!best || b.bits > best->bits)) best = &b;
        if (best) break;
    }
    if (!best) return std::nullopt;
    return *best;
}

std::optional<ExactBound> exactBoundFor(const Problem& problem, const LowerBound& bound) {
    const std::optional<ProductSpace> space = problem.productSpace();
    if (!space || space->sizes.size() != 2 || space->sizes[0] == 0 ||
        space->sizes[0] > kMaxExactBoundCells / std::max<std::uint64_t>(space->sizes[1], 1))
        return std::nullopt;
    const bool oneWay =
        bound.cls == BoundClass::OneWayAliceToBob || bound.cls == BoundClass::OneWayBobToAlice;
    if (!oneWay && bound.cls != BoundClass::TwoWay && bound.cls != BoundClass::RoundLimited)
        return std::nullopt;
    const cc::CommMatrix m = cc::matrixOf(problem, kMaxExactBoundCells);
    if (oneWay) {
        const bool alice = bound.cls == BoundClass::OneWayAliceToBob;
        return ExactBound{cc::oneWayBits(m, alice),
                          fmt::format("one-way: ceil(log2 #distinct {} of its {}x{} matrix)",
                                      alice ? "rows" : "columns", m.rows, m.cols)};
    }
    const std::size_t rows = cc::classesOf(m, false).first.size();
    const std::size_t cols = cc::classesOf(m, true).first.size();
    if (!cc::roundSearchFits(rows, cols)) return std::nullopt;
    if (bound.cls == BoundClass::TwoWay)
        return ExactBound{cc::answerNotChargedBits(m),
                          fmt::format("two-way D_nc by exhaustive search of its {}x{} distinct "
                                      "rows and columns (ccsim cc)",
                                      rows, cols)};
    if (bound.maxRounds < 1 || bound.maxRounds > 64) return std::nullopt;
    return ExactBound{
        cc::roundLimitedBits(m, static_cast<int>(bound.maxRounds), bound.firstSpeaker == 0),
        fmt::format("{} rounds, {} first, by exhaustive search of its {}x{} "
                    "distinct rows and columns (ccsim cc)",
                    bound.maxRounds, bound.firstSpeaker == 0 ? "Alice" : "Bob", rows, cols)};
}

Verdict decide(const VerifyResult& result, const WitnessSearch& search, const LowerBound& bound,
               const std::optional<ExactBound>& exact) {
    Verdict v;
    v.bound = bound;
    v.exact = exact;
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
    // An asymptotic bound's value at a small size is no theorem: only an executable bound
    // above the optimum is a contradiction.
    if (exact && bound.executable && static_cast<double>(exact->bits) + 1e-9 < bound.bits) {
        v.outcome = Outcome::Inconsistent;
        v.explanation = fmt::format(
            "the {} bound {:g} exceeds the exact optimum {} of its class at this size ({}): the "
            "bound or ccsim is wrong",
            nameOf(bound.cls), bound.bits, exact->bits, exact->method);
        return v;
    }
    if (!below && exact && static_cast<int>(v.bits) < exact->bits) {
        // Between the textbook bound and the optimum: no protocol this small is right
        // everywhere, though the textbook argument does not show it.
        const std::string between =
            fmt::format("{} bits >= textbook bound {:g} but < exact bound {} ({}; {})", v.bits,
                        bound.bits, exact->bits, nameOf(bound.cls), exact->method);
        if (result.incorrect > 0) {
            v.outcome = Outcome::FailsAsPredicted;
            v.explanation =
                fmt::format("{}: the protocol must answer some instance wrongly, and {} of {} are",
                            between, result.incorrect, checked);
        } else if (exhaustive) {
            v.outcome = Outcome::Inconsistent;
            v.explanation = fmt::format("{}, yet correct on {}", between, checked);
        } else {
            v.outcome = Outcome::Undecided;
            v.explanation = fmt::format(
                "{}, but all {} were right: a sample cannot refute (run it exhaustively)", between,
                checked);
        }
        return v;
    }
    if (below && (!bound.executable || !hasWitnessArgument(bound.cls))) {
        // An asymptotic bound says nothing exact at this size, and a class without an executed
        // argument has no witness: never INCONSISTENT.
        const char* why = !bound.executable
                              ? "the bound is not executable: asymptotic (its constants are not "
                                "exact at this size) or proved by an argument ccsim does not run, "
                                "such as rank"
                              : "ccsim executes no lower-bound argument for this class";
        if (result.incorrect > 0) {
            v.outcome = Outcome::FailsAsPredicted;
            v.explanation =
                fmt::format("{}: {} of {} are answered wrongly ({}; no witness search is run)", cmp,
                            result.incorrect, checked, why);
        } else {
            v.outcome = Outcome::Undecided;
            v.explanation = fmt::format(
                "{}, but {}, so a protocol below it that is right on {} refutes nothing", cmp, why,
                checked);
        }
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
                cmp, search.searched, nameOf(search.argument), result.incorrect, checked);
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

Verdict decideWithoutBound(const VerifyResult& result, BoundClass cls, std::string_view problem) {
    Verdict v;
    v.bound = {.cls = cls,
               .bits = std::numeric_limits<double>::quiet_NaN(),
               .formula = "none",
               .source = "",
               .note = fmt::format("no lower bound is known for {} in this class", problem)};
    v.bits = result.maxBits;
    v.outcome = Outcome::NoBound;
    const std::string checked = result.mode == VerifyMode::Exhaustive
                                    ? fmt::format("all {} instances", result.instances)
                                    : fmt::format("{} sampled instances", result.instances);
    const std::string head = fmt::format("{} bits; {} has no lower bound for {} protocols", v.bits,
                                         problem, nameOf(cls));
    if (result.incorrect == 0)
        v.explanation = fmt::format("{}, nothing to compare: correct on {}", head, checked);
    else
        v.explanation = fmt::format("{}, nothing to compare: {} of {} are answered wrongly", head,
                                    result.incorrect, checked);
    return v;
}

}  // namespace ccsim
