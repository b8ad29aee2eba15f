#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/gt.hpp>

namespace ccsim {

Gt::Gt(std::size_t n) : BitPairProblem(n, "x", "y") {}

std::string Gt::describe() const {
    return fmt::format(
        "GT_{0}: Alice x, Bob y in [0, 2^{0}) as {0}-bit strings, bit 0 first; answer 1 iff x > y",
        n_);
}

bool Gt::greater(const Payload& x, const Payload& y) {
    CCSIM_CHECK_OP(x.size(), ==, y.size());
    for (std::size_t i = x.size(); i-- > 0;)
        if (x[i] != y[i]) return x[i];
    return false;
}

std::vector<Problem::Distribution> Gt::distributions() const {
    return {{"uniform", "x and y uniform in [0, 2^n) (x > y with probability (1 - 2^-n) / 2)"}};
}

std::uint64_t Gt::answer(const Payload& a, const Payload& b) const { return greater(a, b) ? 1 : 0; }

std::vector<LowerBound> Gt::lowerBounds() const {
    const double n = static_cast<double>(n_);
    return {
        {BoundClass::OneWayAliceToBob, n, "n",
         "pigeonhole: every x needs its own message (y = min(x, x') tells any two apart)",
         "the receiver's answer is not charged"},
        {BoundClass::OneWayBobToAlice, n, "n",
         "pigeonhole, by symmetry (x = max(y, y') tells any two apart)",
         "the receiver's answer is not charged"},
        {BoundClass::TwoWay, n, "n",
         "fooling set {(x, x)} of size 2^n: the diagonal has value 0, and x > x' gives "
         "GT(x, x') = 1",
         "n + 1 when the answer bit must also be announced; ccsim does not charge it"},
    };
}

PartyInput Gt::separate(const PartyInput& a, const PartyInput& aPrime) const {
    CCSIM_CHECK(a.bits != aPrime.bits);
    // y = min(a, a'): GT(max, min) = 1, GT(min, min) = 0.
    return greater(a.bits, aPrime.bits) ? aPrime : a;
}

Instance Gt::foolingPair(std::uint64_t i) const {
    Payload x = bitsOf(i, n_);
    return {PartyInput{x, {}, {}}, PartyInput{x, {}, {}}};
}

namespace {

const ProblemRegistry::Registrar registered(
    {"gt", "greater-than: 1 iff Alice's n-bit number exceeds Bob's"});

}  // namespace

}  // namespace ccsim
