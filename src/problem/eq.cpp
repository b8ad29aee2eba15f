#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/eq.hpp>

namespace ccsim {

Eq::Eq(std::size_t n) : BitPairProblem(n) {}

std::string Eq::describe() const {
    return fmt::format("EQ_{0}: Alice a, Bob b in {{0,1}}^{0}; answer 1 iff a = b", n_);
}

Instance Eq::sample(std::uint64_t seed) const {
    // Uniform pairs are almost never equal; make half the samples equal so both answers occur.
    SplitMix64 rng(seed);
    const bool equal = (rng.next() & 1U) != 0;
    Payload a = randomBits(rng, n_);
    Payload b = equal ? a : randomBits(rng, n_);
    return {PartyInput{std::move(a), {}, {}}, PartyInput{std::move(b), {}, {}}};
}

std::vector<Problem::Distribution> Eq::distributions() const {
    return {{"uniform",
             "a uniform; b = a on a fair coin, else uniform (uniform pairs are almost "
             "never equal)"}};
}

std::uint64_t Eq::answer(const Payload& a, const Payload& b) const { return a == b ? 1 : 0; }

std::vector<LowerBound> Eq::lowerBounds() const {
    const double n = static_cast<double>(n_);
    return {
        {BoundClass::OneWayAliceToBob, n, "n", "pigeonhole: every a needs its own message",
         "the receiver's answer is not charged"},
        {BoundClass::OneWayBobToAlice, n, "n", "pigeonhole, by symmetry",
         "the receiver's answer is not charged"},
        {BoundClass::TwoWay, n, "n", "Yao 1979, fooling set {(a, a)} of size 2^n",
         "n + 1 when the answer bit must also be announced; ccsim does not charge it"},
    };
}

PartyInput Eq::separate(const PartyInput& a, const PartyInput& aPrime) const {
    CCSIM_CHECK(a.bits != aPrime.bits);
    return a;  // EQ(a, a) = 1, EQ(a', a) = 0
}

Instance Eq::foolingPair(std::uint64_t i) const {
    Payload a = bitsOf(i, n_);
    return {PartyInput{a, {}, {}}, PartyInput{a, {}, {}}};
}

namespace {

const ProblemRegistry::Registrar registered(
    {"eq", "equality: 1 iff Alice's and Bob's n-bit strings are equal"});

}  // namespace

}  // namespace ccsim
