#pragma once
/// \file
/// The search for the smallest passing value of an integer parameter: sweeps' name=auto and
/// the default key dimension of qsa_random.

#include <cstdint>
#include <functional>
#include <optional>

namespace ccsim {

/// The smallest v in [lo, hi] with ok(v), assuming ok is monotone (false then true): an
/// exponential search up from lo, then bisection. The result is always checked: ok(v) holds,
/// and v == lo or !ok(v - 1). Returns nullopt if ok(hi) is false. `evaluations` counts calls.
std::optional<std::int64_t> minimalValue(std::int64_t lo, std::int64_t hi,
                                         const std::function<bool(std::int64_t)>& ok,
                                         int* evaluations = nullptr);

}  // namespace ccsim
