#pragma once
/// \file
/// The two-party Match2 problem at a public target (docs/theory/match2_or.md: "Match2 on the same
/// inputs is decomposable"). Parameters n, M and a public target residue t with 2t ≢ 0 (mod M).
/// Alice holds n residues a_1..a_n ∈ Z_M, Bob n residues b_1..b_n ∈ Z_M. The sequence is
/// (t, a_1..a_n, b_1..b_n) and the answer is Match2 at the target: 1 iff some token x
/// of Alice or Bob has t + x ≡ 0 (mod M). Since 2t ≢ 0, the target never matches itself, so
/// the answer is the same with and without distinctness.
///
/// The answer is an OR of Alice's and Bob's "I hold the partner −t" bits, so one bit from
/// either side suffices, and one bit is needed:
///  - one-way: Alice's inputs (t, …, t) and (−t, t, …, t) have different answers against
///    Bob's (t, …, t), so they need different messages: 1 bit.
///  - two-way: fooling set {((−t, t, …), (t, …, t)), ((t, …, t), (−t, t, …))}, both answers 1,
///    the crossed pair (t, …, t) vs (t, …, t) has answer 0: log2 2 = 1 bit.
/// Enumeration: instance index = Σ_k a_k M^k + M^n Σ_k b_k M^k (values as residues).

#include <cstdint>

#include <ccsim/problem/problem.hpp>

namespace ccsim {

class Match2Problem final : public Problem {
public:
    /// UsageError unless n >= 1, M >= 3, t < M and 2t ≢ 0 (mod M).
    Match2Problem(std::size_t n, std::size_t modulus, std::uint64_t target);

    std::size_t n() const { return n_; }
    std::size_t modulus() const { return modulus_; }
    std::uint64_t target() const { return target_; }
    /// −t mod M: the residue that matches the target.
    std::uint64_t partner() const { return (modulus_ - target_) % modulus_; }

    std::string_view name() const override { return "match2"; }
    std::string describe() const override;
    double log2Instances() const override;
    /// M^(2n), exactly.
    std::optional<std::uint64_t> instanceCount() const override;
    Instance instance(std::uint64_t index) const override;
    Instance sample(std::uint64_t seed) const override;
    std::uint64_t truth(const Instance& instance) const override;
    std::optional<ProductSpace> productSpace() const override;
    std::uint64_t truthOf(std::span<const PartyInput* const> parts) const override;
    std::vector<LowerBound> lowerBounds() const override;
    /// Two sender inputs: without the partner (i = 0) and with it at token 1 (i = 1).
    double log2SenderInputs() const override { return 1.0; }
    PartyInput senderInput(std::uint64_t i) const override;
    PartyInput defaultReceiverInput() const override;
    /// Bob's (t, …, t); a and a' must differ in whether they hold the partner.
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    double log2FoolingSet() const override { return 1.0; }
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "{(partner | none), (none | partner)}"; }
    using Problem::show;
    std::string show(const PartyInput& input, PartyId party) const override;

    /// True if the block holds a token matching the target.
    bool holdsPartner(const PartyInput& block) const;

private:
    PartyInput block(bool withPartner) const;

    std::size_t n_;
    std::size_t modulus_;
    std::uint64_t target_;
};

}  // namespace ccsim
