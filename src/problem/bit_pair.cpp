#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/bit_pair.hpp>

namespace ccsim {

BitPairProblem::BitPairProblem(std::size_t n, std::string alice, std::string bob)
    : n_(n), alice_(std::move(alice)), bob_(std::move(bob)) {
    CCSIM_CHECK_OP(n, >=, 1U);
}

Instance BitPairProblem::instance(std::uint64_t index) const {
    CCSIM_CHECK_OP(2 * n_, <=, 64U);
    const std::uint64_t mask = n_ == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n_) - 1;
    const std::uint64_t high = n_ == 64 ? 0 : index >> n_;
    return {PartyInput{bitsOf(index & mask, n_), {}, {}}, PartyInput{bitsOf(high, n_), {}, {}}};
}

Instance BitPairProblem::sample(std::uint64_t seed) const {
    SplitMix64 rng(seed);
    Payload a = randomBits(rng, n_);
    Payload b = randomBits(rng, n_);
    return {PartyInput{std::move(a), {}, {}}, PartyInput{std::move(b), {}, {}}};
}

std::optional<ProductSpace> BitPairProblem::productSpace() const {
    if (2 * n_ > 64) return std::nullopt;
    return ProductSpace{{std::uint64_t{1} << n_, std::uint64_t{1} << n_},
                        {1, std::uint64_t{1} << n_}};
}

PartyInput BitPairProblem::senderInput(std::uint64_t i) const { return {bitsOf(i, n_), {}, {}}; }

PartyInput BitPairProblem::defaultReceiverInput() const { return {Payload(n_), {}, {}}; }

std::string BitPairProblem::show(const PartyInput& input, PartyId party) const {
    return fmt::format("{}={}", party == 0 ? alice_ : bob_, bitString(input.bits));
}

PartyInput BitPairProblem::unitAtFirstDifference(const PartyInput& a,
                                                 const PartyInput& aPrime) const {
    const Payload diff = a.bits ^ aPrime.bits;
    const std::size_t i = diff.find_first();
    CCSIM_CHECK(i != Payload::npos);
    Payload e(n_);
    e.set(i);
    return {std::move(e), {}, {}};
}

}  // namespace ccsim
