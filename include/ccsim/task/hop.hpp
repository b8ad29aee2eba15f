#pragma once
/// \file
/// hop_k, the k-hop induction-head task (docs/architecture.md, "task"; Sanford, Hsu, Telgarsky
/// 2024): over a sequence x_0..x_{N-1} of symbols,
///
///     σ(X, i) = 1 + max{ j < i : x_j = x_i }   (undefined if there is none),
///     hop_k(X)_i = x_{σ^k(X, i)}               (⊥ if any step is undefined).
///
/// hop_1 is the induction head: "find the previous occurrence of my symbol and return what
/// followed it". Positions are 0-based.

#include <cstddef>
#include <optional>
#include <vector>

#include <ccsim/numeric/random.hpp>

namespace ccsim {

using Sequence = std::vector<std::size_t>;

/// σ(X, i), or nothing if x_i does not occur before i.
std::optional<std::size_t> hopStep(const Sequence& x, std::size_t i);
/// σ^k(X, i), or nothing (⊥) if a step is undefined.
std::optional<std::size_t> hopPosition(const Sequence& x, std::size_t i, std::size_t k);
/// hop_k(X)_i: the symbol at σ^k(X, i), or nothing (⊥).
std::optional<std::size_t> hopAt(const Sequence& x, std::size_t i, std::size_t k);

/// A uniformly random sequence of n symbols from [0, alphabet).
Sequence sampleSequence(std::size_t n, std::size_t alphabet, SplitMix64& rng);

}  // namespace ccsim
