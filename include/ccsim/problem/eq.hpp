#pragma once
/// \file
/// Equality EQ_n: Alice holds a ∈ {0,1}^n, Bob b ∈ {0,1}^n; the answer is 1 iff a = b.
/// Enumeration: instance index = a + 2^n · b. Fooling set {(a, a)}.

#include <ccsim/problem/problem.hpp>

namespace ccsim {

class Eq final : public Problem {
public:
    explicit Eq(std::size_t n);

    std::size_t n() const { return n_; }

    std::string_view name() const override { return "eq"; }
    std::string describe() const override;
    double log2Instances() const override { return 2.0 * static_cast<double>(n_); }
    Instance instance(std::uint64_t index) const override;
    Instance sample(std::uint64_t seed) const override;
    std::vector<Distribution> distributions() const override;
    std::uint64_t truth(const Instance& instance) const override;
    std::optional<ProductSpace> productSpace() const override;
    std::uint64_t truthOf(std::span<const PartyInput* const> parts) const override;
    std::vector<LowerBound> lowerBounds() const override;
    double log2SenderInputs() const override { return static_cast<double>(n_); }
    PartyInput senderInput(std::uint64_t i) const override;
    PartyInput defaultReceiverInput() const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    double log2FoolingSet() const override { return static_cast<double>(n_); }
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "{(a, a)}"; }
    using Problem::show;
    std::string show(const PartyInput& input, PartyId party) const override;

private:
    std::size_t n_;
};

}  // namespace ccsim
