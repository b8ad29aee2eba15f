#pragma once
/// \file
/// Pointer chasing PC_k (docs/architecture.md: "problem", "bound class"): Alice holds f_A: [n] →
/// [n], Bob f_B: [n] → [n] (PartyInput::values, entry u = f(u)). v_0 = 0, v_{t+1} = f_A(v_t) for
/// even t and f_B(v_t) for odd t; the answer is v_k ∈ [n]. Bob is the natural output party.
///
/// Enumeration: a function is the base-n number Σ_u f(u) n^u; instance index = a + n^n · b.
///
/// Lower bounds per class, all with the answer not charged:
///  - one-way, sender S → receiver R (R answers): ceil(log2 |F_S|) for a family F_S of the
///    sender's functions that are pairwise told apart by some receiver input. separate()
///    constructs that input. The family is every function where that is proved (Alice →
///    Bob with odd k; Bob → Alice with even k, or k = 3), the constants when only f(v) at one
///    point matters, and otherwise a "delay line" family (see pc.cpp) that is provably
///    separable but not always maximal: at small n some different f_A are indistinguishable
///    (n = 2, k = 4 has 3 classes of f_A, not 4), so n log n would be wrong there.
///  - two-way: a fooling set of size n, ceil(log2 n).
///  - k rounds with Bob (the wrong player) first: n/8 (Viola 2025), asymptotic, so not
///    executable; randomized Ω(n/k + k) for information.

#include <cstdint>
#include <optional>
#include <vector>

#include <ccsim/problem/problem.hpp>

namespace ccsim {

/// A function [n] → [n] as its table of values.
using PcFunction = std::vector<std::uint64_t>;

/// v_k for the given functions (v_0 = 0, Alice's f_A first).
std::uint64_t pcChase(const PcFunction& fa, const PcFunction& fb, std::size_t k);

class Pc final : public Problem {
public:
    /// n >= 1, k >= 2; UsageError otherwise.
    Pc(std::size_t n, std::size_t k);

    std::size_t n() const { return n_; }
    std::size_t k() const { return k_; }

    std::string_view name() const override { return "pc"; }
    std::string describe() const override;
    double log2Instances() const override;
    /// n^(2n), exactly, if below 2^64.
    std::optional<std::uint64_t> instanceCount() const override;
    Instance instance(std::uint64_t index) const override;
    Instance sample(std::uint64_t seed) const override;
    std::vector<Distribution> distributions() const override;
    Instance sampleFrom(std::uint64_t seed, std::string_view distribution) const override;
    std::uint64_t truth(const Instance& instance) const override;
    std::optional<ProductSpace> productSpace() const override;
    std::uint64_t truthOf(std::span<const PartyInput* const> parts) const override;
    std::vector<LowerBound> lowerBounds() const override;

    /// One-way argument, Alice → Bob.
    double log2SenderInputs() const override;
    PartyInput senderInput(std::uint64_t i) const override;
    PartyInput defaultReceiverInput() const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;

    /// The same argument for Bob → Alice protocols (Alice answers): Bob's family, a fixed
    /// input of Alice, and an f_A that tells two different members apart.
    double log2BobSenderInputs() const;
    PartyInput bobSenderInput(std::uint64_t i) const;
    PartyInput separateForAlice(const PartyInput& b, const PartyInput& bPrime) const;
    /// The witness search's hooks for that argument (Alice's fixed input: f_A ≡ 0).
    std::optional<double> log2ReverseSenderInputs() const override { return log2BobSenderInputs(); }
    PartyInput reverseSenderInput(std::uint64_t i) const override { return bobSenderInput(i); }
    PartyInput defaultReverseReceiverInput() const override { return defaultReceiverInput(); }
    PartyInput separateReverse(const PartyInput& b, const PartyInput& bPrime) const override {
        return separateForAlice(b, bPrime);
    }

    double log2FoolingSet() const override;
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override;
    using Problem::show;
    std::string show(const PartyInput& input, PartyId party) const override;

    /// The sender families of the one-way arguments (see the file comment).
    enum class Family { Constants, All, DelayLine };
    Family aliceFamily() const;
    Family bobFamily() const;

private:
    double log2Family(Family family, bool alice) const;
    PartyInput familyMember(Family family, bool alice, std::uint64_t i) const;

    std::size_t n_;
    std::size_t k_;
};

}  // namespace ccsim
