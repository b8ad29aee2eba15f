#include <ccsim/error.hpp>
#include <ccsim/task/hop.hpp>

namespace ccsim {

std::optional<std::size_t> hopStep(const Sequence& x, std::size_t i) {
    CCSIM_CHECK_OP(i, <, x.size());
    for (std::size_t j = i; j-- > 0;)
        if (x[j] == x[i]) return j + 1;
    return std::nullopt;
}

std::optional<std::size_t> hopPosition(const Sequence& x, std::size_t i, std::size_t k) {
    std::optional<std::size_t> at = i;
    for (std::size_t step = 0; step < k && at; ++step) at = hopStep(x, *at);
    return at;
}

std::optional<std::size_t> hopAt(const Sequence& x, std::size_t i, std::size_t k) {
    const std::optional<std::size_t> at = hopPosition(x, i, k);
    if (!at) return std::nullopt;
    return x[*at];
}

Sequence sampleSequence(std::size_t n, std::size_t alphabet, SplitMix64& rng) {
    CCSIM_CHECK_OP(alphabet, >=, 1U);
    Sequence x(n);
    for (std::size_t& s : x) s = static_cast<std::size_t>(rng.below(alphabet));
    return x;
}

}  // namespace ccsim
