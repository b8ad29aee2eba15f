#pragma once
/// \file
/// Communication problems: two parties' inputs, a truth function, the instance space, and
/// the lower bounds with the class of protocols each applies to (docs/architecture.md, "bound
/// class").
///
/// A problem also carries the two lower-bound arguments the witness search executes:
///  - one-way (Alice → Bob): every input of Alice needs its own message. senderInput()
///    enumerates Alice's inputs; separate(a, a') gives a Bob input on which a and a' have
///    different answers.
///  - two-way: a fooling set {(x_i, y_i)}: all pairs have the same answer, and for i ≠ j one
///    of the crossed pairs (x_i, y_j), (x_j, y_i) has the other answer.
/// Party 0 is Alice, party 1 is Bob. Positions in bit strings are 0-based.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/registry.hpp>

namespace ccsim {

using Instance = PartyInputs;

/// The instance space as a product of the parties' input spaces: party p has sizes[p]
/// inputs, numbered 0..sizes[p]-1, and instance(index) holds party p's input number
/// (index / strides[p]) % sizes[p]; so party p's input number id is party p's part of
/// instance(id · strides[p]). The tree engine (verify/engine.hpp) walks this product.
struct ProductSpace {
    std::vector<std::uint64_t> sizes;
    std::vector<std::uint64_t> strides;
};

/// The class of protocols a lower bound holds for. Bounds are never compared across classes.
enum class BoundClass {
    OneWayAliceToBob,  ///< deterministic, one message Alice → Bob, Bob answers
    OneWayBobToAlice,  ///< deterministic, one message Bob → Alice, Alice answers
    TwoWay,            ///< deterministic, any number of rounds
    RandomizedOneWay,  ///< public-coin, one message Alice → Bob, bounded error
    RandomizedTwoWay,  ///< public-coin, any number of rounds, bounded error
    /// deterministic, at most LowerBound::maxRounds rounds (maximal runs of messages by one
    /// speaker), LowerBound::firstSpeaker speaking first (pointer chasing)
    RoundLimited,
    RandomizedRoundLimited,  ///< public-coin, at most maxRounds rounds, bounded error
    /// deterministic number-on-forehead: k >= 3 players on a blackboard, player i sees every
    /// input but its own (the class of every protocol with more than two parties)
    NofDeterministic,
    NofRandomizedOneWay,  ///< number-on-forehead, one message per player in turn, public coin
};

std::string_view nameOf(BoundClass cls);
bool isDeterministic(BoundClass cls);

struct LowerBound {
    BoundClass cls;
    double bits;          ///< the bound's value for this problem size
    std::string formula;  ///< in the problem's parameters, e.g. "n" or "ceil(log2 n)"
    std::string source;   ///< who proved it
    std::string note;     ///< conventions, e.g. whether the answer bit is charged
    /// False for asymptotic bounds (constants not pinned down at small sizes, e.g. Ω(n) or
    /// n/8 "for large n"): the verdict never calls a run INCONSISTENT against such a bound and
    /// no witness search is run for it.
    bool executable = true;
    /// RoundLimited classes: the protocols the bound covers have at most maxRounds rounds,
    /// and firstSpeaker speaks in the first of them (an empty first round is allowed).
    std::size_t maxRounds = 0;
    PartyId firstSpeaker = 0;
    /// For Problem::relatedBounds(): the other problem the bound is about, e.g. "3-party DISJ".
    std::string problem = {};
};

class Problem {
public:
    virtual ~Problem() = default;

    /// Registry name: disj, index, eq.
    virtual std::string_view name() const = 0;
    /// One line with the size, e.g. "DISJ_10: a, b in {0,1}^10; 1 iff no i has a_i = b_i = 1".
    virtual std::string describe() const = 0;

    /// log2 of the number of instances (exact for these problems).
    virtual double log2Instances() const = 0;
    /// The number of instances if it is below 2^64. The default derives it from
    /// log2Instances(), which is exact only when that is an integer; a problem whose count is
    /// not a power of two overrides this with integer arithmetic.
    virtual std::optional<std::uint64_t> instanceCount() const;
    /// The index-th instance in a fixed enumeration order, index < instanceCount().
    virtual Instance instance(std::uint64_t index) const = 0;
    /// A pseudo-random instance; the same seed gives the same instance on every machine.
    virtual Instance sample(std::uint64_t seed) const = 0;
    /// The distributions sampled runs can draw from (`--distribution`), the default first:
    /// name and one line on what it is. Every problem has "uniform" (sample(seed)); a problem
    /// whose lower-bound proof uses another distribution also offers it as "hard".
    struct Distribution {
        std::string name;
        std::string summary;
    };
    virtual std::vector<Distribution> distributions() const;
    /// A pseudo-random instance from the named distribution (UsageError for a name the
    /// problem does not offer). The default knows only "uniform".
    virtual Instance sampleFrom(std::uint64_t seed, std::string_view distribution) const;
    /// UsageError (with a suggestion) unless distributions() offers this name.
    void checkDistribution(std::string_view distribution) const;
    /// The correct answer.
    virtual std::uint64_t truth(const Instance& instance) const = 0;

    /// The instance space as a product of the parties' input spaces, if it is one (two-party
    /// problems are; number-on-forehead inputs overlap, so they are not). Default: none.
    virtual std::optional<ProductSpace> productSpace() const { return std::nullopt; }
    /// truth() of the instance whose parties hold *parts[0], *parts[1], ...; the engine calls
    /// it once per instance without building one. Default: copies the parts into an Instance.
    virtual std::uint64_t truthOf(std::span<const PartyInput* const> parts) const;

    virtual std::vector<LowerBound> lowerBounds() const = 0;
    /// The bound for cls, if the problem has one.
    std::optional<LowerBound> lowerBound(BoundClass cls) const;
    /// Bounds of related problems (LowerBound::problem names which), for context when the
    /// problem has no bound of its own in a class: reports list them, never compare with them.
    virtual std::vector<LowerBound> relatedBounds() const { return {}; }

    /// One-way argument: log2 of the number of Alice's inputs, the i-th of them, a fixed Bob
    /// input to pair them with, and a Bob input that separates two different Alice inputs.
    virtual double log2SenderInputs() const = 0;
    virtual PartyInput senderInput(std::uint64_t i) const = 0;
    virtual PartyInput defaultReceiverInput() const = 0;
    virtual PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const = 0;

    /// The same argument for one-way protocols Bob → Alice (Alice answers), for problems
    /// whose Bob → Alice bound is more than their fooling set gives: log2 of the size of Bob's
    /// family (nothing if the problem has no such argument; the witness search then uses the
    /// fooling set), its i-th member, a fixed input of Alice, and an input of Alice that
    /// separates two different members. The defaults have no argument.
    virtual std::optional<double> log2ReverseSenderInputs() const { return std::nullopt; }
    virtual PartyInput reverseSenderInput(std::uint64_t i) const;
    virtual PartyInput defaultReverseReceiverInput() const;
    virtual PartyInput separateReverse(const PartyInput& b, const PartyInput& bPrime) const;

    /// Two-way argument: log2 of the fooling set's size and its i-th pair.
    virtual double log2FoolingSet() const = 0;
    virtual Instance foolingPair(std::uint64_t i) const = 0;
    /// One line describing the fooling set, e.g. "{(a, not a)}".
    virtual std::string foolingSetName() const = 0;

    /// A party's input as text, e.g. "a=0110" or "i=3".
    virtual std::string show(const PartyInput& input, PartyId party) const = 0;
    std::string show(const Instance& instance) const;
};

/// n uniformly random bits from the stream (64 per draw, low bits first).
Payload randomBits(SplitMix64& rng, std::size_t n);

}  // namespace ccsim

namespace ccsim {

/// The low n bits of value as a bit string (bit i = bit i of value); n <= 64.
Payload bitsOf(std::uint64_t value, std::size_t n);

}  // namespace ccsim

namespace ccsim {

/// A problem as `ccsim list` and `ccsim explain` show it; each problem's file registers one
/// (a static ProblemRegistry::Registrar). Reductions name their problem by this name.
struct ProblemInfo {
    std::string name;
    std::string summary;  ///< one line
};
using ProblemRegistry = Registry<ProblemInfo>;

}  // namespace ccsim
