#pragma once
/// \file
/// Match3 by one attention layer with a small modulus (docs/theory/disj_match3.md
/// [ours]): uniform attention (Q = K = 0) with V(x) = e_{x mod M} ∈ R^M returns the residue
/// histogram divided by N; the public read-out then checks for residues r1, r2 present with
/// x_i + r1 + r2 ≡ 0 (mod M). m = 1, d_v = d_out = M; counts are integers, so a fixed-point
/// format with ⌈log2 N⌉ + 1 integer bits carries block sums exactly.

#include <cstdint>
#include <memory>
#include <vector>

#include <ccsim/model/attention.hpp>

namespace ccsim {

/// Tokens are one coordinate: a residue in [0, M).
std::shared_ptr<const AttentionModel> makeMatch3Histogram(std::size_t modulus);

/// The histogram read-out at a token of residue `value` among `tokens` tokens: Match3 holds
/// iff residues r1, r2 of two other tokens (distinct from each other and from this one) have
/// value + r1 + r2 ≡ 0 (mod M). `output` is the model's output (the histogram / N).
bool match3FromHistogram(const Vector& output, std::size_t tokens, std::size_t value,
                         std::size_t modulus);

}  // namespace ccsim
