#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/error.hpp>
#include <ccsim/problem/pc.hpp>

namespace ccsim {

namespace {

/// n^e if it is below 2^64.
std::optional<std::uint64_t> power(std::uint64_t n, std::uint64_t e) {
    std::uint64_t out = 1;
    for (std::uint64_t i = 0; i < e; ++i) {
        if (n != 0 && out > UINT64_MAX / n) return std::nullopt;
        out *= n;
    }
    return out;
}

/// ceil(log2(n^e)), exactly while n^e fits in 64 bits.
double ceilLog2Power(std::uint64_t n, std::uint64_t e) {
    if (n <= 1 || e == 0) return 0.0;
    if (const std::optional<std::uint64_t> p = power(n, e)) {
        double bits = 0;
        for (std::uint64_t x = *p - 1; x != 0; x >>= 1) ++bits;
        return bits;
    }
    return std::ceil(static_cast<double>(e) * std::log2(static_cast<double>(n)));
}

/// The function whose base-n digits are `index`, with the digits placed at `slots` and
/// fixed values elsewhere.
PcFunction digitsAt(std::uint64_t index, std::size_t n, const std::vector<std::size_t>& slots,
                    PcFunction base) {
    for (std::size_t s : slots) {
        base[s] = index % n;
        index /= n;
    }
    return base;
}

/// The identity on [n].
PcFunction identity(std::size_t n) {
    PcFunction id(n);
    for (std::size_t x = 0; x < n; ++x) id[x] = x;
    return id;
}

std::size_t firstDifference(const PcFunction& f, const PcFunction& g) {
    CCSIM_CHECK_OP(f.size(), ==, g.size());
    for (std::size_t u = 0; u < f.size(); ++u)
        if (f[u] != g[u]) return u;
    CCSIM_CHECK(false && "separate() needs two different functions");
    return 0;
}

/// The router of the delay-line argument: r(i) = i + 1 for i < d - 1 and r(d - 1) = u, so a
/// chain that applies r to 0, 1, ... walks 0 → 1 → … → d - 1 → u (injective on [0, d), as
/// the families only differ at points u outside [1, d - 1]). Then r(a) != r(a') is arranged for the
/// two values a != a' the two functions take at u, and the rest maps to 0.
PcFunction route(std::size_t n, std::size_t d, std::size_t u, std::uint64_t a,
                 std::uint64_t aPrime) {
    CCSIM_CHECK(n >= 2 && a != aPrime && a < n && aPrime < n);
    PcFunction r(n, 0);
    std::vector<bool> fixed(n, false);
    for (std::size_t i = 0; i < d; ++i) {
        r[i] = i + 1 < d ? i + 1 : u;
        fixed[i] = true;
    }
    if (fixed[a] && !fixed[aPrime]) {
        r[aPrime] = (r[a] + 1) % n;
    } else if (!fixed[a] && fixed[aPrime]) {
        r[a] = (r[aPrime] + 1) % n;
    } else if (!fixed[a] && !fixed[aPrime]) {
        r[a] = 0;
        r[aPrime] = 1;
    }
    CCSIM_CHECK(r[a] != r[aPrime]);
    return r;
}

}  // namespace

std::uint64_t pcChase(const PcFunction& fa, const PcFunction& fb, std::size_t k) {
    std::uint64_t v = 0;
    for (std::size_t t = 0; t < k; ++t) {
        const PcFunction& f = t % 2 == 0 ? fa : fb;
        CCSIM_CHECK_OP(v, <, f.size());
        v = f[v];
    }
    return v;
}

Pc::Pc(std::size_t n, std::size_t k) : n_(n), k_(k) {
    if (n < 1) throw UsageError(fmt::format("pointer chasing needs n >= 1 (got n={})", n));
    if (k < 2) throw UsageError(fmt::format("pointer chasing needs k >= 2 (got k={})", k));
}

std::string Pc::describe() const {
    return fmt::format("PC_{0} on [{1}]: Alice f_A, Bob f_B: [{1}] -> [{1}]; v_0 = 0, answer v_{0}",
                       k_, n_);
}

double Pc::log2Instances() const {
    return 2.0 * static_cast<double>(n_) * std::log2(static_cast<double>(n_));
}

std::optional<std::uint64_t> Pc::instanceCount() const { return power(n_, 2 * n_); }

Instance Pc::instance(std::uint64_t index) const {
    const std::optional<std::uint64_t> perParty = power(n_, n_);
    CCSIM_CHECK(perParty.has_value());
    std::vector<std::size_t> all(n_);
    for (std::size_t u = 0; u < n_; ++u) all[u] = u;
    const PcFunction zero(n_, 0);
    return {PartyInput{Payload(), digitsAt(index % *perParty, n_, all, zero), {}},
            PartyInput{Payload(), digitsAt(index / *perParty, n_, all, zero), {}}};
}

std::vector<Problem::Distribution> Pc::distributions() const {
    return {{"uniform", "f_A and f_B uniform over all functions [n] -> [n]"},
            {"hard", "the lower-bound proof's distribution, which is the uniform one"}};
}

Instance Pc::sampleFrom(std::uint64_t seed, std::string_view distribution) const {
    return Problem::sampleFrom(seed, distribution == "hard" ? "uniform" : distribution);
}

Instance Pc::sample(std::uint64_t seed) const {
    SplitMix64 rng(seed);
    PcFunction fa(n_);
    PcFunction fb(n_);
    for (auto& v : fa) v = rng.below(n_);
    for (auto& v : fb) v = rng.below(n_);
    return {PartyInput{Payload(), std::move(fa), {}}, PartyInput{Payload(), std::move(fb), {}}};
}

std::uint64_t Pc::truth(const Instance& instance) const {
    const PcFunction& fa = instance.at(0).values;
    const PcFunction& fb = instance.at(1).values;
    CCSIM_CHECK_OP(fa.size(), ==, n_);
    CCSIM_CHECK_OP(fb.size(), ==, n_);
    return pcChase(fa, fb, k_);
}

// Which sender family the one-way arguments use (proofs in docs/theory/pc_rnn.md):
//  Alice → Bob: k = 2 only f_A(0) matters (constants, g = id separates); odd k: every f_A
//  (g ≡ u, a point where they differ, puts both chains at u before Alice's last step); even
//  k = 2m >= 4: f_A = id on [0, m-2], free elsewhere (delay line), if n >= m.
//  Bob → Alice: even k: every f_B (f_A ≡ u); odd k = 2m+1: f_B = id on [1, m-1], free on 0 and
//  [m, n) (for m = 1 that is every f_B), if n >= m.
//  Elsewhere the constants, which every k separates (the other party's identity).
Pc::Family Pc::aliceFamily() const {
    if (k_ == 2) return Family::Constants;
    if (k_ % 2 == 1) return Family::All;
    return n_ >= k_ / 2 ? Family::DelayLine : Family::Constants;
}

Pc::Family Pc::bobFamily() const {
    if (k_ % 2 == 0 || k_ == 3) return Family::All;
    return n_ >= k_ / 2 ? Family::DelayLine : Family::Constants;
}

double Pc::log2Family(Family family, bool /*alice*/) const {
    const double lg = std::log2(static_cast<double>(n_));
    switch (family) {
        case Family::Constants:
            return lg;
        case Family::All:
            return static_cast<double>(n_) * lg;
        case Family::DelayLine:
            // Both delay lines fix m - 1 points: m = k/2 (Alice, even k), (k-1)/2 (Bob, odd k).
            return static_cast<double>(n_ - k_ / 2 + 1) * lg;
    }
    return 0;
}

PartyInput Pc::familyMember(Family family, bool alice, std::uint64_t i) const {
    const std::size_t m = k_ / 2;
    PcFunction base(n_, 0);
    std::vector<std::size_t> slots;
    switch (family) {
        case Family::Constants:
            CCSIM_CHECK_OP(i, <, n_);
            return {Payload(), PcFunction(n_, i), {}};
        case Family::All:
            for (std::size_t u = 0; u < n_; ++u) slots.push_back(u);
            break;
        case Family::DelayLine:
            // Alice: identity on [0, m-2]; Bob: identity on [1, m-1].
            for (std::size_t u = 0; u < n_; ++u) {
                const bool onLine = alice ? u + 2 <= m : (u >= 1 && u + 1 <= m);
                if (onLine)
                    base[u] = u;
                else
                    slots.push_back(u);
            }
            break;
    }
    const std::optional<std::uint64_t> size = power(n_, slots.size());
    CCSIM_CHECK(!size || i < *size);
    return {Payload(), digitsAt(i, n_, slots, std::move(base)), {}};
}

double Pc::log2SenderInputs() const { return log2Family(aliceFamily(), true); }

PartyInput Pc::senderInput(std::uint64_t i) const { return familyMember(aliceFamily(), true, i); }

PartyInput Pc::defaultReceiverInput() const { return {Payload(), PcFunction(n_, 0), {}}; }

PartyInput Pc::separate(const PartyInput& a, const PartyInput& aPrime) const {
    const PcFunction& f = a.values;
    const PcFunction& g = aPrime.values;
    const std::size_t u = firstDifference(f, g);
    switch (aliceFamily()) {
        case Family::Constants:
            return {Payload(), identity(n_), {}};
        case Family::All:
            return {Payload(), PcFunction(n_, u), {}};
        case Family::DelayLine:
            return {Payload(), route(n_, k_ / 2 - 1, u, f[u], g[u]), {}};
    }
    return {};
}

double Pc::log2BobSenderInputs() const { return log2Family(bobFamily(), false); }

PartyInput Pc::bobSenderInput(std::uint64_t i) const { return familyMember(bobFamily(), false, i); }

PartyInput Pc::separateForAlice(const PartyInput& b, const PartyInput& bPrime) const {
    const PcFunction& f = b.values;
    const PcFunction& g = bPrime.values;
    const std::size_t u = firstDifference(f, g);
    switch (bobFamily()) {
        case Family::Constants:
            return {Payload(), identity(n_), {}};
        case Family::All:
            if (k_ % 2 == 0) return {Payload(), PcFunction(n_, u), {}};
            return {Payload(), route(n_, 1, u, f[u], g[u]), {}};  // k = 3
        case Family::DelayLine:
            return {Payload(), route(n_, k_ / 2, u, f[u], g[u]), {}};
    }
    return {};
}

double Pc::log2FoolingSet() const { return std::log2(static_cast<double>(n_)); }

// Even k: A_c ≡ c and B_c = [x != c] give v_k = 0 on (A_c, B_c) and 1 on (A_c, B_d), d != c.
// Odd k: B_c ≡ c and A_c = [x != c]: the pairs end at A_c(c) = 0, the crossed ones at 1.
Instance Pc::foolingPair(std::uint64_t i) const {
    CCSIM_CHECK_OP(i, <, n_);
    PcFunction constant(n_, i);
    PcFunction indicator(n_, 1);
    indicator[i] = 0;
    if (n_ == 1) indicator[0] = 0;
    if (k_ % 2 == 0)
        return {PartyInput{Payload(), std::move(constant), {}},
                PartyInput{Payload(), std::move(indicator), {}}};
    return {PartyInput{Payload(), std::move(indicator), {}},
            PartyInput{Payload(), std::move(constant), {}}};
}

std::string Pc::foolingSetName() const {
    return k_ % 2 == 0 ? "{(f_A = c, f_B = [x != c])}" : "{(f_A = [x != c], f_B = c)}";
}

std::vector<LowerBound> Pc::lowerBounds() const {
    const double n = static_cast<double>(n_);
    const double k = static_cast<double>(k_);
    auto oneWay = [&](BoundClass cls, Family family, const char* sender) -> LowerBound {
        const std::size_t m = k_ / 2;
        switch (family) {
            case Family::Constants:
                return {cls, ceilLog2Power(n_, 1), "ceil(log2 n)",
                        fmt::format("pigeonhole over the {} constant functions of {}", n_, sender),
                        "the receiver's answer is not charged"};
            case Family::All:
                return {cls, ceilLog2Power(n_, n_), "ceil(n log2 n)",
                        fmt::format("pigeonhole: every function of {} needs its own message "
                                    "(any two are told apart)",
                                    sender),
                        "exact: sending the whole function costs as much"};
            case Family::DelayLine:
                return {cls, ceilLog2Power(n_, n_ - m + 1),
                        fmt::format("ceil((n - {}) log2 n)", m - 1),
                        fmt::format("pigeonhole over {}'s functions that are the identity on a "
                                    "{}-point delay line",
                                    sender, m - 1),
                        "valid but not always tight at small n (some functions are "
                        "indistinguishable); the receiver's answer is not charged"};
        }
        return {};
    };
    std::vector<LowerBound> out;
    out.push_back(oneWay(BoundClass::OneWayAliceToBob, aliceFamily(), "Alice"));
    out.push_back(oneWay(BoundClass::OneWayBobToAlice, bobFamily(), "Bob"));
    out.push_back({BoundClass::TwoWay, ceilLog2Power(n_, 1), "ceil(log2 n)",
                   fmt::format("fooling set {} of size n", foolingSetName()),
                   "+1 when the answer must also be announced; ccsim does not charge it"});
    // Viola 2025: no (k-1)-round protocol for (k-1)-pointer chasing in which the wrong player
    // speaks first and the last receiver outputs (a bit of) the pointer, nothing announced,
    // communicates fewer than n/8 bits. In ccsim's numbering that is PC_k (v_k = p_{k-1})
    // with at most k - 1 messages, Bob first, and the answer uncharged: ccsim's convention,
    // so nothing is subtracted. With k messages Bob first, PC_k is easy (Bob's first message
    // empty, then v_1, v_2, ...; the last receiver applies its own function).
    LowerBound rounds{
        BoundClass::RoundLimited, n / 8.0,
        fmt::format("n/8 (at most k - 1 = {} messages, Bob first)", k_ - 1),
        "Viola 2025 (earlier Nisan, Wigderson 1993): (k-1)-round protocols with the wrong "
        "player first and the last receiver outputting the answer",
        "exact, and in ccsim's convention (the answer is not announced); ccsim executes no "
        "round-elimination argument, so below it without failures the verdict is undecided"};
    rounds.maxRounds = k_ - 1;
    rounds.firstSpeaker = 1;
    out.push_back(rounds);
    LowerBound randomized{
        BoundClass::RandomizedRoundLimited, n / k + k,
        fmt::format("Omega(n/k + k) (at most k - 1 = {} messages, Bob first)", k_ - 1),
        "Mao, Yang, Zhang 2025; Yehudayoff 2020",
        "up to a constant; for information only: ccsim's protocols are "
        "deterministic"};
    randomized.executable = false;
    randomized.maxRounds = k_ - 1;
    randomized.firstSpeaker = 1;
    out.push_back(randomized);
    return out;
}

std::string Pc::show(const PartyInput& input, PartyId party) const {
    return fmt::format("{}=({})", party == 0 ? "f_A" : "f_B", fmt::join(input.values, ","));
}

std::optional<ProductSpace> Pc::productSpace() const {
    const std::optional<std::uint64_t> perParty = power(n_, n_);
    if (!perParty || !instanceCount()) return std::nullopt;
    return ProductSpace{{*perParty, *perParty}, {1, *perParty}};
}

std::uint64_t Pc::truthOf(std::span<const PartyInput* const> parts) const {
    return pcChase(parts[0]->values, parts[1]->values, k_);
}

namespace {

const ProblemRegistry::Registrar registered(
    {"pc", "pointer chasing PC_k: Alice f_A, Bob f_B: [n] -> [n]; answer v_k from v_0 = 0"});

}  // namespace

}  // namespace ccsim
