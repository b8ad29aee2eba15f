#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/disj.hpp>

namespace ccsim {

Disj::Disj(std::size_t n) : n_(n) { CCSIM_CHECK_OP(n, >=, 1U); }

std::string Disj::describe() const {
    return fmt::format(
        "DISJ_{0}: Alice a, Bob b in {{0,1}}^{0}; answer 1 iff no i has a_i = b_i = 1", n_);
}

Instance Disj::instance(std::uint64_t index) const {
    CCSIM_CHECK_OP(2 * n_, <=, 64U);
    const std::uint64_t mask = n_ == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n_) - 1;
    const std::uint64_t high = n_ == 64 ? 0 : index >> n_;
    return {PartyInput{bitsOf(index & mask, n_), {}, {}}, PartyInput{bitsOf(high, n_), {}, {}}};
}

Instance Disj::sample(std::uint64_t seed) const {
    SplitMix64 rng(seed);
    Payload a = randomBits(rng, n_);
    Payload b = randomBits(rng, n_);
    return {PartyInput{std::move(a), {}, {}}, PartyInput{std::move(b), {}, {}}};
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

std::uint64_t Disj::truth(const Instance& instance) const {
    return instance.at(0).bits.intersects(instance.at(1).bits) ? 0 : 1;
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

PartyInput Disj::senderInput(std::uint64_t i) const { return {bitsOf(i, n_), {}, {}}; }

PartyInput Disj::defaultReceiverInput() const { return {Payload(n_), {}, {}}; }

PartyInput Disj::separate(const PartyInput& a, const PartyInput& aPrime) const {
    // b = e_i at a position where they differ: DISJ(a, e_i) = not a_i.
    const Payload diff = a.bits ^ aPrime.bits;
    const std::size_t i = diff.find_first();
    CCSIM_CHECK(i != Payload::npos);
    Payload b(n_);
    b.set(i);
    return {std::move(b), {}, {}};
}

Instance Disj::foolingPair(std::uint64_t i) const {
    Payload a = bitsOf(i, n_);
    Payload b = ~a;
    return {PartyInput{std::move(a), {}, {}}, PartyInput{std::move(b), {}, {}}};
}

std::string Disj::show(const PartyInput& input, PartyId party) const {
    return fmt::format("{}={}", party == 0 ? "a" : "b", bitString(input.bits));
}

std::optional<ProductSpace> Disj::productSpace() const {
    if (2 * n_ > 64) return std::nullopt;
    return ProductSpace{{std::uint64_t{1} << n_, std::uint64_t{1} << n_},
                        {1, std::uint64_t{1} << n_}};
}

std::uint64_t Disj::truthOf(std::span<const PartyInput* const> parts) const {
    return parts[0]->bits.intersects(parts[1]->bits) ? 0 : 1;
}

namespace {

const ProblemRegistry::Registrar registered(
    {"disj", "set disjointness: 1 iff Alice's and Bob's n-bit sets do not intersect"});

}  // namespace

}  // namespace ccsim
