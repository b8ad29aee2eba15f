// Partition and cover numbers by SAT (cc/exact.hpp): "t rectangles partition (or cover) the
// matrix" for CaDiCaL, on the distinct rows and columns, and the rectangles read back.

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>

#include "cnf.hpp"

namespace ccsim::cc {

namespace {

Distinct checkedDistinct(const CommMatrix& m, const char* what) {
    if (m.rows == 0 || m.cols == 0) throw UsageError("the matrix has no cells");
    Distinct d = distinctOf(m);
    if (d.matrix.rows * d.matrix.cols > kMaxRectangleCells)
        throw UsageError(fmt::format(
            "the matrix has {} distinct rows and {} distinct columns; the {} takes at most {} "
            "distinct cells",
            d.matrix.rows, d.matrix.cols, what, kMaxRectangleCells));
    return d;
}

/// Expands a rectangle over distinct classes to the original rows and columns.
Rectangle expand(const Distinct& d, const std::vector<bool>& rowIn, const std::vector<bool>& colIn,
                 std::int64_t value) {
    Rectangle rect;
    rect.value = value;
    for (std::size_t i = 0; i < d.rows.classOf.size(); ++i)
        if (rowIn[d.rows.classOf[i]]) rect.rows.push_back(i);
    for (std::size_t j = 0; j < d.cols.classOf.size(); ++j)
        if (colIn[d.cols.classOf[j]]) rect.cols.push_back(j);
    return rect;
}

/// t rectangles with row indicators r_{k,x}, column indicators c_{k,y} and z_{k,x,y} = r ∧ c.
/// Partition: every cell in exactly one rectangle, each rectangle of one value (colour
/// variables). Cover of `value`: every cell of that value in some rectangle, no rectangle
/// holding a cell of another value.
std::optional<std::vector<Rectangle>> solve(const Distinct& d, std::size_t t,
                                            std::optional<std::int64_t> value, SatCount& count) {
    Cnf cnf;
    const std::vector<std::int64_t> values = d.matrix.distinctValues();
    const int row = cnf.fresh(t * d.matrix.rows), col = cnf.fresh(t * d.matrix.cols),
              in = cnf.fresh(t * d.matrix.rows * d.matrix.cols);
    const int colour = value ? 0 : cnf.fresh(t * values.size());
    const auto R = [&](std::size_t k, std::size_t x) {
        return row + static_cast<int>(k * d.matrix.rows + x);
    };
    const auto C = [&](std::size_t k, std::size_t y) {
        return col + static_cast<int>(k * d.matrix.cols + y);
    };
    const auto Z = [&](std::size_t k, std::size_t x, std::size_t y) {
        return in + static_cast<int>((k * d.matrix.rows + x) * d.matrix.cols + y);
    };
    const auto K = [&](std::size_t k, std::size_t v) {
        return colour + static_cast<int>(k * values.size() + v);
    };
    for (std::size_t x = 0; x < d.matrix.rows; ++x)
        for (std::size_t y = 0; y < d.matrix.cols; ++y) {
            const std::int64_t v = d.matrix.at(x, y);
            const auto vi = static_cast<std::size_t>(
                std::lower_bound(values.begin(), values.end(), v) - values.begin());
            std::vector<int> some;
            for (std::size_t k = 0; k < t; ++k) {
                cnf.clause({-Z(k, x, y), R(k, x)});
                cnf.clause({-Z(k, x, y), C(k, y)});
                cnf.clause({Z(k, x, y), -R(k, x), -C(k, y)});
                if (!value) {
                    cnf.clause({-Z(k, x, y), K(k, vi)});
                    for (std::size_t j = 0; j < k; ++j) cnf.clause({-Z(k, x, y), -Z(j, x, y)});
                } else if (v != *value) {
                    cnf.clause({-Z(k, x, y)});
                }
                some.push_back(Z(k, x, y));
            }
            if (!value || v == *value) cnf.clause(some);
        }
    if (!value)
        for (std::size_t k = 0; k < t; ++k)
            for (std::size_t i = 0; i < values.size(); ++i)
                for (std::size_t j = 0; j < i; ++j) cnf.clause({-K(k, i), -K(k, j)});
    count.count = t;
    count.variables = cnf.variables();
    count.clauses = cnf.clauses();
    count.satisfiable = cnf.solve();
    if (!count.satisfiable) return std::nullopt;
    std::vector<Rectangle> out;
    for (std::size_t k = 0; k < t; ++k) {
        std::vector<bool> rowIn(d.matrix.rows), colIn(d.matrix.cols);
        bool any = false;
        std::int64_t v = value.value_or(0);
        for (std::size_t x = 0; x < d.matrix.rows; ++x)
            for (std::size_t y = 0; y < d.matrix.cols; ++y)
                if (cnf.value(Z(k, x, y))) {
                    rowIn[x] = colIn[y] = any = true;
                    v = d.matrix.at(x, y);
                }
        if (any) out.push_back(expand(d, rowIn, colIn, v));
    }
    return out;
}

/// The leaves of a tree as rectangles of the original matrix.
void leavesOf(const ProtocolNode& node, std::vector<std::size_t> rows,
              std::vector<std::size_t> cols, std::vector<Rectangle>& out) {
    if (node.kind == ProtocolNode::Kind::Leaf) {
        if (!rows.empty() && !cols.empty()) out.push_back({rows, cols, node.value});
        return;
    }
    const bool alice = node.kind == ProtocolNode::Kind::Alice;
    std::vector<std::size_t> zero, one;
    for (const std::size_t i : alice ? rows : cols)
        (std::find(node.zero.begin(), node.zero.end(), i) != node.zero.end() ? zero : one)
            .push_back(i);
    leavesOf(*node.child[0], alice ? zero : rows, alice ? cols : zero, out);
    leavesOf(*node.child[1], alice ? one : rows, alice ? cols : one, out);
}

}  // namespace

RectangleNumber partitionNumber(const CommMatrix& m, const ProtocolNode& tree) {
    const Distinct d = checkedDistinct(m, "partition number");
    std::vector<Rectangle> upper;
    std::vector<std::size_t> rows(m.rows), cols(m.cols);
    std::iota(rows.begin(), rows.end(), 0);
    std::iota(cols.begin(), cols.end(), 0);
    leavesOf(tree, rows, cols, upper);
    CCSIM_CHECK(coversCorrectly(m, upper, true));
    std::size_t lower = 0;
    for (const std::int64_t v : d.matrix.distinctValues()) {
        CommMatrix indicator{d.matrix.rows, d.matrix.cols, {}};
        for (const std::int64_t x : d.matrix.values) indicator.values.push_back(x == v ? 1 : 0);
        lower += static_cast<std::size_t>(rankRational(indicator));
    }
    RectangleNumber result;
    for (std::size_t t = lower; t < upper.size(); ++t) {
        SatCount asked;
        std::optional<std::vector<Rectangle>> found = solve(d, t, std::nullopt, asked);
        result.asked.push_back(asked);
        if (found) {
            result.count = t;
            result.rectangles = std::move(*found);
            CCSIM_CHECK(result.rectangles.size() == t &&
                        coversCorrectly(m, result.rectangles, true));
            return result;
        }
    }
    result.count = upper.size();  // every smaller count was refused: the tree's leaves
    result.rectangles = std::move(upper);
    return result;
}

RectangleNumber coverNumber(const CommMatrix& m, std::int64_t value) {
    const Distinct d = checkedDistinct(m, "cover number");
    const std::vector<std::int64_t> values = m.distinctValues();
    if (std::find(values.begin(), values.end(), value) == values.end())
        throw UsageError(fmt::format("the matrix has no cell of value {}", value));
    RectangleNumber result;
    // One rectangle per distinct row's cells of that value always suffices.
    for (std::size_t t = 1; t <= d.matrix.rows; ++t) {
        SatCount asked;
        std::optional<std::vector<Rectangle>> found = solve(d, t, value, asked);
        result.asked.push_back(asked);
        if (found) {
            result.count = found->size();
            result.rectangles = std::move(*found);
            CCSIM_CHECK(result.count == t && coversCorrectly(m, result.rectangles, false, value));
            return result;
        }
    }
    throw InternalError("no cover by one rectangle per row was found");
}

bool coversCorrectly(const CommMatrix& m, const std::vector<Rectangle>& rectangles, bool partition,
                     std::optional<std::int64_t> only) {
    std::vector<std::size_t> times(m.rows * m.cols, 0);
    for (const Rectangle& rect : rectangles)
        for (const std::size_t x : rect.rows)
            for (const std::size_t y : rect.cols) {
                if (x >= m.rows || y >= m.cols || m.at(x, y) != rect.value) return false;
                ++times[x * m.cols + y];
            }
    for (std::size_t x = 0; x < m.rows; ++x)
        for (std::size_t y = 0; y < m.cols; ++y) {
            const std::size_t n = times[x * m.cols + y];
            if (only && m.at(x, y) != *only) continue;
            if (n == 0 || (partition && n > 1)) return false;
        }
    return true;
}

}  // namespace ccsim::cc
