#include <cmath>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/ip.hpp>

namespace ccsim {

namespace {

std::uint64_t innerProduct(const Payload& a, const Payload& b) {
    CCSIM_CHECK_OP(a.size(), ==, b.size());
    return (a & b).count() % 2;
}

}  // namespace

Ip::Ip(std::size_t n) : BitPairProblem(n) {}

std::string Ip::describe() const {
    return fmt::format(
        "IP_{0}: Alice a, Bob b in {{0,1}}^{0}; answer sum_i a_i b_i mod 2 (inner product)", n_);
}

std::vector<Problem::Distribution> Ip::distributions() const {
    return {{"uniform",
             "a and b uniform in {0,1}^n (the answer is 1 with probability "
             "(1 - 2^-n) / 2)"}};
}

std::uint64_t Ip::answer(const Payload& a, const Payload& b) const { return innerProduct(a, b); }

std::vector<LowerBound> Ip::lowerBounds() const {
    const double n = static_cast<double>(n_);
    return {
        {BoundClass::OneWayAliceToBob, n, "n",
         "pigeonhole: every a needs its own message (b = e_i tells any two apart)",
         "the receiver's answer is not charged"},
        {BoundClass::OneWayBobToAlice, n, "n",
         "pigeonhole, by symmetry (a = e_i tells any two apart)",
         "the receiver's answer is not charged"},
        // Rank, not a fooling set: IP_n's fooling sets have at most (n + 1)^2 cells, so the
        // witness search (which executes fooling sets) could visit all of them without a
        // collision below n bits and wrongly call the run inconsistent. Hence not executable.
        {BoundClass::TwoWay, n, "n",
         "rank (Kushilevitz, Nisan 1997): over Q, M_IP has rank 2^n - 1 and J - M_IP "
         "rank 2^n, so a protocol tree has >= 2^(n+1) - 1 leaves and D >= n + 1; randomized "
         "Omega(n) from discrepancy 2^(-n/2) (Lindsey's lemma; Chor, Goldreich 1988)",
         "n + 1 when the answer bit must also be announced; ccsim does not charge it. Exact, "
         "but not executed: ccsim's witness search runs fooling sets, and IP_n has none larger "
         "than (n + 1)^2 (Dietzfelbinger, Hromkovic, Schnitger 1996)",
         /*executable=*/false},
    };
}

PartyInput Ip::separate(const PartyInput& a, const PartyInput& aPrime) const {
    return unitAtFirstDifference(a, aPrime);  // IP(a, e_i) = a_i
}

double Ip::log2FoolingSet() const { return std::log2(static_cast<double>(n_ + 1)); }

// (a, not a) has IP 0; crossed, (a, not a') has IP |a \ a'| mod 2, and of two different sets of
// size <= 1 one is a singleton outside the other, so one of the crossed pairs has IP 1.
Instance Ip::foolingPair(std::uint64_t i) const {
    CCSIM_CHECK_OP(i, <=, n_);
    Payload a(n_);
    if (i > 0) a.set(i - 1);
    Payload b = ~a;
    return {PartyInput{std::move(a), {}, {}}, PartyInput{std::move(b), {}, {}}};
}

namespace {

const ProblemRegistry::Registrar registered(
    {"ip", "inner product: the parity of the coordinates where both n-bit strings are 1"});

}  // namespace

}  // namespace ccsim
