#pragma once
/// \file
/// q-sparse averaging (docs/architecture.md, "task", SHT23): token x_i = (z_i, y_i, i) with z_i ∈
/// R^{d'}, ‖z_i‖ ≤ 1, y_i ⊆ [N] with |y_i| = q, and qSA(X)_i = (1/q) Σ_{j ∈ y_i} z_j.
///
/// Token layout (d = d' + q + 1 coordinates): z_i, then the q positions of y_i in increasing
/// order (as reals), then i. Positions are 0-based.

#include <cstddef>
#include <vector>

#include <ccsim/numeric/linalg.hpp>
#include <ccsim/numeric/random.hpp>

namespace ccsim {

struct QsaShape {
    std::size_t n = 0;       ///< N, sequence length
    std::size_t q = 0;       ///< |y_i|
    std::size_t dprime = 0;  ///< d', dimension of z

    std::size_t tokenDim() const { return dprime + q + 1; }
    /// UsageError unless 1 <= q <= N and d' >= 1.
    void validate() const;
};

/// A token from its parts; y must hold q distinct positions < N (sorted on the way in).
Vector qsaToken(const QsaShape& shape, const Vector& z, std::vector<std::size_t> y, std::size_t i);

struct QsaTokenParts {
    Vector z;
    std::vector<std::size_t> y;
    std::size_t position = 0;
};
/// Reads a token back; RunError if its y or position coordinates are not valid positions.
QsaTokenParts qsaParts(const QsaShape& shape, const Vector& x);

/// qSA(X): N × d' (rows are outputs).
Matrix qsaReference(const QsaShape& shape, const Matrix& x);

/// A random input: z uniform in the unit ball, y_i a uniform q-subset of [N] (containing i
/// or not, as it falls).
Matrix sampleQsa(const QsaShape& shape, SplitMix64& rng);

}  // namespace ccsim
