// Round-limited complexity in ccsim's convention (cc/exact.hpp): memoised search over
// (row mask, column mask, rounds left, speaker), on the distinct rows and columns.

#include <bit>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>

namespace ccsim::cc {

namespace {

using Mask = std::uint64_t;
constexpr int kInfinite = 1 << 20;
constexpr std::uint64_t kMaxSplits = 200'000'000;

class RoundSearch {
public:
    explicit RoundSearch(const CommMatrix& k) : k_(k) {}

    /// The least bits from this state, or a value > limit if more are needed.
    int solve(Mask rows, Mask cols, int rounds, bool alice, int limit) {
        // No round left: the protocol is over and has no one to output. Otherwise the
        // listener of the current round may stop and answer.
        if (rounds == 0) return kInfinite;
        if (listenerKnows(rows, cols, !alice)) return 0;
        if (limit < 0) return kInfinite;
        const auto key = std::make_tuple(rows, cols, rounds, alice);
        if (const auto it = memo_.find(key); it != memo_.end()) {
            if (it->second.exact) return it->second.value;
            if (it->second.value > limit) return it->second.value;
        }
        // Pass the floor (end the current round) at no cost.
        int best = solve(rows, cols, rounds - 1, !alice, limit);
        // Or send one more bit in this round: split the speaker's side into two parts.
        const Mask side = alice ? rows : cols;
        const int n = std::popcount(side);
        if (n >= 2 && best > 0) {
            std::vector<std::size_t> members;
            for (Mask s = side; s != 0; s &= s - 1)
                members.push_back(static_cast<std::size_t>(std::countr_zero(s)));
            for (Mask s = 0; s + 1 < (Mask{1} << (n - 1)); ++s) {
                if (++splits_ > kMaxSplits)
                    throw UsageError(fmt::format(
                        "the round-limited search tried {} splits without finishing; the matrix "
                        "is too large for it",
                        kMaxSplits));
                Mask zero = Mask{1} << members[0];
                for (int i = 1; i < n; ++i)
                    if ((s >> (i - 1) & 1) != 0)
                        zero |= Mask{1} << members[static_cast<std::size_t>(i)];
                const Mask one = side & ~zero;
                const int budget = std::min(best - 1, limit) - 1;  // the children's
                if (budget < 0) break;
                const auto child = [&](Mask part) {
                    return alice ? solve(part, cols, rounds, true, budget)
                                 : solve(rows, part, rounds, false, budget);
                };
                const int a = child(zero);
                if (a > budget) continue;
                const int b = child(one);
                if (b > budget) continue;
                best = std::min(best, 1 + std::max(a, b));
            }
        }
        Entry& e = memo_[key];
        if (best <= limit) {
            e.exact = true;
            e.value = best;
        } else {
            e.value = std::max(e.value, limit + 1);
        }
        return best <= limit ? best : std::max(best, limit + 1);
    }

private:
    struct Entry {
        bool exact = false;
        int value = 0;  ///< exact, or a lower bound
    };

    /// The listener can name the answer: every one of its inputs sees one value.
    bool listenerKnows(Mask rows, Mask cols, bool listenerIsAlice) const {
        const Mask outer = listenerIsAlice ? rows : cols, inner = listenerIsAlice ? cols : rows;
        for (Mask o = outer; o != 0; o &= o - 1) {
            const auto i = static_cast<std::size_t>(std::countr_zero(o));
            std::optional<std::int64_t> seen;
            for (Mask n = inner; n != 0; n &= n - 1) {
                const auto j = static_cast<std::size_t>(std::countr_zero(n));
                const std::int64_t v = listenerIsAlice ? k_.at(i, j) : k_.at(j, i);
                if (seen && *seen != v) return false;
                seen = v;
            }
        }
        return true;
    }

    const CommMatrix& k_;
    std::map<std::tuple<Mask, Mask, int, bool>, Entry> memo_;
    std::uint64_t splits_ = 0;
};

CommMatrix distinctMatrix(const CommMatrix& m) {
    Distinct d = distinctOf(m);
    if (d.matrix.rows > kMaxDistinct || d.matrix.cols > kMaxDistinct)
        throw UsageError(fmt::format(
            "the matrix has {} distinct rows and {} distinct columns; the round-limited search "
            "takes at most {} of each",
            d.matrix.rows, d.matrix.cols, kMaxDistinct));
    return std::move(d.matrix);
}

int search(const CommMatrix& k, int rounds, bool aliceFirst) {
    RoundSearch s(k);
    const Mask rows = (Mask{1} << k.rows) - 1, cols = (Mask{1} << k.cols) - 1;
    // Alice naming her row is always enough with one round: a finite cap for the search.
    const int cap = ceilLog2(k.rows) + ceilLog2(k.cols) + 1;
    const int bits = s.solve(rows, cols, rounds, aliceFirst, cap);
    CCSIM_CHECK(bits <= cap || rounds == 0);
    return bits;
}

}  // namespace

int roundLimitedBits(const CommMatrix& m, int rounds, bool aliceFirst) {
    if (rounds < 1 || rounds > 64)
        throw UsageError(fmt::format("rounds={} is not in [1, 64]", rounds));
    return search(distinctMatrix(m), rounds, aliceFirst);
}

int answerNotChargedBits(const CommMatrix& m) {
    const CommMatrix k = distinctMatrix(m);
    // Each bit of a tree of depth d is one round at most; d <= the one-way cost.
    const int rounds = std::min(ceilLog2(k.rows), ceilLog2(k.cols)) + 2;
    return std::min(search(k, rounds, true), search(k, rounds, false));
}

}  // namespace ccsim::cc
