// The exact search of cc/exact.hpp. Rows and columns are first merged into distinct classes
// (at most 64 each, so a subproblem is a pair of 64-bit masks); inside a subproblem, rows equal
// on its columns are merged again before splits are enumerated: giving both the same path
// never makes a protocol deeper. The search asks "is there a tree of depth <= t?" for t from
// the subproblem's rank bound upward, memoising per (row mask, column mask) the best lower
// bound proven and, once known, the exact value with its first split.

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <map>
#include <unordered_map>

#include <flint/fmpz_mat.h>
#include <flint/nmod_mat.h>
#include <fmt/format.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/problem.hpp>

namespace ccsim::cc {

std::vector<std::int64_t> CommMatrix::distinctValues() const {
    std::vector<std::int64_t> v = values;
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

CommMatrix matrixOf(const Problem& problem, std::uint64_t maxCells) {
    const std::optional<ProductSpace> space = problem.productSpace();
    if (!space || space->sizes.size() != 2)
        throw UsageError(fmt::format("{} has no two-party communication matrix ({})",
                                     problem.name(), problem.describe()));
    const std::uint64_t r = space->sizes[0], c = space->sizes[1];
    if (r == 0 || c == 0 || r > maxCells / c)
        throw UsageError(fmt::format("{}'s matrix has {}×{} cells, more than the {} ccsim builds",
                                     problem.name(), r, c, maxCells));
    // Each party's inputs once (party p's input number i is its part of instance(i ·
    // strides[p])), then truthOf on every pair: no instance is built per cell.
    std::vector<PartyInput> alice, bob;
    alice.reserve(r);
    bob.reserve(c);
    for (std::uint64_t x = 0; x < r; ++x)
        alice.push_back(problem.instance(x * space->strides[0])[0]);
    for (std::uint64_t y = 0; y < c; ++y) bob.push_back(problem.instance(y * space->strides[1])[1]);
    CommMatrix m;
    m.rows = r;
    m.cols = c;
    m.values.reserve(r * c);
    for (std::uint64_t x = 0; x < r; ++x)
        for (std::uint64_t y = 0; y < c; ++y) {
            const PartyInput* parts[] = {&alice[x], &bob[y]};
            m.values.push_back(static_cast<std::int64_t>(problem.truthOf(parts)));
        }
    return m;
}

int ceilLog2(std::uint64_t k) {
    CCSIM_CHECK(k >= 1);
    return k == 1 ? 0 : 64 - std::countl_zero(k - 1);
}

Classes classesOf(const CommMatrix& m, bool columns) {
    const std::size_t n = columns ? m.cols : m.rows, len = columns ? m.rows : m.cols;
    std::map<std::vector<std::int64_t>, std::size_t> seen;
    Classes c;
    c.classOf.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::int64_t> key(len);
        for (std::size_t j = 0; j < len; ++j) key[j] = columns ? m.at(j, i) : m.at(i, j);
        const auto [it, fresh] = seen.emplace(std::move(key), seen.size());
        if (fresh) c.first.push_back(i);
        c.classOf[i] = it->second;
    }
    return c;
}

Distinct distinctOf(const CommMatrix& m) {
    Distinct d{classesOf(m, false), classesOf(m, true), {}};
    d.matrix.rows = d.rows.first.size();
    d.matrix.cols = d.cols.first.size();
    d.matrix.values.reserve(d.matrix.rows * d.matrix.cols);
    for (const std::size_t x : d.rows.first)
        for (const std::size_t y : d.cols.first) d.matrix.values.push_back(m.at(x, y));
    return d;
}

std::size_t distinctLines(const CommMatrix& m, bool columns) {
    return classesOf(m, columns).first.size();
}

int oneWayBits(const CommMatrix& m, bool aliceToBob) {
    return ceilLog2(distinctLines(m, !aliceToBob));
}

std::int64_t rankRational(const CommMatrix& m) {
    fmpz_mat_t a;
    fmpz_mat_init(a, static_cast<slong>(m.rows), static_cast<slong>(m.cols));
    for (std::size_t r = 0; r < m.rows; ++r)
        for (std::size_t c = 0; c < m.cols; ++c)
            fmpz_set_si(fmpz_mat_entry(a, r, c), static_cast<slong>(m.at(r, c)));
    const slong rank = fmpz_mat_rank(a);
    fmpz_mat_clear(a);
    return rank;
}

std::int64_t rankModPrime(const CommMatrix& m, std::uint64_t prime) {
    if (prime < 2 || n_is_prime(prime) == 0)
        throw UsageError(fmt::format("prime={} is not a prime", prime));
    nmod_mat_t a;
    nmod_mat_init(a, static_cast<slong>(m.rows), static_cast<slong>(m.cols), prime);
    for (std::size_t r = 0; r < m.rows; ++r)
        for (std::size_t c = 0; c < m.cols; ++c) {
            const std::int64_t v = m.at(r, c);
            const std::uint64_t p = prime;
            const auto abs = static_cast<std::uint64_t>(v < 0 ? -(v + 1) : v) + (v < 0 ? 1 : 0);
            const std::uint64_t mod = abs % p;
            nmod_mat_entry(a, r, c) = v < 0 && mod != 0 ? p - mod : mod;
        }
    const slong rank = nmod_mat_rank(a);
    nmod_mat_clear(a);
    return rank;
}

int ProtocolNode::depth() const {
    if (kind == Kind::Leaf) return 0;
    return 1 + std::max(child[0]->depth(), child[1]->depth());
}

std::size_t ProtocolNode::leaves() const {
    return kind == Kind::Leaf ? 1 : child[0]->leaves() + child[1]->leaves();
}

std::int64_t replay(const ProtocolNode& root, std::size_t row, std::size_t col) {
    const ProtocolNode* node = &root;
    while (node->kind != ProtocolNode::Kind::Leaf) {
        const std::size_t mine = node->kind == ProtocolNode::Kind::Alice ? row : col;
        const bool zero = std::find(node->zero.begin(), node->zero.end(), mine) != node->zero.end();
        node = node->child[zero ? 0 : 1].get();
    }
    return node->value;
}

bool replaysCorrectly(const ProtocolNode& root, const CommMatrix& m) {
    for (std::size_t r = 0; r < m.rows; ++r)
        for (std::size_t c = 0; c < m.cols; ++c)
            if (replay(root, r, c) != m.at(r, c)) return false;
    return true;
}

namespace {

using Mask = std::uint64_t;

/// Too many splits for the search to finish: a deterministic budget, not a clock.
constexpr std::uint64_t kMaxSplits = 200'000'000;

class Search {
public:
    /// k: the distinct rows × distinct columns matrix.
    explicit Search(const CommMatrix& k) : k_(k), values_(k.distinctValues()) {
        // indicator_[v][x]: the columns y with k[x][y] == values_[v]; transposed for columns.
        indicator_.assign(values_.size(), std::vector<Mask>(k.rows, 0));
        indicatorT_.assign(values_.size(), std::vector<Mask>(k.cols, 0));
        for (std::size_t x = 0; x < k.rows; ++x)
            for (std::size_t y = 0; y < k.cols; ++y) {
                const auto v = static_cast<std::size_t>(
                    std::lower_bound(values_.begin(), values_.end(), k.at(x, y)) - values_.begin());
                indicator_[v][x] |= Mask{1} << y;
                indicatorT_[v][y] |= Mask{1} << x;
            }
    }

    /// D of the subproblem if it is <= limit, else a lower bound > limit.
    int solve(Mask rows, Mask cols, int limit) {
        Entry& e = memo_[key(rows, cols)];
        if (e.exact >= 0) return e.exact;
        if (e.lower == 0) {
            e.lower = rankBound(rows, cols);
            if (e.lower == 0) {  // monochromatic
                e.exact = 0;
                return 0;
            }
        }
        if (e.lower > limit) return e.lower;
        const std::vector<Mask> rowClasses = merged(rows, cols, false);
        const std::vector<Mask> colClasses = merged(cols, rows, true);
        const int upper = ceilLog2(std::min(rowClasses.size(), colClasses.size())) +
                          ceilLog2(valuesIn(rows, cols));
        for (int t = e.lower; t <= std::min(limit, upper); ++t) {
            for (const bool byRows : {true, false}) {
                const std::vector<Mask>& classes = byRows ? rowClasses : colClasses;
                const std::size_t n = classes.size();
                if (n < 2) continue;
                for (const Mask s : splitOrder(n)) {
                    if (++splits_ > kMaxSplits)
                        throw UsageError(fmt::format(
                            "the exact search tried {} splits without finishing; the matrix is "
                            "too large for it",
                            kMaxSplits));
                    Mask zero = classes[0];
                    for (std::size_t i = 1; i < n; ++i)
                        if ((s >> (i - 1) & 1) != 0) zero |= classes[i];
                    const Mask all = byRows ? rows : cols;
                    const Mask one = all & ~zero;
                    const auto side = [&](Mask part) {
                        return byRows ? solve(part, cols, t - 1) : solve(rows, part, t - 1);
                    };
                    const auto bound = [&](Mask part) {
                        return byRows ? lowerOf(part, cols) : lowerOf(rows, part);
                    };
                    // Both halves' bounds first: most splits fail there, without a search.
                    if (bound(zero) > t - 1 || bound(one) > t - 1) continue;
                    if (side(zero) <= t - 1 && side(one) <= t - 1) {
                        Entry& done = memo_[key(rows, cols)];  // the map may have rehashed
                        done.exact = t;
                        done.byRows = byRows;
                        done.zero = zero;
                        return t;
                    }
                }
            }
            memo_[key(rows, cols)].lower = t + 1;
        }
        return memo_[key(rows, cols)].lower;
    }

    /// The tree of a solved subproblem, with reduced masks mapped to original numbers.
    std::unique_ptr<ProtocolNode> tree(Mask rows, Mask cols,
                                       const std::vector<std::size_t>& rowClass,
                                       const std::vector<std::size_t>& colClass) const {
        const Entry& e = memo_.at(key(rows, cols));
        auto node = std::make_unique<ProtocolNode>();
        if (e.exact == 0) {
            node->value = k_.at(static_cast<std::size_t>(std::countr_zero(rows)),
                                static_cast<std::size_t>(std::countr_zero(cols)));
            return node;
        }
        node->kind = e.byRows ? ProtocolNode::Kind::Alice : ProtocolNode::Kind::Bob;
        const std::vector<std::size_t>& cls = e.byRows ? rowClass : colClass;
        for (std::size_t i = 0; i < cls.size(); ++i)
            if ((e.zero >> cls[i] & 1) != 0) node->zero.push_back(i);
        const Mask all = e.byRows ? rows : cols;
        for (const int side : {0, 1}) {
            const Mask part = side == 0 ? e.zero : all & ~e.zero;
            node->child[side] = e.byRows ? tree(part, cols, rowClass, colClass)
                                         : tree(rows, part, rowClass, colClass);
        }
        return node;
    }

    int rootBound(Mask rows, Mask cols) const { return rankBound(rows, cols); }

    /// The subsets of classes 1..n-1 that join class 0 on the 0 side (all but the full set),
    /// balanced splits first: the trivial protocol halves, and balanced halves fail or
    /// succeed soonest.
    const std::vector<Mask>& splitOrder(std::size_t n) {
        CCSIM_CHECK(n >= 2 && n <= kMaxDistinct);
        std::vector<Mask>& order = orders_[n];
        if (order.empty()) {
            for (Mask s = 0; s + 1 < (Mask{1} << (n - 1)); ++s) order.push_back(s);
            const auto imbalance = [n](Mask s) {
                const auto zero = static_cast<long>(std::popcount(s)) + 1;
                return std::abs(2 * zero - static_cast<long>(n));
            };
            std::stable_sort(order.begin(), order.end(),
                             [&](Mask a, Mask b) { return imbalance(a) < imbalance(b); });
        }
        return order;
    }

    /// The best lower bound known for a subproblem, computing its rank bound on first sight.
    int lowerOf(Mask rows, Mask cols) {
        Entry& e = memo_[key(rows, cols)];
        if (e.exact >= 0) return e.exact;
        if (e.lower == 0) {
            e.lower = rankBound(rows, cols);
            if (e.lower == 0) e.exact = 0;
        }
        return e.lower;
    }
    SearchStats stats() const { return {memo_.size(), splits_}; }

private:
    struct Entry {
        int lower = 0;   ///< 0: not yet computed
        int exact = -1;  ///< -1: unknown
        bool byRows = false;
        Mask zero = 0;
    };
    struct Key {
        Mask rows, cols;
        bool operator==(const Key&) const = default;
    };
    struct Hash {
        std::size_t operator()(const Key& k) const {
            return std::hash<Mask>()(k.rows * 0x9e3779b97f4a7c15ULL ^ k.cols);
        }
    };
    static Key key(Mask rows, Mask cols) { return {rows, cols}; }

    std::size_t valuesIn(Mask rows, Mask cols) const {
        std::size_t n = 0;
        for (std::size_t v = 0; v < values_.size(); ++v)
            for (Mask r = rows; r != 0; r &= r - 1)
                if ((indicator_[v][static_cast<std::size_t>(std::countr_zero(r))] & cols) != 0) {
                    ++n;
                    break;
                }
        return n;
    }

    /// ⌈log2 Σ_v rank_GF(2)(1[M = v])⌉ on the subproblem, 0 iff it is monochromatic. Every
    /// leaf is a rank-one rectangle of one value, so a tree has at least Σ_v rank_ℚ leaves, and
    /// rank over GF(2) of a 0/1 matrix is at most its rank over ℚ.
    int rankBound(Mask rows, Mask cols) const {
        std::uint64_t total = 0;
        std::size_t present = 0;
        for (std::size_t v = 0; v < values_.size(); ++v) {
            std::vector<Mask> basis;  // echelon rows, by leading bit
            bool any = false;
            for (Mask r = rows; r != 0; r &= r - 1) {
                Mask x = indicator_[v][static_cast<std::size_t>(std::countr_zero(r))] & cols;
                if (x != 0) any = true;
                for (const Mask b : basis)
                    if ((x ^ b) < x) x ^= b;  // b's leading bit is set in x
                if (x != 0) {
                    basis.push_back(x);
                    std::sort(basis.begin(), basis.end(), std::greater<>());
                }
            }
            total += basis.size();
            present += any ? 1 : 0;
        }
        return present <= 1 ? 0 : ceilLog2(total);
    }

    /// The classes (as masks) of the set's members that agree on the other side's mask.
    std::vector<Mask> merged(Mask set, Mask other, bool columns) const {
        std::map<std::vector<Mask>, Mask> seen;
        std::vector<Mask> order;
        for (Mask s = set; s != 0; s &= s - 1) {
            const auto i = static_cast<std::size_t>(std::countr_zero(s));
            std::vector<Mask> sig(values_.size());
            for (std::size_t v = 0; v < values_.size(); ++v)
                sig[v] = (columns ? indicatorT_ : indicator_)[v][i] & other;
            auto [it, fresh] = seen.emplace(std::move(sig), 0);
            if (fresh) order.push_back(Mask{1} << i);
            it->second |= Mask{1} << i;
        }
        std::vector<Mask> out;
        for (const Mask first : order)
            for (const auto& [sig, m] : seen)
                if ((m & first) != 0) out.push_back(m);
        return out;
    }

    const CommMatrix& k_;
    std::vector<std::int64_t> values_;
    std::vector<std::vector<Mask>> indicator_, indicatorT_;
    std::unordered_map<Key, Entry, Hash> memo_;
    std::uint64_t splits_ = 0;
    std::map<std::size_t, std::vector<Mask>> orders_;
};

}  // namespace

ExactResult exactTwoWay(const CommMatrix& m) {
    if (m.rows == 0 || m.cols == 0) throw UsageError("the matrix has no cells");
    const Classes rowClasses = classesOf(m, false), colClasses = classesOf(m, true);
    const std::vector<std::size_t>& rowClass = rowClasses.classOf;
    const std::vector<std::size_t>& colClass = colClasses.classOf;
    const std::size_t r = rowClasses.first.size(), c = colClasses.first.size();
    if (r > kMaxDistinct || c > kMaxDistinct)
        throw UsageError(fmt::format(
            "the matrix has {} distinct rows and {} distinct columns; the exact search takes at "
            "most {} of each",
            r, c, kMaxDistinct));
    CommMatrix k;
    k.rows = r;
    k.cols = c;
    k.values.assign(r * c, 0);
    for (std::size_t x = 0; x < m.rows; ++x)
        for (std::size_t y = 0; y < m.cols; ++y)
            k.values[rowClass[x] * c + colClass[y]] = m.at(x, y);
    Search search(k);
    const Mask rows = r == 64 ? ~Mask{0} : (Mask{1} << r) - 1;
    const Mask cols = c == 64 ? ~Mask{0} : (Mask{1} << c) - 1;
    ExactResult result;
    result.lowerBound = search.rootBound(rows, cols);
    result.upperBound = ceilLog2(std::min(r, c)) + ceilLog2(k.distinctValues().size());
    result.bits = search.solve(rows, cols, result.upperBound);
    CCSIM_CHECK(result.bits <= result.upperBound);
    result.tree = search.tree(rows, cols, rowClass, colClass);
    result.stats = search.stats();
    CCSIM_CHECK(result.tree->depth() == result.bits && replaysCorrectly(*result.tree, m));
    return result;
}

}  // namespace ccsim::cc
