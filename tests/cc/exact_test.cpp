// Exact communication complexity (include/ccsim/cc/exact.hpp) against values known from the
// literature and against a brute force written here: no merging, no rank bound, every split.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>

#include <doctest/doctest.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/problem/eq.hpp>
#include <ccsim/problem/index.hpp>

using namespace ccsim;
using namespace ccsim::cc;

namespace {

CommMatrix tabulate(std::size_t rows, std::size_t cols,
                    const std::function<std::int64_t(std::size_t, std::size_t)>& f) {
    CommMatrix m;
    m.rows = rows;
    m.cols = cols;
    for (std::size_t x = 0; x < rows; ++x)
        for (std::size_t y = 0; y < cols; ++y) m.values.push_back(f(x, y));
    return m;
}

CommMatrix innerProduct(std::size_t n) {
    return tabulate(std::size_t{1} << n, std::size_t{1} << n, [](std::size_t x, std::size_t y) {
        return static_cast<std::int64_t>(std::popcount(x & y) % 2);
    });
}

CommMatrix greaterThan(std::size_t n) {
    return tabulate(std::size_t{1} << n, std::size_t{1} << n,
                    [](std::size_t x, std::size_t y) { return x > y ? 1 : 0; });
}

/// D by definition: a monochromatic rectangle costs 0, otherwise one bit plus the worse half
/// of the best split of the rows or of the columns, over every split.
int bruteForce(const CommMatrix& m, std::uint32_t rows, std::uint32_t cols,
               std::map<std::pair<std::uint32_t, std::uint32_t>, int>& memo) {
    if (const auto it = memo.find({rows, cols}); it != memo.end()) return it->second;
    std::int64_t first = -1;
    bool mono = true;
    for (std::size_t x = 0; x < m.rows; ++x)
        for (std::size_t y = 0; y < m.cols; ++y)
            if ((rows >> x & 1) != 0 && (cols >> y & 1) != 0) {
                if (first < 0) first = m.at(x, y);
                mono = mono && m.at(x, y) == first;
            }
    int best = 0;
    if (!mono) {
        best = 1 << 20;
        for (std::uint32_t s = (rows - 1) & rows; s != 0; s = (s - 1) & rows)
            best = std::min(best, 1 + std::max(bruteForce(m, s, cols, memo),
                                               bruteForce(m, rows & ~s, cols, memo)));
        for (std::uint32_t s = (cols - 1) & cols; s != 0; s = (s - 1) & cols)
            best = std::min(best, 1 + std::max(bruteForce(m, rows, s, memo),
                                               bruteForce(m, rows, cols & ~s, memo)));
    }
    memo[{rows, cols}] = best;
    return best;
}

int bruteForce(const CommMatrix& m) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> memo;
    return bruteForce(m, (1U << m.rows) - 1, (1U << m.cols) - 1, memo);
}

CommMatrix randomMatrix(SplitMix64& rng, std::size_t rows, std::size_t cols, int values) {
    return tabulate(rows, cols, [&](std::size_t, std::size_t) {
        return static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(values));
    });
}

}  // namespace

TEST_SUITE("cc/exact") {
    TEST_CASE("D(EQ_n) = D(DISJ_n) = D(IP_n) = D(GT_n) = n + 1, with a tree that replays") {
        for (std::size_t n = 1; n <= 4; ++n) {
            CAPTURE(n);
            const CommMatrix eq = matrixOf(Eq(n), 1 << 20);
            const CommMatrix disj = matrixOf(Disj(n), 1 << 20);
            for (const CommMatrix* m : {&eq, &disj}) {
                CHECK(m->rows == (std::size_t{1} << n));
            }
            const CommMatrix ip = innerProduct(n), gt = greaterThan(n);
            for (const CommMatrix* m : {&eq, &disj, &ip, &gt}) {
                const ExactResult r = exactTwoWay(*m);
                CHECK(r.bits == static_cast<int>(n) + 1);
                REQUIRE(r.tree);
                CHECK(r.tree->depth() == r.bits);
                CHECK(replaysCorrectly(*r.tree, *m));
            }
        }
    }

    TEST_CASE("one-way INDEX_n = n from Alice, ceil(log2 n) from Bob") {
        for (std::size_t n = 2; n <= 8; ++n) {
            CAPTURE(n);
            const CommMatrix m = matrixOf(Index(n), 1 << 20);
            CHECK(oneWayBits(m, true) == static_cast<int>(n));
            CHECK(oneWayBits(m, false) == ceilLog2(n));
        }
    }

    TEST_CASE("exact ranks: IP_n has rank 2^n - 1 over Q; DISJ_n full rank; mod 2 differs") {
        for (std::size_t n = 1; n <= 5; ++n) {
            CAPTURE(n);
            const CommMatrix ip = innerProduct(n);
            CHECK(rankRational(ip) == (std::int64_t{1} << n) - 1);
            CHECK(rankRational(matrixOf(Disj(n), 1 << 20)) == std::int64_t{1} << n);
            // Over GF(2), IP_n is the bilinear form x·y: rank n.
            CHECK(rankModPrime(ip, 2) == static_cast<std::int64_t>(n));
            CHECK(rankModPrime(ip, 3) == (std::int64_t{1} << n) - 1);
        }
        CHECK_THROWS_WITH_AS(rankModPrime(innerProduct(2), 4), "prime=4 is not a prime",
                             UsageError);
    }

    TEST_CASE("the search agrees with the brute force on random 4×4 and 5×4 matrices") {
        SplitMix64 rng(7);
        for (int trial = 0; trial < 300; ++trial) {
            const std::size_t rows = trial % 2 == 0 ? 4 : 5;
            const CommMatrix m = randomMatrix(rng, rows, 4, trial % 3 == 0 ? 3 : 2);
            CAPTURE(trial);
            const ExactResult r = exactTwoWay(m);
            CHECK(r.bits == bruteForce(m));
            CHECK(r.lowerBound <= r.bits);
            CHECK(r.bits <= r.upperBound);
            CHECK(replaysCorrectly(*r.tree, m));
        }
    }

    TEST_CASE("duplicate rows and columns do not change D; limits are one-line errors") {
        const CommMatrix gt = greaterThan(3);
        const CommMatrix doubled =
            tabulate(16, 16, [&](std::size_t x, std::size_t y) { return gt.at(x / 2, y % 8); });
        CHECK(exactTwoWay(doubled).bits == exactTwoWay(gt).bits);
        const CommMatrix big =
            tabulate(21, 22, [](std::size_t x, std::size_t y) { return x == y ? 1 : 0; });
        CHECK_THROWS_WITH_AS(
            exactTwoWay(big),
            doctest::Contains(
                "21 distinct rows and 22 distinct columns; the exact search takes at most 20"),
            UsageError);
        CHECK(exactTwoWay(tabulate(3, 3, [](std::size_t, std::size_t) { return 5; })).bits == 0);
    }
}

TEST_SUITE("cc/fooling") {
    TEST_CASE("the largest fooling set of DISJ_n and EQ_n has 2^n cells") {
        for (std::size_t n = 1; n <= 4; ++n) {
            CAPTURE(n);
            for (const CommMatrix& m : {matrixOf(Disj(n), 1 << 20), matrixOf(Eq(n), 1 << 20)}) {
                const FoolingSet f = largestFoolingSet(m);
                CHECK(f.cells.size() == std::size_t{1} << n);
                CHECK((f.value == 1 || n == 1));  // EQ_1 has two of each value
                CHECK(isFoolingSet(m, f));
            }
        }
    }

    TEST_CASE("its size is the maximum: every subset of cells of a random 4×4 matrix") {
        SplitMix64 rng(11);
        for (int trial = 0; trial < 40; ++trial) {
            CAPTURE(trial);
            const CommMatrix m = randomMatrix(rng, 4, 4, 2);
            std::size_t best = 0;
            for (std::uint32_t s = 1; s < (1U << 16); ++s)
                for (const std::int64_t v : {0, 1}) {
                    FoolingSet f;
                    f.value = v;
                    for (std::size_t c = 0; c < 16; ++c)
                        if ((s >> c & 1) != 0) f.cells.emplace_back(c / 4, c % 4);
                    if (f.cells.size() > best && isFoolingSet(m, f)) best = f.cells.size();
                }
            CHECK(largestFoolingSet(m).cells.size() == best);
        }
    }
}

TEST_SUITE("cc/sat") {
    TEST_CASE("SAT and the search agree on random matrices up to 8×8, and on EQ, GT, IP") {
        SplitMix64 rng(23);
        for (int trial = 0; trial < 60; ++trial) {
            const std::size_t rows = 2 + static_cast<std::size_t>(trial % 7);
            const std::size_t cols = 2 + static_cast<std::size_t>((trial / 7) % 7);
            const CommMatrix m = randomMatrix(rng, rows, cols, trial % 5 == 0 ? 3 : 2);
            CAPTURE(trial);
            const SatResult sat = satTwoWay(m);
            CHECK(sat.bits == exactTwoWay(m).bits);
            REQUIRE(sat.tree);
            CHECK(replaysCorrectly(*sat.tree, m));
            CHECK(sat.tree->depth() <= sat.bits);
            // Every shallower depth was proven impossible.
            REQUIRE(sat.depths.size() == static_cast<std::size_t>(sat.bits) + 1);
            for (int k = 0; k < sat.bits; ++k) CHECK_FALSE(sat.depths[k].satisfiable);
            CHECK(sat.depths.back().satisfiable);
        }
        for (std::size_t n = 1; n <= 3; ++n) {
            CAPTURE(n);
            for (const CommMatrix& m : {matrixOf(Eq(n), 1 << 20), greaterThan(n), innerProduct(n)})
                CHECK(satTwoWay(m).bits == static_cast<int>(n) + 1);
        }
    }
}

TEST_SUITE("cc/discrepancy") {
    TEST_CASE("uniform discrepancy: XOR of two bits is 1/4; brute force over all rectangles") {
        const CommMatrix x = tabulate(
            2, 2, [](std::size_t a, std::size_t b) { return static_cast<std::int64_t>(a ^ b); });
        const Discrepancy d = uniformDiscrepancy(x);
        CHECK(d.numerator == 1);
        CHECK(d.denominator == 4);
        SplitMix64 rng(5);
        for (int trial = 0; trial < 30; ++trial) {
            CAPTURE(trial);
            const std::size_t rows = 2 + static_cast<std::size_t>(trial % 4);
            const std::size_t cols = 2 + static_cast<std::size_t>((trial / 4) % 5);
            CommMatrix m = randomMatrix(rng, rows, cols, 2);
            m.values[0] = 0;
            m.values[1] = 1;  // two values
            std::int64_t best = 0;
            for (std::uint32_t r = 1; r < (1U << rows); ++r)
                for (std::uint32_t c = 1; c < (1U << cols); ++c) {
                    std::int64_t sum = 0;
                    for (std::size_t i = 0; i < rows; ++i)
                        for (std::size_t j = 0; j < cols; ++j)
                            if ((r >> i & 1) != 0 && (c >> j & 1) != 0)
                                sum += m.at(i, j) == 1 ? 1 : -1;
                    best = std::max(best, std::abs(sum));
                }
            const Discrepancy got = uniformDiscrepancy(m);
            CHECK(static_cast<std::int64_t>(got.numerator) == best);
            std::int64_t sum = 0;  // the rectangle it names attains it
            for (const std::size_t i : got.rows)
                for (const std::size_t j : got.cols) sum += m.at(i, j) == 1 ? 1 : -1;
            CHECK(std::abs(sum) == best);
        }
        CHECK_THROWS_WITH_AS(
            uniformDiscrepancy(tabulate(2, 2, [](std::size_t, std::size_t) { return 1; })),
            doctest::Contains("exactly two values"), UsageError);
    }
}

TEST_SUITE("cc/rounds") {
    TEST_CASE("one round is the one-way count; unlimited rounds sit between D - 1 and D") {
        SplitMix64 rng(31);
        for (int trial = 0; trial < 80; ++trial) {
            CAPTURE(trial);
            const std::size_t rows = 2 + static_cast<std::size_t>(trial % 5);
            const std::size_t cols = 2 + static_cast<std::size_t>((trial / 5) % 5);
            const CommMatrix m = randomMatrix(rng, rows, cols, 2);
            CHECK(roundLimitedBits(m, 1, true) == oneWayBits(m, true));
            CHECK(roundLimitedBits(m, 1, false) == oneWayBits(m, false));
            const int d = exactTwoWay(m).bits, nc = answerNotChargedBits(m);
            CHECK(nc <= d);
            CHECK(d <= nc + 1);
            // More rounds never cost more.
            for (int k = 1; k < 4; ++k)
                CHECK(roundLimitedBits(m, k + 1, true) <= roundLimitedBits(m, k, true));
        }
    }

    TEST_CASE("ccsim's convention: DISJ_n and EQ_n cost n, INDEX_n ceil(log2 n) Bob first") {
        for (std::size_t n = 1; n <= 3; ++n) {
            CAPTURE(n);
            CHECK(answerNotChargedBits(matrixOf(Disj(n), 1 << 20)) == static_cast<int>(n));
            CHECK(answerNotChargedBits(matrixOf(Eq(n), 1 << 20)) == static_cast<int>(n));
        }
        for (std::size_t n = 2; n <= 4; ++n) {
            CAPTURE(n);
            const CommMatrix index = matrixOf(Index(n), 1 << 20);
            CHECK(roundLimitedBits(index, 1, false) == ceilLog2(n));
            CHECK(roundLimitedBits(index, 1, true) == static_cast<int>(n));
            // Alice first but two rounds: she passes, Bob names i, Alice answers.
            CHECK(roundLimitedBits(index, 2, true) == ceilLog2(n));
        }
    }
}

namespace {

/// Every rectangle of one value, as (row mask, column mask, value): brute force.
struct BruteRect {
    unsigned rows, cols;
};

std::vector<BruteRect> monochromatic(const CommMatrix& m, std::optional<std::int64_t> only) {
    std::vector<BruteRect> out;
    for (unsigned r = 1; r < (1U << m.rows); ++r)
        for (unsigned c = 1; c < (1U << m.cols); ++c) {
            std::optional<std::int64_t> v;
            bool mono = true;
            for (std::size_t x = 0; x < m.rows && mono; ++x)
                for (std::size_t y = 0; y < m.cols && mono; ++y)
                    if ((r >> x & 1U) != 0 && (c >> y & 1U) != 0) {
                        if (v && *v != m.at(x, y)) mono = false;
                        v = m.at(x, y);
                    }
            if (mono && (!only || *v == *only)) out.push_back({r, c});
        }
    return out;
}

/// The least number of rectangles from `rects` that cover the cells in `need` (a bit per
/// cell), disjointly if `partition`: depth-first on the first uncovered cell.
std::size_t leastCover(const CommMatrix& m, const std::vector<BruteRect>& rects, std::uint64_t need,
                       bool partition, std::uint64_t covered, std::size_t used, std::size_t best) {
    if (used >= best) return best;
    const std::uint64_t open = need & ~covered;
    if (open == 0) return used;
    const auto cell = static_cast<std::size_t>(std::countr_zero(open));
    const std::size_t x = cell / m.cols, y = cell % m.cols;
    for (const BruteRect& r : rects) {
        if ((r.rows >> x & 1U) == 0 || (r.cols >> y & 1U) == 0) continue;
        std::uint64_t cells = 0;
        for (std::size_t i = 0; i < m.rows; ++i)
            for (std::size_t j = 0; j < m.cols; ++j)
                if ((r.rows >> i & 1U) != 0 && (r.cols >> j & 1U) != 0)
                    cells |= std::uint64_t{1} << (i * m.cols + j);
        if (partition && (cells & covered) != 0) continue;
        best = leastCover(m, rects, need, partition, covered | cells, used + 1, best);
    }
    return best;
}

}  // namespace

TEST_SUITE("cc/rectangles") {
    TEST_CASE("partition and cover numbers equal a brute force on random small matrices") {
        SplitMix64 rng(47);
        for (int trial = 0; trial < 40; ++trial) {
            CAPTURE(trial);
            const std::size_t rows = 2 + static_cast<std::size_t>(trial % 3);
            const std::size_t cols = 2 + static_cast<std::size_t>((trial / 3) % 3);
            const CommMatrix m = randomMatrix(rng, rows, cols, trial % 4 == 0 ? 3 : 2);
            const ExactResult exact = exactTwoWay(m);
            const RectangleNumber partition = partitionNumber(m, *exact.tree);
            const std::uint64_t all = (std::uint64_t{1} << (rows * cols)) - 1;
            CHECK(partition.count ==
                  leastCover(m, monochromatic(m, std::nullopt), all, true, 0, 0, 100));
            CHECK(partition.rectangles.size() == partition.count);
            CHECK(coversCorrectly(m, partition.rectangles, true));
            // log2 of the partition number is a lower bound on D.
            CHECK(ceilLog2(partition.count) <= exact.bits);
            for (const std::int64_t v : m.distinctValues()) {
                CAPTURE(v);
                std::uint64_t need = 0;
                for (std::size_t i = 0; i < m.values.size(); ++i)
                    if (m.values[i] == v) need |= std::uint64_t{1} << i;
                const RectangleNumber cover = coverNumber(m, v);
                CHECK(cover.count == leastCover(m, monochromatic(m, v), need, false, 0, 0, 100));
                CHECK(coversCorrectly(m, cover.rectangles, false, v));
                CHECK(cover.count <= partition.count);
            }
        }
    }

    TEST_CASE("DISJ_n: n rectangles cover its 0s, 2^n its 1s; EQ_n partitions into 2^(n+1)") {
        for (std::size_t n = 1; n <= 3; ++n) {
            CAPTURE(n);
            const CommMatrix disj = matrixOf(Disj(n), 1 << 20);
            CHECK(coverNumber(disj, 0).count == n);
            CHECK(coverNumber(disj, 1).count == std::size_t{1} << n);
            const CommMatrix eq = matrixOf(Eq(n), 1 << 20);
            CHECK(partitionNumber(eq, *exactTwoWay(eq).tree).count == std::size_t{2} << n);
        }
        CHECK_THROWS_WITH_AS(coverNumber(matrixOf(Disj(4), 1 << 20), 0),
                             doctest::Contains("at most 64 distinct cells"), UsageError);
    }
}

TEST_SUITE("cc/matrix") {
    TEST_CASE("matrixOf equals the problem's truth on every instance") {
        // matrixOf reads each party's inputs once and calls truthOf per cell; the reference
        // builds every instance from its index.
        const Disj disj(3);
        const Eq eq(2);
        const Index index(3);
        for (const Problem* p : std::initializer_list<const Problem*>{&disj, &eq, &index}) {
            CAPTURE(p->describe());
            const CommMatrix m = matrixOf(*p, 1 << 20);
            const ProductSpace space = *p->productSpace();
            for (std::size_t x = 0; x < m.rows; ++x)
                for (std::size_t y = 0; y < m.cols; ++y)
                    CHECK(m.at(x, y) == static_cast<std::int64_t>(p->truth(p->instance(
                                            x * space.strides[0] + y * space.strides[1]))));
        }
    }
}
