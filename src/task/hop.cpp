#include <ccsim/error.hpp>
#include <ccsim/task/hop.hpp>
#include <ccsim/task/task.hpp>

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

namespace {

const TaskRegistry::Registrar registered({
    "hop",
    "hop_k: follow the previous occurrence of your symbol, step right, k times",
    "sigma(X, i) = 1 + max{j < i : x_j = x_i}; hop_k(X)_i = x at sigma^k(X, i), or undefined. "
    "hop_1 is the induction head. `ccsim eval hop` checks a construction at every position; "
    "hop_transformer puts INDEX into it. See docs/theory/hop_transformer.md.",
});

}  // namespace

}  // namespace ccsim
