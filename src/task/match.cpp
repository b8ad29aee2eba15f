#include <algorithm>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/task/match.hpp>
#include <ccsim/task/task.hpp>

namespace ccsim {

void MatchSpec::validate() const {
    if (modulus < 2) throw UsageError(fmt::format("modulus M={} must be at least 2", modulus));
}

bool match2Pair(std::uint64_t a, std::uint64_t b, std::size_t modulus) {
    return (a % modulus + b % modulus) % modulus == 0;
}

namespace {

/// Residue counts of x, minus position `skip` (pass x.size() to skip nothing).
std::vector<std::size_t> histogram(const std::vector<std::uint64_t>& x, std::size_t modulus,
                                   std::size_t skip) {
    std::vector<std::size_t> count(modulus, 0);
    for (std::size_t j = 0; j < x.size(); ++j)
        if (j != skip) ++count[x[j] % modulus];
    return count;
}

/// Is there a Match3 witness for a token of residue v, given the counts of the candidate
/// witnesses? Without distinctness the candidates include v's own token, and one position
/// may serve twice.
bool match3FromCounts(const std::vector<std::size_t>& count, std::uint64_t v, std::size_t modulus,
                      bool distinct) {
    const std::size_t target = (modulus - v % modulus) % modulus;  // r1 + r2 ≡ target
    for (std::size_t r1 = 0; r1 < modulus; ++r1) {
        if (count[r1] == 0) continue;
        const std::size_t r2 = (target + modulus - r1) % modulus;
        const std::size_t need = (distinct && r1 == r2) ? 2 : 1;
        if (count[r2] >= need) return true;
    }
    return false;
}

}  // namespace

bool match2At(const std::vector<std::uint64_t>& x, std::size_t i, const MatchSpec& spec) {
    spec.validate();
    CCSIM_CHECK_OP(i, <, x.size());
    for (std::size_t j = 0; j < x.size(); ++j) {
        if (spec.distinct && j == i) continue;
        if (match2Pair(x[i], x[j], spec.modulus)) return true;
    }
    return false;
}

bool match3At(const std::vector<std::uint64_t>& x, std::size_t i, const MatchSpec& spec) {
    spec.validate();
    CCSIM_CHECK_OP(i, <, x.size());
    const auto count = histogram(x, spec.modulus, spec.distinct ? i : x.size());
    return match3FromCounts(count, x[i], spec.modulus, spec.distinct);
}

std::vector<bool> match2(const std::vector<std::uint64_t>& x, const MatchSpec& spec) {
    spec.validate();
    const std::size_t m = spec.modulus;
    const auto count = histogram(x, m, x.size());
    std::vector<bool> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const std::size_t v = x[i] % m;
        const std::size_t partner = (m - v) % m;
        // Under distinctness the token itself is no partner: when it is its own partner
        // (2v ≡ 0), a second token of the same residue is needed.
        const std::size_t need = (spec.distinct && partner == v) ? 2 : 1;
        out[i] = count[partner] >= need;
    }
    return out;
}

std::vector<bool> match3(const std::vector<std::uint64_t>& x, const MatchSpec& spec) {
    spec.validate();
    const std::size_t m = spec.modulus;
    auto count = histogram(x, m, x.size());
    // The answer depends only on the residue: compute it once per residue present.
    std::vector<signed char> byResidue(m, -1);
    std::vector<bool> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const std::size_t v = x[i] % m;
        if (byResidue[v] < 0) {
            if (spec.distinct) --count[v];
            byResidue[v] = match3FromCounts(count, v, m, spec.distinct) ? 1 : 0;
            if (spec.distinct) ++count[v];
        }
        out[i] = byResidue[v] == 1;
    }
    return out;
}

bool match3FromResidueCounts(const std::vector<std::size_t>& counts, std::uint64_t value,
                             const MatchSpec& spec) {
    spec.validate();
    CCSIM_CHECK_OP(counts.size(), ==, spec.modulus);
    const std::size_t v = value % spec.modulus;
    CCSIM_CHECK_OP(counts[v], >=, std::size_t{1});
    std::vector<std::size_t> others = counts;
    if (spec.distinct) --others[v];
    return match3FromCounts(others, v, spec.modulus, spec.distinct);
}

std::vector<std::uint64_t> sampleMatch(std::size_t n, const MatchSpec& spec, SplitMix64& rng) {
    spec.validate();
    std::vector<std::uint64_t> x(n);
    for (auto& v : x) v = rng.below(spec.modulus);
    return x;
}

std::vector<std::uint64_t> matchSequence(std::size_t n, std::size_t modulus, std::uint64_t index) {
    CCSIM_CHECK_OP(modulus, >=, std::size_t{2});
    std::vector<std::uint64_t> x(n);
    for (std::size_t k = n; k-- > 0;) {
        x[k] = index % modulus;
        index /= modulus;
    }
    CCSIM_CHECK_OP(index, ==, std::uint64_t{0});
    return x;
}

Matrix matchTokens(const std::vector<std::uint64_t>& x, std::size_t modulus) {
    Matrix tokens(static_cast<Eigen::Index>(x.size()), 1);
    for (std::size_t j = 0; j < x.size(); ++j)
        tokens(static_cast<Eigen::Index>(j), 0) = static_cast<double>(x[j] % modulus);
    return tokens;
}

namespace {

const TaskRegistry::Registrar match2({
    "match2",
    "Match2 over Z_M: token i is 1 iff some x_j has x_i + x_j = 0 mod M",
    "Tokens are residues in [0, M); Match2(X)_i = 1 iff some j has x_i + x_j = 0 mod M "
    "(distinct=true: j != i; distinct=false: j = i allowed). An OR over tokens of a pair "
    "predicate, so two parties need 1 bit (match2_or). `ccsim eval match2` checks a "
    "construction on every input. See docs/theory/match2_or.md.",
});

const TaskRegistry::Registrar match3({
    "match3",
    "Match3 over Z_M: token i is 1 iff some x_j, x_k have x_i + x_j + x_k = 0 mod M",
    "Tokens are residues in [0, M); Match3(X)_i = 1 iff some j, k have x_i + x_j + x_k = 0 mod "
    "M (distinct=true: i, j, k pairwise distinct; distinct=false: repeats allowed). One "
    "attention layer needs H(d_v + 2)p >= n bits on the DISJ inputs of disj_match3. `ccsim eval "
    "match3` checks a construction. See docs/theory/disj_match3.md.",
});

}  // namespace

}  // namespace ccsim
