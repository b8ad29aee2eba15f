#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/problem.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

std::string_view nameOf(BoundClass cls) {
    switch (cls) {
        case BoundClass::OneWayAliceToBob:
            return "one-way deterministic (Alice -> Bob)";
        case BoundClass::OneWayBobToAlice:
            return "one-way deterministic (Bob -> Alice)";
        case BoundClass::TwoWay:
            return "two-way deterministic";
        case BoundClass::RandomizedOneWay:
            return "one-way randomized (Alice -> Bob)";
        case BoundClass::RandomizedTwoWay:
            return "two-way randomized";
        case BoundClass::RoundLimited:
            return "round-limited deterministic";
        case BoundClass::RandomizedRoundLimited:
            return "round-limited randomized";
        case BoundClass::NofDeterministic:
            return "number-on-forehead deterministic";
        case BoundClass::NofRandomizedOneWay:
            return "number-on-forehead one-way randomized";
    }
    return "?";
}

bool isDeterministic(BoundClass cls) {
    return cls == BoundClass::OneWayAliceToBob || cls == BoundClass::OneWayBobToAlice ||
           cls == BoundClass::TwoWay || cls == BoundClass::RoundLimited ||
           cls == BoundClass::NofDeterministic;
}

std::optional<std::uint64_t> Problem::instanceCount() const {
    const double log2n = log2Instances();
    if (log2n >= 64.0) return std::nullopt;
    // Exact for powers of two. Not llround: it overflows (undefined) from 2^63 on.
    const double count = std::round(std::exp2(log2n));
    if (count >= 0x1p64) return std::nullopt;
    return static_cast<std::uint64_t>(count);
}

std::uint64_t Problem::truthOf(std::span<const PartyInput* const> parts) const {
    Instance instance;
    for (const PartyInput* part : parts) instance.push_back(*part);
    return truth(instance);
}

PartyInput Problem::reverseSenderInput(std::uint64_t) const {
    throw InternalError(fmt::format("problem {} has no Bob -> Alice one-way argument", name()));
}

PartyInput Problem::defaultReverseReceiverInput() const { return reverseSenderInput(0); }

PartyInput Problem::separateReverse(const PartyInput&, const PartyInput&) const {
    return reverseSenderInput(0);
}

std::optional<LowerBound> Problem::lowerBound(BoundClass cls) const {
    for (LowerBound& b : lowerBounds())
        if (b.cls == cls) return b;
    return std::nullopt;
}

std::string Problem::show(const Instance& instance) const {
    std::string out;
    for (std::size_t p = 0; p < instance.size(); ++p) {
        if (p) out += ' ';
        out += show(instance[p], static_cast<PartyId>(p));
    }
    return out;
}

Payload randomBits(SplitMix64& rng, std::size_t n) {
    Payload out(n);
    for (std::size_t i = 0; i < n; i += 64) {
        const std::uint64_t word = rng.next();
        for (std::size_t j = 0; j < 64 && i + j < n; ++j) out[i + j] = ((word >> j) & 1U) != 0;
    }
    return out;
}

std::vector<Problem::Distribution> Problem::distributions() const {
    return {{"uniform", "every input drawn uniformly"}};
}

void Problem::checkDistribution(std::string_view distribution) const {
    std::vector<std::string> names;
    for (const Distribution& d : distributions()) names.push_back(d.name);
    if (std::find(names.begin(), names.end(), distribution) != names.end()) return;
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    throw UsageError(fmt::format("{} has no distribution '{}'{}; known: {}", name(), distribution,
                                 didYouMean(distribution, names), list));
}

Instance Problem::sampleFrom(std::uint64_t seed, std::string_view distribution) const {
    if (distribution == "uniform") return sample(seed);
    checkDistribution(distribution);
    throw InternalError(
        fmt::format("{} offers distribution {} but does not sample it", name(), distribution));
}

}  // namespace ccsim

namespace ccsim {

Payload bitsOf(std::uint64_t value, std::size_t n) {
    Payload out(n);
    for (std::size_t i = 0; i < n && i < 64; ++i) out[i] = ((value >> i) & 1U) != 0;
    return out;
}

}  // namespace ccsim

namespace ccsim {}  // namespace ccsim
