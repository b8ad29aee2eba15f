#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/match2.hpp>
#include <ccsim/task/match.hpp>

namespace ccsim {

Match2Problem::Match2Problem(std::size_t n, std::size_t modulus, std::uint64_t target)
    : n_(n), modulus_(modulus), target_(target) {
    if (n < 1) throw UsageError(fmt::format("n={} must be at least 1", n));
    if (modulus < 3)
        throw UsageError(fmt::format(
            "modulus M={} must be at least 3 (every residue t of Z_2 has 2t = 0)", modulus));
    if (target >= modulus)
        throw UsageError(
            fmt::format("target={} out of range [0, {}] (t < M)", target, modulus - 1));
    if ((2 * target) % modulus == 0)
        throw UsageError(fmt::format(
            "target={} matches itself (2t = 0 mod M={}); pick a t with 2t != 0", target, modulus));
}

std::string Match2Problem::describe() const {
    return fmt::format(
        "MATCH2 at target t={1}: Alice, Bob hold {0} residues each in Z_{2}; answer 1 iff some "
        "token x has t + x = 0 mod {2}",
        n_, target_, modulus_);
}

double Match2Problem::log2Instances() const {
    return 2.0 * static_cast<double>(n_) * std::log2(static_cast<double>(modulus_));
}

std::optional<std::uint64_t> Match2Problem::instanceCount() const {
    std::uint64_t count = 1;
    for (std::size_t k = 0; k < 2 * n_; ++k) {
        if (count > UINT64_MAX / modulus_) return std::nullopt;
        count *= modulus_;
    }
    return count;
}

Instance Match2Problem::instance(std::uint64_t index) const {
    const std::optional<std::uint64_t> count = instanceCount();
    CCSIM_CHECK(count.has_value());
    const std::uint64_t total = *count;
    CCSIM_CHECK_OP(index, <, total);
    Instance out(2);
    for (int party = 0; party < 2; ++party) {
        out[static_cast<std::size_t>(party)].values.resize(n_);
        for (std::size_t k = 0; k < n_; ++k) {
            out[static_cast<std::size_t>(party)].values[k] = index % modulus_;
            index /= modulus_;
        }
    }
    return out;
}

Instance Match2Problem::sample(std::uint64_t seed) const {
    SplitMix64 rng(seed);
    Instance out(2);
    for (auto& input : out) {
        input.values.resize(n_);
        for (auto& v : input.values) v = rng.below(modulus_);
    }
    return out;
}

bool Match2Problem::holdsPartner(const PartyInput& block) const {
    CCSIM_CHECK_OP(block.values.size(), ==, n_);
    return std::any_of(block.values.begin(), block.values.end(),
                       [&](std::uint64_t x) { return match2Pair(target_, x, modulus_); });
}

std::uint64_t Match2Problem::truth(const Instance& instance) const {
    return holdsPartner(instance.at(0)) || holdsPartner(instance.at(1)) ? 1 : 0;
}

std::vector<LowerBound> Match2Problem::lowerBounds() const {
    return {
        {BoundClass::OneWayAliceToBob, 1.0, "1",
         "pigeonhole: Alice's inputs with and without the partner -t differ against Bob's "
         "input without it",
         "the receiver's answer is not charged; the OR protocol meets it"},
        {BoundClass::OneWayBobToAlice, 1.0, "1", "pigeonhole, by symmetry",
         "the receiver's answer is not charged"},
        {BoundClass::TwoWay, 1.0, "1", "fooling set {(partner | none), (none | partner)} of size 2",
         "2 when the answer bit must also be announced; ccsim does not charge it"},
    };
}

PartyInput Match2Problem::block(bool withPartner) const {
    // Filler tokens equal the target: t + t != 0 (mod M) by construction.
    PartyInput input{Payload(), std::vector<std::uint64_t>(n_, target_), {}};
    if (withPartner) input.values[0] = partner();
    return input;
}

PartyInput Match2Problem::senderInput(std::uint64_t i) const {
    CCSIM_CHECK_OP(i, <, std::uint64_t{2});
    return block(i == 1);
}

PartyInput Match2Problem::defaultReceiverInput() const { return block(false); }

PartyInput Match2Problem::separate(const PartyInput& a, const PartyInput& aPrime) const {
    // Against a Bob without the partner the answer is Alice's own bit; inputs that agree on
    // it cannot be separated by any Bob input.
    CCSIM_CHECK(holdsPartner(a) != holdsPartner(aPrime));
    return block(false);
}

Instance Match2Problem::foolingPair(std::uint64_t i) const {
    CCSIM_CHECK_OP(i, <, std::uint64_t{2});
    return {block(i == 0), block(i == 1)};
}

std::string Match2Problem::show(const PartyInput& input, PartyId party) const {
    return fmt::format("{}=({})", party == 0 ? "a" : "b", fmt::join(input.values, ","));
}

std::optional<ProductSpace> Match2Problem::productSpace() const {
    if (!instanceCount()) return std::nullopt;
    std::uint64_t perParty = 1;
    for (std::size_t k = 0; k < n_; ++k) perParty *= modulus_;
    return ProductSpace{{perParty, perParty}, {1, perParty}};
}

std::uint64_t Match2Problem::truthOf(std::span<const PartyInput* const> parts) const {
    return holdsPartner(*parts[0]) || holdsPartner(*parts[1]) ? 1 : 0;
}

namespace {

const ProblemRegistry::Registrar registered(
    {"match2",
     "Match2 at a public target: Alice, Bob hold n residues each; 1 iff one is -t mod M"});

}  // namespace

}  // namespace ccsim
