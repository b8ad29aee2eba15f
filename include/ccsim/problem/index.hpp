#pragma once
/// \file
/// INDEX_n: Alice holds x ∈ {0,1}^n, Bob an index i ∈ [0, n); the answer is x_i.
/// Enumeration: instance index = x + 2^n · i.
/// Fooling set {(e_i, i)}: all answers 1; crossing gives (e_i, j) with answer 0.

#include <ccsim/problem/problem.hpp>

namespace ccsim {

class Index final : public Problem {
public:
    explicit Index(std::size_t n);

    std::size_t n() const { return n_; }

    std::string_view name() const override { return "index"; }
    std::string describe() const override;
    double log2Instances() const override;
    /// n · 2^n, computed exactly (log2 n is irrational for most n).
    std::optional<std::uint64_t> instanceCount() const override;
    Instance instance(std::uint64_t index) const override;
    Instance sample(std::uint64_t seed) const override;
    std::vector<Distribution> distributions() const override;
    Instance sampleFrom(std::uint64_t seed, std::string_view distribution) const override;
    std::uint64_t truth(const Instance& instance) const override;
    std::optional<ProductSpace> productSpace() const override;
    std::uint64_t truthOf(std::span<const PartyInput* const> parts) const override;
    std::vector<LowerBound> lowerBounds() const override;
    double log2SenderInputs() const override { return static_cast<double>(n_); }
    PartyInput senderInput(std::uint64_t i) const override;
    PartyInput defaultReceiverInput() const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    double log2FoolingSet() const override;
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "{(e_i, i)}"; }
    using Problem::show;
    std::string show(const PartyInput& input, PartyId party) const override;

private:
    std::size_t n_;
};

}  // namespace ccsim
