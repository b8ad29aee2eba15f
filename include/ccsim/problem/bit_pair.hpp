#pragma once
/// \file
/// The common part of the two-party problems on two n-bit strings (disj, eq, gt, ip): Alice
/// holds a ∈ {0,1}^n, Bob b ∈ {0,1}^n, read with bit 0 first as bitsOf writes them.
/// Enumeration: instance index = a + 2^n · b. A derived problem names its answer on one pair
/// (answer()) and its bounds, fooling set and separating inputs; sampling is uniform unless
/// it overrides sample().

#include <ccsim/problem/problem.hpp>

namespace ccsim {

class BitPairProblem : public Problem {
public:
    std::size_t n() const { return n_; }

    double log2Instances() const override { return 2.0 * static_cast<double>(n_); }
    Instance instance(std::uint64_t index) const override;
    /// a and b uniform and independent.
    Instance sample(std::uint64_t seed) const override;
    std::uint64_t truth(const Instance& instance) const override {
        return answer(instance.at(0).bits, instance.at(1).bits);
    }
    std::optional<ProductSpace> productSpace() const override;
    std::uint64_t truthOf(std::span<const PartyInput* const> parts) const override {
        return answer(parts[0]->bits, parts[1]->bits);
    }
    double log2SenderInputs() const override { return static_cast<double>(n_); }
    PartyInput senderInput(std::uint64_t i) const override;
    PartyInput defaultReceiverInput() const override;
    using Problem::show;
    /// "a=0110" (or the problem's own letters).
    std::string show(const PartyInput& input, PartyId party) const override;

    /// The answer on Alice's a and Bob's b (both n bits).
    virtual std::uint64_t answer(const Payload& a, const Payload& b) const = 0;

protected:
    /// n >= 1; `alice` and `bob` name the inputs in show() ("a"/"b", "x"/"y").
    BitPairProblem(std::size_t n, std::string alice = "a", std::string bob = "b");
    /// e_i at the lowest coordinate i where a and a' differ (they must): the other party's
    /// input that tells them apart for DISJ (not a_i) and IP (a_i).
    PartyInput unitAtFirstDifference(const PartyInput& a, const PartyInput& aPrime) const;

    std::size_t n_;

private:
    std::string alice_, bob_;
};

}  // namespace ccsim
