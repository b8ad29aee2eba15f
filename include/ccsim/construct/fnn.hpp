#pragma once
/// \file
/// FNN weights for q-sparse averaging and the rank certificate of the qSA → FNN bound
/// (docs/theory/qsa_fnn.md; SHT23 Thm 10).
///
/// fnn_copy [ours]: the first layer copies z_j and y_j of every token (width N·(d' + q); the
/// position coordinate is implied by the layout), and g is an exact three-layer ReLU network:
///   1[y = j]   = σ(y − j + 1) − 2σ(y − j) + σ(y − j − 1)      (y an integer position)
///   z · 1[…]   = σ(z + ind − 1) − σ(−z + ind − 1)              (|z| ≤ 1, ind ∈ {0, 1})
///   out_{i,c}  = (1/q) Σ_{k<q} Σ_{j<N} z_{j,c} · 1[y_{i,k} = j]
/// so f(X) = vec(qSA(X)) exactly (up to double rounding) on every qSA input.
///
/// The certificate: restrict W to the z columns of tokens 0..half−1. If that block has a null
/// vector Δ (always when w < half·d'), X with z_j = −Δ_j/2 and X' with z_j = +Δ_j/2 on those
/// tokens (everything else equal) have the same first-layer pre-activation, so every g maps
/// them to the same output, while qSA at a query token whose y contains j* (the token with
/// the largest ‖Δ_j‖) differs by ‖Δ_{j*}‖/q. Δ is scaled so that ‖Δ_{j*}‖ = 2: both inputs are
/// valid (‖z‖ ≤ 1) and the two qSA values are 2/q apart, so the FNN misses one by at least
/// 1/q > ε = 1/(2q).

#include <cstddef>
#include <memory>
#include <vector>

#include <ccsim/model/fnn.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {

/// UsageError when the dense g would exceed about 2^22 weights (N²·q·d' too large).
std::shared_ptr<const FnnModel> makeFnnCopy(const QsaShape& shape);

/// The y of a non-query token i in the reductions: {i, i+1, …, i+q−1} mod N.
std::vector<std::size_t> qsaDefaultY(const QsaShape& shape, std::size_t i);

struct QsaNullPair {
    std::size_t columns = 0;  ///< half·d'
    std::size_t rank = 0;     ///< numerical rank of W restricted to those columns
    double sigmaMax = 0;      ///< largest singular value of that block
    double sigmaMin = 0;      ///< smallest (0 when w < columns)
    double relTol = 0;        ///< rank threshold relative to sigmaMax
    bool found = false;       ///< a null vector exists (rank < columns)
    // Only when found:
    Vector delta;               ///< columns entries, token-major; max block norm 2
    double residual = 0;        ///< max |W_Z Δ|
    std::size_t query = 0;      ///< position of the query token (N − 1)
    std::size_t j = 0;          ///< the token with the largest ‖Δ_j‖, in y of the query
    Matrix x, xPrime;           ///< the two inputs
    double firstLayerDiff = 0;  ///< max |W vec(X) − W vec(X')|
    Vector qsaX, qsaXPrime;     ///< qSA at the query token
    double qsaDiff = 0;         ///< ‖qsaX − qsaXPrime‖₂ (= 2/q)
    Vector outX, outXPrime;     ///< the model's outputs (its d' coordinates at the query)
};

/// Computes the certificate for the first `half` tokens (1 <= half, q − 1 <= N − 1 − half).
/// The kernel comes from a full SVD (Eigen::JacobiSVD) of the w × half·d' block; singular
/// values below relTol·σ_max count as zero. The model's output must be vec(qSA)-shaped
/// (N·d' numbers) for outX/outXPrime, else they stay empty.
QsaNullPair qsaNullPair(const FnnModel& model, const QsaShape& shape, std::size_t half,
                        double relTol = 1e-10);

}  // namespace ccsim
