#include <cmath>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/index.hpp>

namespace ccsim {

namespace {

double ceilLog2(std::size_t n) {
    return n <= 1 ? 0.0 : std::ceil(std::log2(static_cast<double>(n)));
}

}  // namespace

Index::Index(std::size_t n) : n_(n) { CCSIM_CHECK_OP(n, >=, 1U); }

std::string Index::describe() const {
    return fmt::format("INDEX_{0}: Alice x in {{0,1}}^{0}, Bob i in [0, {0}); answer x_i", n_);
}

double Index::log2Instances() const {
    return static_cast<double>(n_) + std::log2(static_cast<double>(n_));
}

std::optional<std::uint64_t> Index::instanceCount() const {
    // n · 2^n < 2^64 iff n <= floor((2^64 - 1) / 2^n).
    if (n_ >= 64 || n_ > (UINT64_MAX >> n_)) return std::nullopt;
    return static_cast<std::uint64_t>(n_) << n_;
}

Instance Index::instance(std::uint64_t index) const {
    CCSIM_CHECK_OP(n_, <, 58U);
    const std::uint64_t mask = (std::uint64_t{1} << n_) - 1;
    const std::uint64_t i = index >> n_;
    CCSIM_CHECK_OP(i, <, n_);
    return {PartyInput{bitsOf(index & mask, n_), {}, {}}, PartyInput{Payload(), {i}, {}}};
}

std::vector<Problem::Distribution> Index::distributions() const {
    return {{"uniform", "x uniform in {0,1}^n, i uniform in [n]"},
            {"hard", "the lower-bound proof's distribution, which is the uniform one"}};
}

Instance Index::sampleFrom(std::uint64_t seed, std::string_view distribution) const {
    return Problem::sampleFrom(seed, distribution == "hard" ? "uniform" : distribution);
}

Instance Index::sample(std::uint64_t seed) const {
    SplitMix64 rng(seed);
    Payload x = randomBits(rng, n_);
    const std::uint64_t i = rng.below(n_);
    return {PartyInput{std::move(x), {}, {}}, PartyInput{Payload(), {i}, {}}};
}

std::uint64_t Index::truth(const Instance& instance) const {
    const std::uint64_t i = instance.at(1).values.at(0);
    CCSIM_CHECK_OP(i, <, n_);
    return instance.at(0).bits[i] ? 1 : 0;
}

std::vector<LowerBound> Index::lowerBounds() const {
    const double n = static_cast<double>(n_);
    return {
        {BoundClass::OneWayAliceToBob, n, "n",
         "pigeonhole: every x needs its own message (i at a differing position tells them "
         "apart)",
         "the receiver's answer is not charged"},
        {BoundClass::OneWayBobToAlice, ceilLog2(n_), "ceil(log2 n)",
         "fooling set {(e_i, i)}: Bob must tell Alice i", "the receiver's answer is not charged"},
        {BoundClass::TwoWay, ceilLog2(n_), "ceil(log2 n)", "fooling set {(e_i, i)} of size n",
         "+1 when the answer bit must also be announced; ccsim does not charge it"},
        {BoundClass::RandomizedOneWay, n * (1.0 - 0.9182958340544896), "(1 - H2(1/3)) n",
         "Kremer, Nisan, Ron 1999 (error 1/3)",
         "for information only: ccsim's protocols are deterministic"},
    };
}

PartyInput Index::senderInput(std::uint64_t i) const { return {bitsOf(i, n_), {}, {}}; }

PartyInput Index::defaultReceiverInput() const { return {Payload(), {0}, {}}; }

PartyInput Index::separate(const PartyInput& a, const PartyInput& aPrime) const {
    const Payload diff = a.bits ^ aPrime.bits;
    const std::size_t i = diff.find_first();
    CCSIM_CHECK(i != Payload::npos);
    return {Payload(), {static_cast<std::uint64_t>(i)}, {}};
}

double Index::log2FoolingSet() const { return std::log2(static_cast<double>(n_)); }

Instance Index::foolingPair(std::uint64_t i) const {
    CCSIM_CHECK_OP(i, <, n_);
    Payload x(n_);
    x.set(i);
    return {PartyInput{std::move(x), {}, {}}, PartyInput{Payload(), {i}, {}}};
}

std::string Index::show(const PartyInput& input, PartyId party) const {
    if (party == 0) return fmt::format("x={}", bitString(input.bits));
    return fmt::format("i={}", input.values.at(0));
}

std::optional<ProductSpace> Index::productSpace() const {
    if (!instanceCount()) return std::nullopt;
    return ProductSpace{{std::uint64_t{1} << n_, n_}, {1, std::uint64_t{1} << n_}};
}

std::uint64_t Index::truthOf(std::span<const PartyInput* const> parts) const {
    return parts[0]->bits[parts[1]->values[0]] ? 1 : 0;
}

namespace {

const ProblemRegistry::Registrar registered(
    {"index", "INDEX: Alice holds x in {0,1}^n, Bob an index i; the answer is x_i"});

}  // namespace

}  // namespace ccsim
