#pragma once
/// \file
/// Match2 by one attention unit with trigonometric embeddings (docs/theory/match2_or.md;
/// SHT23 shows one unit suffices, the weights here are [ours]).
///
/// θ = 2πx/M. φ(x) = (cos θ, sin θ); Q = (cos θ_i, sin θ_i), K = (cos θ_j, −sin θ_j), so the
/// score is τ·cos(θ_i + θ_j): maximal (= τ) exactly at partners x_j ≡ −x_i. V = (cos θ_j,
/// sin θ_j) and the model outputs the attention average (d_out = 2). The read-out ψ needs
/// x_i (a residual read-out): it projects the output on u_i = (cos θ_i, −sin θ_i), which
/// turns each value back into its score cos(θ_i + θ_j), and answers 1 iff the projection
/// exceeds 1 − δ/2 with δ = 1 − cos(2π/M), the gap between the best and second-best score.
///
/// Exactness (exact arithmetic): without a partner every score is ≤ 1 − δ, so the projection
/// (a weighted mean of scores) is ≤ 1 − δ: always answered 0, whatever τ. With a partner the
/// partners' weight W satisfies 1 − W ≤ (N−1)e^{−τδ}, and the projection ≥ 2W − 1 exceeds
/// 1 − δ/2 once (N−1)e^{−τδ} < δ/4, i.e. τ > ln(4(N−1)/δ)/δ. The default temperature is
/// twice that bound (margin for quantized Q, K, V).
///
/// The attention cannot tell a token from an equal one, so the unit computes Match2 with
/// repeats allowed (distinct=false: x_i matches itself when 2x_i ≡ 0). Under distinct=true
/// it is wrong exactly on a token with 2x_i ≡ 0 whose residue occurs only once.

#include <cstddef>
#include <cstdint>
#include <memory>

#include <ccsim/model/attention.hpp>

namespace ccsim {

/// δ = 1 − cos(2π/M), the score gap of match2_trig.
double match2TrigGap(std::size_t modulus);
/// The default temperature for sequences of up to `tokens` tokens: 2·ln(4·max(N−1, 1)/δ)/δ.
double match2TrigTemperature(std::size_t modulus, std::size_t tokens);

/// The unit; temperature 0 means match2TrigTemperature(modulus, tokens). Tokens are one
/// coordinate, a residue in [0, M) (RunError otherwise).
std::shared_ptr<const AttentionModel> makeMatch2Trig(std::size_t modulus, std::size_t tokens,
                                                     double temperature = 0);

/// The read-out ψ at a token of residue `value`: 1 iff <output, u_value> > 1 − δ/2.
bool match2FromTrig(const Vector& output, std::uint64_t value, std::size_t modulus);

}  // namespace ccsim
