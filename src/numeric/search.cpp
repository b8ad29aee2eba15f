#include <algorithm>
#include <limits>

#include <ccsim/error.hpp>
#include <ccsim/numeric/search.hpp>

namespace ccsim {

std::optional<std::int64_t> minimalValue(std::int64_t lo, std::int64_t hi,
                                         const std::function<bool(std::int64_t)>& ok,
                                         int* evaluations) {
    int calls = 0;
    auto test = [&](std::int64_t v) {
        ++calls;
        return ok(v);
    };
    if (lo > hi || lo == std::numeric_limits<std::int64_t>::min())
        throw InternalError("minimalValue needs lo <= hi and lo > INT64_MIN");
    // Exponential search for a passing value: lo, lo+1, lo+3, lo+7, ... capped at hi. Distances
    // are unsigned so that no step overflows near the ends of the range.
    const auto distance = [](std::int64_t a, std::int64_t b) {  // b - a for a <= b
        return static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
    };
    std::int64_t fail = lo - 1;  // largest value known to fail (lo - 1: none yet)
    std::optional<std::int64_t> found;
    for (std::uint64_t step = 1, v = 0;; step = step > (UINT64_MAX >> 1) ? step : step * 2) {
        const std::int64_t value = static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + v);
        if (test(value)) {
            found = value;
            break;
        }
        fail = value;
        if (value == hi) break;
        v += std::min(step, distance(value, hi));
    }
    if (!found) {
        if (evaluations) *evaluations = calls;
        return std::nullopt;
    }
    std::int64_t pass = *found;
    // Bisection between the last failure and the first pass.
    while (distance(fail, pass) > 1) {
        const std::int64_t mid =
            static_cast<std::int64_t>(static_cast<std::uint64_t>(fail) + distance(fail, pass) / 2);
        if (test(mid))
            pass = mid;
        else
            fail = mid;
    }
    // Known: ok(pass), and pass == lo or !ok(pass - 1) (fail == pass - 1 was tested or is
    // below lo).
    if (evaluations) *evaluations = calls;
    return pass;
}

}  // namespace ccsim
