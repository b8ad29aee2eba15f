#pragma once
/// \file
/// Greater-than GT_n: Alice holds x, Bob y, both n-bit numbers read with bit 0 first (the value
/// is sum_i x_i 2^i, as bitsOf writes it); the answer is 1 iff x > y.
/// Enumeration: instance index = x + 2^n · y. Fooling set {(x, x)}: the diagonal has value 0,
/// and of two crossed pairs (x, x'), (x', x) with x ≠ x' the one with the larger first has 1.

#include <ccsim/problem/bit_pair.hpp>

namespace ccsim {

class Gt final : public BitPairProblem {
public:
    explicit Gt(std::size_t n);

    std::string_view name() const override { return "gt"; }
    std::string describe() const override;
    std::vector<Distribution> distributions() const override;
    std::vector<LowerBound> lowerBounds() const override;
    std::uint64_t answer(const Payload& a, const Payload& b) const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    double log2FoolingSet() const override { return static_cast<double>(n_); }
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "{(x, x)}"; }

    /// True iff x > y as numbers with bit 0 first (the highest differing bit decides); any
    /// equal lengths, not only n <= 64.
    static bool greater(const Payload& x, const Payload& y);
};

}  // namespace ccsim
