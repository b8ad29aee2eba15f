#pragma once
/// \file
/// Contiguous work split over threads, for the engine, the models' all-position passes and
/// anything else that cuts [0, n) into ranges. Results must not depend on the thread count:
/// callers write each item's result to its own place, or merge ranges in range order.

#include <algorithm>
#include <cstdint>
#include <exception>
#include <future>
#include <utility>
#include <vector>

namespace ccsim {

/// [begin, end) of range t when n items are cut into `ranges` contiguous ranges whose sizes
/// differ by at most one (the first n % ranges get one more).
inline std::pair<std::uint64_t, std::uint64_t> rangeOf(std::uint64_t n, std::uint64_t ranges,
                                                       std::uint64_t t) {
    const std::uint64_t begin = n / ranges * t + std::min(t, n % ranges);
    return {begin, begin + n / ranges + (t < n % ranges ? 1 : 0)};
}

/// Runs body(t) for t in [0, threads): t = 0 on the calling thread, the others on threads of
/// their own. Waits for all of them, then rethrows the exception of the lowest t that threw.
template <class Body>
void parallelRun(std::size_t threads, Body body) {
    std::vector<std::future<void>> futures;
    for (std::size_t t = 1; t < threads; ++t)
        futures.push_back(std::async(std::launch::async, body, t));
    std::exception_ptr first;
    try {
        body(0);
    } catch (...) {
        first = std::current_exception();
    }
    for (auto& f : futures) {
        try {
            f.get();
        } catch (...) {
            if (!first) first = std::current_exception();
        }
    }
    if (first) std::rethrow_exception(first);
}

/// Calls body(begin, end) on min(threads, n) contiguous ranges of [0, n) in parallel.
template <class Body>
void parallelFor(std::size_t threads, std::uint64_t n, Body body) {
    if (n == 0) return;
    const std::uint64_t ranges = std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, n));
    parallelRun(ranges, [&](std::size_t t) {
        const auto [begin, end] = rangeOf(n, ranges, t);
        body(begin, end);
    });
}

}  // namespace ccsim
