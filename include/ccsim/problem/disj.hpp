#pragma once
/// \file
/// Set disjointness DISJ_n: Alice holds a ∈ {0,1}^n, Bob b ∈ {0,1}^n; the answer is 1 iff the
/// sets are disjoint (no i with a_i = b_i = 1).
/// Enumeration: instance index = a + 2^n · b (a and b read as binary numbers, bit 0 first).
/// Fooling set {(a, not a)}: all disjoint; crossing two of them makes an intersecting pair.

#include <ccsim/problem/bit_pair.hpp>

namespace ccsim {

class Disj final : public BitPairProblem {
public:
    explicit Disj(std::size_t n);

    std::string_view name() const override { return "disj"; }
    std::string describe() const override;
    std::vector<Distribution> distributions() const override;
    Instance sampleFrom(std::uint64_t seed, std::string_view distribution) const override;
    std::vector<LowerBound> lowerBounds() const override;
    std::uint64_t answer(const Payload& a, const Payload& b) const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    double log2FoolingSet() const override { return static_cast<double>(n_); }
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "{(a, not a)}"; }
};

}  // namespace ccsim
