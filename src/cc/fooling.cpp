// The largest fooling set (cc/exact.hpp) as a maximum clique, with cliquer.

#include <algorithm>
#include <mutex>

#include <fmt/format.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>

#include "max_clique.h"

namespace ccsim::cc {

bool isFoolingSet(const CommMatrix& m, const FoolingSet& set) {
    for (std::size_t i = 0; i < set.cells.size(); ++i) {
        const auto [x, y] = set.cells[i];
        if (m.at(x, y) != set.value) return false;
        for (std::size_t j = 0; j < i; ++j) {
            const auto [u, w] = set.cells[j];
            if (m.at(x, w) == set.value && m.at(u, y) == set.value) return false;
        }
    }
    return true;
}

FoolingSet largestFoolingSet(const CommMatrix& m) {
    // One representative of each distinct row and column: equal rows never both appear.
    const std::vector<std::size_t> rows = classesOf(m, false).first;
    const std::vector<std::size_t> cols = classesOf(m, true).first;
    if (rows.size() > kMaxDistinct || cols.size() > kMaxDistinct)
        throw UsageError(fmt::format(
            "the matrix has {} distinct rows and {} distinct columns; the fooling-set search "
            "takes at most {} of each",
            rows.size(), cols.size(), kMaxDistinct));
    // cliquer keeps global state during a search.
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    FoolingSet best;
    for (const std::int64_t v : m.distinctValues()) {
        std::vector<std::pair<std::size_t, std::size_t>> cells;
        for (const std::size_t x : rows)
            for (const std::size_t y : cols)
                if (m.at(x, y) == v) cells.emplace_back(x, y);
        if (cells.size() <= best.cells.size()) continue;
        const std::size_t n = cells.size();
        std::vector<unsigned char> adjacent(n * n, 0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < i; ++j) {
                const auto [x, y] = cells[i];
                const auto [u, w] = cells[j];
                if (m.at(x, w) != v || m.at(u, y) != v) adjacent[i * n + j] = 1;
            }
        std::vector<int> members(n);
        const int size = ccsim_max_clique(static_cast<int>(n), adjacent.data(), members.data());
        if (static_cast<std::size_t>(size) > best.cells.size()) {
            best.value = v;
            best.cells.clear();
            for (int i = 0; i < size; ++i)
                best.cells.push_back(
                    cells[static_cast<std::size_t>(members[static_cast<std::size_t>(i)])]);
        }
    }
    CCSIM_CHECK(isFoolingSet(m, best));
    return best;
}

}  // namespace ccsim::cc
