#pragma once
/// \file
/// Inner product IP_n: Alice holds a ∈ {0,1}^n, Bob b ∈ {0,1}^n; the answer is
/// sum_i a_i b_i mod 2, the parity of the coordinates where both are 1.
/// Enumeration: instance index = a + 2^n · b.
///
/// The one-way arguments run both ways (b = e_i, resp. a = e_i, tells two inputs apart at a
/// coordinate i where they differ). IP has no large fooling set: every fooling set of a matrix
/// has at most (rank + 1)^2 cells over any field (Dietzfelbinger, Hromkovič, Schnitger 1996),
/// and IP_n has rank n over GF(2). The one here is {(a, not a) : |a| <= 1}, of size n + 1; the
/// two-way bound n rests on rank, which the witness search does not execute.

#include <ccsim/problem/bit_pair.hpp>

namespace ccsim {

class Ip final : public BitPairProblem {
public:
    explicit Ip(std::size_t n);

    std::string_view name() const override { return "ip"; }
    std::string describe() const override;
    std::vector<Distribution> distributions() const override;
    std::vector<LowerBound> lowerBounds() const override;
    std::uint64_t answer(const Payload& a, const Payload& b) const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    /// Bob → Alice: the same argument with the parties swapped (IP is symmetric).
    std::optional<double> log2ReverseSenderInputs() const override {
        return static_cast<double>(n_);
    }
    PartyInput reverseSenderInput(std::uint64_t i) const override { return senderInput(i); }
    PartyInput defaultReverseReceiverInput() const override { return defaultReceiverInput(); }
    PartyInput separateReverse(const PartyInput& b, const PartyInput& bPrime) const override {
        return separate(b, bPrime);
    }
    /// {(a, not a) : |a| <= 1}: pair 0 is (0, 1^n), pair i >= 1 is (e_{i-1}, not e_{i-1}).
    double log2FoolingSet() const override;
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "{(a, not a) : |a| <= 1}"; }
};

}  // namespace ccsim
