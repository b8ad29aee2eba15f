#pragma once
/// \file
/// The theory's explicit attention weights for q-sparse averaging (docs/theory/disj_qsa.md), and a
/// seeded random draw of attention weights.
///
/// Both qSA constructions have the same shape: position j carries a fixed key u_j ∈ R^m,
/// the query of token i is w_{y_i} with <w_S, u_j> = 1 (or maximal) exactly for j ∈ S and
/// at most 1 − γ elsewhere, and the values are the z_j. With temperature
/// τ = log(2N/ε)/γ, attention puts all but a fraction ≈ ε/2 of its weight on y_i, so the
/// output is within ε of qSA. The feature map φ(x) = (w_{y(x)}, u_{position(x)}, z(x)) is
/// public; Q, K, V select its three blocks.
///
///  - qsa_random [ours, after SHT23 Thm 2]: u_j with random ±1/√m entries; w_S the least-
///    squares certificate U_S (U_Sᵀ U_S)⁻¹ 1. Needs m ≥ q; γ is the smallest margin over
///    all q-sets (or over a seeded sample of 20000 sets when there are more than 200000).
///    Large m, small p.
///  - qsa_cyclic [ours, after SHT23 Thm 3]: u_j on the trigonometric moment curve in R^{2q};
///    w_S the coefficients of P_S(θ) = −Π_{s∈S}(1 − cos(θ − θ_s)), zero on S and negative
///    elsewhere; γ ≥ (1 − cos(2π/N))^q. Small m, large p.
/// H > 1 heads repeat the construction, each contributing 1/H of the output.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {

struct QsaConstructionInfo {
    double margin = 0;       ///< γ used for the temperature
    double temperature = 0;  ///< τ
    std::size_t setsChecked = 0;
    bool allSets = false;  ///< γ is the minimum over all q-sets (else over a sample)
};

/// m = 0: the default key dimension (defaultQsaRandomKeyDim), searched upwards if needed.
/// Both are registered constructions of the kind (QsaShape → attention model), which
/// disj_qsa and `eval qsa` build by name (construct/construction.hpp).
std::shared_ptr<const AttentionModel> makeQsaRandom(const QsaShape& shape, std::size_t m,
                                                    double eps, std::uint64_t seed,
                                                    std::size_t heads,
                                                    QsaConstructionInfo* info = nullptr);

std::shared_ptr<const AttentionModel> makeQsaCyclic(const QsaShape& shape, double eps,
                                                    std::size_t heads,
                                                    QsaConstructionInfo* info = nullptr);

/// The largest key dimension a qSA construction is built with (the m parameter's range).
inline constexpr std::int64_t kMaxKeyDim = 1 << 14;
/// qsa_random's default key dimension 4q·⌈log2 N⌉ (at least q + 1). makeQsaRandom with m = 0
/// starts there and, if this seed's draw has no certificate with a positive margin, takes the
/// smallest m above it that has one.
std::size_t defaultQsaRandomKeyDim(const QsaShape& shape);

/// The trigonometric coefficients (a_1, b_1, ..., a_q, b_q) of
/// P_S(θ) = −Π_{s∈S}(1 − cos(θ − θ_s)), θ_s = 2πs/N, without the constant term.
Vector cyclicCertificate(std::size_t n, const std::vector<std::size_t>& set);
/// u_j = (cos θ_j, sin θ_j, ..., cos qθ_j, sin qθ_j).
Vector cyclicKey(std::size_t n, std::size_t q, std::size_t j);

}  // namespace ccsim
