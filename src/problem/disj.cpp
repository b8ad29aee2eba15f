#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/disj.hpp>

namespace ccsim {

Disj::Disj(std::size_t n) : BitPairProblem(n) {}

std::string Disj::describe() const {
    return fmt::format(
        "DISJ_{0}: Alice a, Bob b in {{0,1}}^{0}; answer 1 iff no i has a_i = b_i = 1", n_);
}

std::vector<Problem::Distribution> Disj::distributions() const {
    return {{"uniform", "a and b uniform in {0,1}^n (they intersect with probability 1 - (3/4)^n)"},
            {"hard",
             "Razborov-style: sets of size about n/4, disjoint with probability 1/2, else "
             "meeting in exactly one element"}};
}

Instance Disj::sampleFrom(std::uint64_t seed, std::string_view distribution) const {
    if (distribution != "hard") return Problem::sampleFrom(seed, distribution);
    // A random order of [n]; a takes k elements, b takes k others (disjoint) or shares a's
    // first (exactly one common element), on a fair coin.
    SplitMix64 rng(seed);
    std::vector<std::size_t> order(n_);
    for (std::size_t i = 0; i < n_; ++i) order[i] = i;
    for (std::size_t i = 0; i + 1 < n_; ++i) std::swap(order[i], order[i + rng.below(n_ - i)]);
    const bool meet = (rng.next() & 1U) != 0;
    const std::size_t k = std::max<std::size_t>(1, (n_ + 2) / 4);
    Payload a(n_);
    Payload b(n_);
    for (std::size_t i = 0; i < k; ++i) a.set(order[i]);
    if (meet) b.set(order[0]);
    const std::size_t others = std::min(meet ? k - 1 : k, n_ - k);
    for (std::size_t i = 0; i < others; ++i) b.set(order[k + i]);
    return {PartyInput{std::move(a), {}, {}}, PartyInput{std::move(b), {}, {}}};
}

std::uint64_t Disj::answer(const Payload& a, const Payload& b) const {
    return a.intersects(b) ? 0 : 1;
}

std::vector<LowerBound> Disj::lowerBounds() const {
    const double n = static_cast<double>(n_);
    return {
        {BoundClass::OneWayAliceToBob, n, "n",
         "pigeonhole: every a needs its own message (b = e_i tells any two apart)",
         "the receiver's answer is not charged"},
        {BoundClass::OneWayBobToAlice, n, "n", "pigeonhole, by symmetry",
         "the receiver's answer is not charged"},
        {BoundClass::TwoWay, n, "n", "Yao 1979, fooling set {(a, not a)} of size 2^n",
         "n + 1 when the answer bit must also be announced; ccsim does not charge it"},
        // C_DISJ ≈ 0.4827 is the limit as the error goes to 0, not a bound at error 1/3: there
        // the bound is Θ(n) with no explicit constant that holds at small n.
        {BoundClass::RandomizedTwoWay, 0.4827 * n, "0.4827 n - o(n) as error -> 0",
         "Braverman, Garg, Pankratov, Weinstein 2013 (C_DISJ ~ 0.4827, the limit as the error "
         "goes to 0); at error 1/3 Theta(n): Kalyanasundaram, Schnitger 1992; Razborov 1992",
         "for information only: ccsim's protocols are deterministic, and neither form has "
         "constants exact at small n",
         /*executable=*/false},
    };
}

PartyInput Disj::separate(const PartyInput& a, const PartyInput& aPrime) const {
    return unitAtFirstDifference(a, aPrime);  // DISJ(a, e_i) = not a_i
}

Instance Disj::foolingPair(std::uint64_t i) const {
    Payload a = bitsOf(i, n_);
    Payload b = ~a;
    return {PartyInput{std::move(a), {}, {}}, PartyInput{std::move(b), {}, {}}};
}

namespace {

const ProblemRegistry::Registrar registered(
    {"disj", "set disjointness: 1 iff Alice's and Bob's n-bit sets do not intersect"});

}  // namespace

}  // namespace ccsim
