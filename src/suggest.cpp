#include <algorithm>
#include <cctype>
#include <string>

#include <ccsim/suggest.hpp>

namespace ccsim {

std::size_t editDistance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates) {
    // A value in the wrong case (--report JSON) is the candidate itself.
    const auto lower = [](std::string_view s) {
        std::string out(s);
        for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    for (const std::string& c : candidates)
        if (lower(c) == lower(name)) return c;
    std::string best;
    std::size_t bestDistance = 0;
    for (const std::string& c : candidates) {
        const std::size_t dist = editDistance(name, c);
        if (best.empty() || dist < bestDistance) {
            best = c;
            bestDistance = dist;
        }
    }
    // A plausible typo changes at most a third of the longer word (and at least one letter
    // may always be wrong).
    const std::size_t longer = std::max(name.size(), best.size());
    if (best.empty() || bestDistance > std::max<std::size_t>(1, longer / 3)) return {};
    return best;
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
    const std::string match = closestMatch(name, candidates);
    return match.empty() ? std::string() : " (did you mean '" + match + "'?)";
}

}  // namespace ccsim
