#pragma once
/// \file
/// "Did you mean" for misspelt names (commands, reductions, parameters).

#include <string>
#include <string_view>
#include <vector>

namespace ccsim {

/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
std::size_t editDistance(std::string_view a, std::string_view b);

/// The candidate closest to name if it is close enough to be a plausible typo, else "".
std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "" — for appending to an error message.
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace ccsim
