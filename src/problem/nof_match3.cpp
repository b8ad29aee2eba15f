#include <cmath>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/nof_match3.hpp>
#include <ccsim/task/match.hpp>

namespace ccsim {

namespace {

constexpr int kPlayers = 3;

[[noreturn]] void noTwoPartyArgument() {
    throw RunError(
        "nof_match3 is a 3-player number-on-forehead problem: the two-party lower-bound "
        "arguments do not apply");
}

}  // namespace

NofMatch3::NofMatch3(std::size_t n, std::size_t modulus, std::uint64_t target)
    : n_(n), modulus_(modulus), target_(target) {
    if (n_ < 1) throw UsageError("nof_match3 needs n >= 1 residues per block");
    if (modulus_ < 2) throw UsageError(fmt::format("nof_match3 needs M >= 2, got M={}", modulus_));
    if (target_ >= modulus_)
        throw UsageError(
            fmt::format("target residue r={} out of range [0, {})", target_, modulus_));
}

std::string NofMatch3::describe() const {
    return fmt::format(
        "NOF-Match3: 3 players, blocks x0, x1, x2 in Z_{}^{} on their foreheads, public r={}; "
        "1 iff r + y + z = 0 mod {} for entries y, z of (r, x0, x1, x2), repeats allowed",
        modulus_, n_, target_, modulus_);
}

double NofMatch3::log2Instances() const {
    return 3.0 * static_cast<double>(n_) * std::log2(static_cast<double>(modulus_));
}

std::optional<std::uint64_t> NofMatch3::instanceCount() const {
    std::uint64_t count = 1;
    for (std::size_t i = 0; i < 3 * n_; ++i) {
        if (count > UINT64_MAX / modulus_) return std::nullopt;
        count *= modulus_;
    }
    return count;
}

Instance NofMatch3::fromBlocks(const std::vector<std::vector<std::uint64_t>>& blocks) const {
    CCSIM_CHECK_OP(blocks.size(), ==, 3u);
    Instance instance(kPlayers);
    for (int player = 0; player < kPlayers; ++player)
        for (int b = 0; b < kPlayers; ++b)
            if (b != player) {
                CCSIM_CHECK_OP(blocks[static_cast<std::size_t>(b)].size(), ==, n_);
                auto& values = instance[static_cast<std::size_t>(player)].values;
                values.insert(values.end(), blocks[static_cast<std::size_t>(b)].begin(),
                              blocks[static_cast<std::size_t>(b)].end());
            }
    return instance;
}

std::vector<std::vector<std::uint64_t>> NofMatch3::blocks(const Instance& instance) const {
    CCSIM_CHECK_OP(instance.size(), ==, 3u);
    const auto& p0 = instance[0].values;  // x1, x2
    const auto& p1 = instance[1].values;  // x0, x2
    CCSIM_CHECK_OP(p0.size(), ==, 2 * n_);
    CCSIM_CHECK_OP(p1.size(), ==, 2 * n_);
    const auto half = static_cast<std::ptrdiff_t>(n_);
    return {{p1.begin(), p1.begin() + half},
            {p0.begin(), p0.begin() + half},
            {p0.begin() + half, p0.end()}};
}

std::vector<std::uint64_t> NofMatch3::sequence(const Instance& instance) const {
    std::vector<std::uint64_t> x = {target_};
    for (const auto& block : blocks(instance)) x.insert(x.end(), block.begin(), block.end());
    return x;
}

Instance NofMatch3::instance(std::uint64_t index) const {
    // Base-M digits, x0 first (most significant), like matchSequence.
    std::vector<std::uint64_t> digits(3 * n_);
    for (std::size_t i = digits.size(); i-- > 0;) {
        digits[i] = index % modulus_;
        index /= modulus_;
    }
    std::vector<std::vector<std::uint64_t>> b(3);
    for (std::size_t i = 0; i < digits.size(); ++i) b[i / n_].push_back(digits[i]);
    return fromBlocks(b);
}

Instance NofMatch3::sample(std::uint64_t seed) const {
    SplitMix64 rng(seed);
    std::vector<std::vector<std::uint64_t>> b(3);
    for (auto& block : b)
        for (std::size_t i = 0; i < n_; ++i) block.push_back(rng.below(modulus_));
    return fromBlocks(b);
}

std::uint64_t NofMatch3::truth(const Instance& instance) const {
    const MatchSpec spec{modulus_, false};
    return match3At(sequence(instance), 0, spec) ? 1 : 0;
}

std::vector<LowerBound> NofMatch3::relatedBounds() const {
    const double nan = std::nan("");
    return {
        {.cls = BoundClass::NofDeterministic,
         .bits = nan,
         .formula = "Omega(n / 4^k), k = 3 players",
         .source = "Rao-Yehudayoff 2015",
         .note = "k-party set disjointness, not this problem",
         .executable = false,
         .problem = "3-party DISJ_n"},
        {.cls = BoundClass::NofRandomizedOneWay,
         .bits = nan,
         .formula = "Theta(n^(1/(k-1))), k = 3 layers",
         .source = "Viola-Wigderson 2007",
         .note = "k-layer pointer jumping, not this problem",
         .executable = false,
         .problem = "3-layer pointer jumping"},
    };
}

PartyInput NofMatch3::senderInput(std::uint64_t) const { noTwoPartyArgument(); }
PartyInput NofMatch3::defaultReceiverInput() const { noTwoPartyArgument(); }
PartyInput NofMatch3::separate(const PartyInput&, const PartyInput&) const { noTwoPartyArgument(); }
Instance NofMatch3::foolingPair(std::uint64_t) const { noTwoPartyArgument(); }

std::string NofMatch3::show(const PartyInput& input, PartyId party) const {
    auto block = [&input, this](std::size_t which) {
        std::string out;
        for (std::size_t i = 0; i < n_; ++i) {
            if (i) out += ',';
            out += std::to_string(input.values.at(which * n_ + i));
        }
        return out;
    };
    std::vector<int> seen;
    for (int b = 0; b < kPlayers; ++b)
        if (b != party) seen.push_back(b);
    return fmt::format("P{}:[x{}={} x{}={}]", party, seen[0], block(0), seen[1], block(1));
}

namespace {

const ProblemRegistry::Registrar registered(
    {"nof_match3",
     "3-player number-on-forehead Match3 at a public target over three blocks of residues"});

}  // namespace

}  // namespace ccsim
