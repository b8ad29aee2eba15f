#pragma once
/// \file
/// Equality EQ_n: Alice holds a ∈ {0,1}^n, Bob b ∈ {0,1}^n; the answer is 1 iff a = b.
/// Enumeration: instance index = a + 2^n · b. Fooling set {(a, a)}.

#include <ccsim/problem/bit_pair.hpp>

namespace ccsim {

class Eq final : public BitPairProblem {
public:
    explicit Eq(std::size_t n);

    std::string_view name() const override { return "eq"; }
    std::string describe() const override;
    Instance sample(std::uint64_t seed) const override;
    std::vector<Distribution> distributions() const override;
    std::vector<LowerBound> lowerBounds() const override;
    std::uint64_t answer(const Payload& a, const Payload& b) const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    double log2FoolingSet() const override { return static_cast<double>(n_); }
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "{(a, a)}"; }
};

}  // namespace ccsim
