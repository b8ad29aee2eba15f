// Discrepancy under the uniform distribution (cc/exact.hpp), exactly: every subset of the
// smaller side in Gray-code order, with the other side's sums updated one row at a time.

#include <bit>
#include <cstdlib>

#include <fmt/format.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>

namespace ccsim::cc {

Discrepancy uniformDiscrepancy(const CommMatrix& m) {
    const std::vector<std::int64_t> values = m.distinctValues();
    if (values.size() != 2)
        throw UsageError(fmt::format(
            "discrepancy needs a matrix with exactly two values; this one has {}", values.size()));
    const bool transpose = m.rows > m.cols;
    const std::size_t side = transpose ? m.cols : m.rows, other = transpose ? m.rows : m.cols;
    if (side > kMaxDiscrepancySide)
        throw UsageError(fmt::format(
            "discrepancy enumerates the subsets of the smaller side, at most {} rows or "
            "columns; this matrix has {}×{}",
            kMaxDiscrepancySide, m.rows, m.cols));
    const auto sign = [&](std::size_t i, std::size_t j) -> std::int64_t {
        const std::int64_t v = transpose ? m.at(j, i) : m.at(i, j);
        return v == values[1] ? 1 : -1;
    };
    std::vector<std::int64_t> sums(other, 0);
    Discrepancy best;
    best.denominator = static_cast<std::uint64_t>(m.rows * m.cols);
    std::uint64_t bestSet = 0;
    bool bestPositive = true;
    std::uint64_t set = 0;
    for (std::uint64_t k = 1; k < (std::uint64_t{1} << side); ++k) {
        const auto flip = static_cast<std::size_t>(std::countr_zero(k));  // Gray code step
        set ^= std::uint64_t{1} << flip;
        const std::int64_t d = (set >> flip & 1) != 0 ? 1 : -1;
        std::int64_t positive = 0, negative = 0;
        for (std::size_t j = 0; j < other; ++j) {
            sums[j] += d * sign(flip, j);
            (sums[j] > 0 ? positive : negative) += sums[j];
        }
        const auto score = static_cast<std::uint64_t>(std::max(positive, -negative));
        if (score > best.numerator) {
            best.numerator = score;
            bestSet = set;
            bestPositive = positive >= -negative;
        }
    }
    // The rectangle: the best row set, and the columns whose sums have the winning sign.
    std::vector<std::int64_t> final(other, 0);
    for (std::size_t i = 0; i < side; ++i)
        if ((bestSet >> i & 1) != 0)
            for (std::size_t j = 0; j < other; ++j) final[j] += sign(i, j);
    std::vector<std::size_t> mine, theirs;
    for (std::size_t i = 0; i < side; ++i)
        if ((bestSet >> i & 1) != 0) mine.push_back(i);
    for (std::size_t j = 0; j < other; ++j)
        if (bestPositive ? final[j] > 0 : final[j] < 0) theirs.push_back(j);
    best.rows = transpose ? theirs : mine;
    best.cols = transpose ? mine : theirs;
    return best;
}

}  // namespace ccsim::cc
