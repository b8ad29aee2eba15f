#pragma once
/// \file
/// Witness search: the lower-bound argument, executed.
///
/// One-way protocols (Alice → Bob): Alice's inputs are enumerated with a fixed Bob input and
/// keyed by transcript. Two inputs a ≠ a' with one message are a collision; Bob's input
/// y = separate(a, a') has different answers on (a, y) and (a', y), yet Bob sees the same
/// message and the same y in both, so he answers both alike and is wrong on one of them.
/// One-way protocols Bob → Alice run the same argument mirrored when the problem has one
/// (Problem::log2ReverseSenderInputs, e.g. pointer chasing); otherwise the fooling set.
///
/// Other protocols: the fooling set {(x_i, y_i)} is enumerated and keyed by transcript. For a
/// collision of (x_i, y_i) and (x_j, y_j), the crossed instances (x_i, y_j) and (x_j, y_i)
/// have the same transcript (rectangle property) and one of them has the other answer.
///
/// Transcripts of a protocol with B payload bits take at most 2^B values, so 2^B + 1
/// distinct inputs always collide (pigeonhole): when B is below the bound the search is
/// guaranteed to succeed within 2^B + 1 steps. Every witness is checked by running its
/// instances; if the protocol does not in fact fail on it, the search reports an
/// inconsistency (a bug in ccsim, never an expected outcome).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>

namespace ccsim {

/// The lower-bound argument a witness search executes. None: no argument applies (no bound
/// in the protocol's class, or only an asymptotic one), so nothing was searched.
enum class WitnessArgument { None, OneWay, FoolingSet };

/// none | one-way | fooling-set, as reports print it.
std::string_view nameOf(WitnessArgument argument);

/// The four runs of a witness, in the order reports print them.
enum class WitnessRole { Collision1, Collision2, Separating1, Separating2 };

struct Witness {
    WitnessArgument argument = WitnessArgument::OneWay;
    /// The two inputs with one transcript: one-way (a, y0) and (a', y0); fooling-set: two
    /// pairs of the fooling set.
    std::array<InstanceRun, 2> collision;
    /// The instances that tell them apart: one-way (a, y) and (a', y); fooling-set the two
    /// crossed instances.
    std::array<InstanceRun, 2> separating;
    /// The run answered wrongly (the first such in role order).
    WitnessRole wrong = WitnessRole::Collision1;

    const InstanceRun& run(WitnessRole role) const;
    const InstanceRun& wrongRun() const { return run(wrong); }
};

/// "collision 1", "collision 2", then "separating 1", "separating 2" (one-way) or "crossed 1",
/// "crossed 2" (fooling-set): how reports label the runs.
std::string roleName(WitnessRole role, WitnessArgument argument);

inline constexpr WitnessRole kWitnessRoles[] = {WitnessRole::Collision1, WitnessRole::Collision2,
                                                WitnessRole::Separating1, WitnessRole::Separating2};

struct WitnessSearch {
    WitnessArgument argument = WitnessArgument::None;  ///< which argument was run
    std::size_t payloadBits = 0;                       ///< B: the protocol's message widths summed
    std::uint64_t searched = 0;                        ///< inputs run before stopping
    std::uint64_t limit = 0;                           ///< inputs the search was allowed to run
    /// True if the search could not have missed a collision: it ran 2^B + 1 inputs or the
    /// whole domain.
    bool complete = false;
    std::optional<Witness> witness;
    /// Non-empty if a collision did not lead to a wrong answer: a bug in ccsim.
    std::string inconsistency;
};

/// payloadBits: the sum of the protocol's message widths (B above). budget: at most this
/// many inputs are run.
WitnessSearch searchWitness(const Reduction& reduction, std::size_t payloadBits,
                            std::uint64_t budget);

}  // namespace ccsim
