#pragma once
/// \file
/// The verdict: measured bits and correctness held against the problem's lower bound in the
/// protocol's class (docs/architecture.md, "Outcomes").
///
///  - Correct: correct on every checked instance and bits >= bound.
///  - FailsAsPredicted: bits < bound, and the witness search found the instance the protocol
///    must get wrong (and it does) — or, when the search stopped at its budget, the run
///    itself saw wrong answers.
///  - FailsAboveBound: bits >= bound but some instance is answered wrongly: the protocol is
///    too weak, not too small.
///  - Undecided: bits < bound, sampled run without a wrong answer, and the witness search
///    stopped at its budget before the pigeonhole guarantee applied. (An addition to the
///    first four outcomes: a sample cannot refute, and the search was cut short.)
///  - NoBound: the problem has no lower bound in the protocol's class (e.g. a number-on-
///    forehead problem): the run checks correctness and counts bits; bounds of related
///    problems are listed for context only. No witness search.
///  With an exact bound (exactBoundFor: the optimum of the class on this size, computed from
///  the problem's matrix) above the textbook bound, a run between the two is below the
///  optimum: a wrong answer is FailsAsPredicted, a complete check without one Inconsistent,
///  a clean sample Undecided.
///  - Inconsistent: ccsim contradicts a theorem (bits < bound yet no failure on a complete
///    check, or a collision that did not produce a wrong answer). Always a bug; exit 1.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/problem/problem.hpp>
#include <ccsim/verify/runner.hpp>
#include <ccsim/verify/witness.hpp>

namespace ccsim {

enum class Outcome {
    Correct,
    FailsAsPredicted,
    FailsAboveBound,
    Undecided,
    Inconsistent,
    /// The problem has no lower bound in the protocol's class: correctness and bits only,
    /// nothing is compared and no witness is searched (exit 1 if some answer is wrong).
    NoBound,
};

std::string_view nameOf(Outcome outcome);

inline constexpr Outcome kOutcomes[] = {Outcome::Correct,         Outcome::FailsAsPredicted,
                                        Outcome::FailsAboveBound, Outcome::Undecided,
                                        Outcome::NoBound,         Outcome::Inconsistent};

/// The deterministic bound class a protocol of this shape is measured against.
BoundClass boundClassOf(const CommShape& shape);
/// The class of a protocol: number-on-forehead deterministic for more than two parties, else
/// boundClassOf(shapeOf(protocol)).
BoundClass boundClassOf(const Protocol& protocol);
/// Whether the witness search has a lower-bound argument to execute for this class: the
/// one-way and fooling-set arguments hold for deterministic two-party protocols only.
bool hasWitnessArgument(BoundClass cls);

/// Rounds of a two-party protocol: maximal runs of consecutive messages by one speaker, and
/// the speaker of the first run (0 rounds for a protocol without messages).
struct RoundCount {
    std::size_t rounds = 0;
    PartyId first = 0;
};
RoundCount countRounds(const Protocol& protocol);

/// Whether a protocol with these rounds is covered by a RoundLimited bound: at most
/// bound.maxRounds rounds with bound.firstSpeaker first, where a protocol that starts with
/// the other party counts one extra (empty) round in front.
bool fitsRounds(const RoundCount& count, const LowerBound& bound);

/// The deterministic bound a protocol is measured against: the one-way classes for one-way
/// protocols (most specific), else a RoundLimited bound of the problem that the protocol's
/// rounds fit in, else two-way. Empty if the problem has no bound in that class.
std::optional<LowerBound> boundFor(const Problem& problem, const Protocol& protocol);

/// The exact optimum of a bound's class for the problem at this size, in ccsim's convention
/// (the answer not charged), computed from the problem's communication matrix (cc/exact.hpp).
struct ExactBound {
    int bits = 0;
    std::string method;  ///< how it was computed, one phrase
};
/// Instances of a problem whose exact bound a run computes.
inline constexpr std::uint64_t kMaxExactBoundCells = std::uint64_t{1} << 16;
/// For a two-party problem with at most kMaxExactBoundCells instances: the one-way classes
/// (⌈log2 #distinct rows or columns⌉), and two-way (D_nc) and round-limited classes when the
/// matrix has at most cc::kAutoSatCells distinct cells; nullopt otherwise.
std::optional<ExactBound> exactBoundFor(const Problem& problem, const LowerBound& bound);

struct Verdict {
    Outcome outcome = Outcome::Inconsistent;
    LowerBound bound;
    std::optional<ExactBound> exact;
    std::size_t bits = 0;
    /// One sentence for humans, with the numbers.
    std::string explanation;
};

Verdict decide(const VerifyResult& result, const WitnessSearch& search, const LowerBound& bound,
               const std::optional<ExactBound>& exact = std::nullopt);

/// The verdict when the problem has no bound in class cls: outcome NoBound; the verdict's
/// bound has that class, bits NaN and formula "none".
Verdict decideWithoutBound(const VerifyResult& result, BoundClass cls, std::string_view problem);

}  // namespace ccsim
