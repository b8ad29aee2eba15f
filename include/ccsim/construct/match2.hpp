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
/// Without positions the attention cannot tell a token from an equal one, so this unit
/// computes Match2 with repeats allowed (distinct=false: x_i matches itself when 2x_i ≡ 0).
/// Under distinct=true the tokens carry their position p (match2PositionTokens) and φ appends
/// a one-hot e_p; Q's position block is −3·e_{p_i} and K's e_{p_j}, so the score is
/// τ·(cos(θ_i + θ_j) − 3·[i = j]): a token scores ≤ −2 against itself and ≥ −1 against every
/// other, so with N ≥ 2 its own weight is below 1/(1 + e^τ) < 1/2 and the same argument goes
/// through with the other tokens only (a lone self-partner now gives a projection
/// ≤ 1 − δ + w_i·δ < 1 − δ/2). With N = 1 the only key is the token itself: the read-out,
/// built for N, answers 0 (there is no other token). m = 2 + N, d_v = 2. Exactness of
/// self-exclusion needs the N position coordinates: the matrix of "[i = j] shifted by a
/// constant" has rank at least N − 1.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <ccsim/model/attention.hpp>

namespace ccsim {

/// δ = 1 − cos(2π/M), the score gap of match2_trig.
double match2TrigGap(std::size_t modulus);
/// The default temperature for sequences of up to `tokens` tokens: 2·ln(4·max(N−1, 1)/δ)/δ.
double match2TrigTemperature(std::size_t modulus, std::size_t tokens);

/// The unit; temperature 0 means match2TrigTemperature(modulus, tokens). Tokens are one
/// coordinate, a residue in [0, M), or under `distinct` two, (residue, position in [0, N))
/// (RunError otherwise).
std::shared_ptr<const AttentionModel> makeMatch2Trig(std::size_t modulus, std::size_t tokens,
                                                     double temperature = 0, bool distinct = false);

/// Tokens (x_j mod M, j) for the distinct unit.
Matrix match2PositionTokens(const std::vector<std::uint64_t>& x, std::size_t modulus);

/// The read-out ψ at a token of residue `value`: 1 iff <output, u_value> > 1 − δ/2. `tokens`
/// is N for the distinct unit (N = 1 answers 0), or 0 for the unit with repeats.
bool match2FromTrig(const Vector& output, std::uint64_t value, std::size_t modulus,
                    std::size_t tokens = 0);

}  // namespace ccsim
