#pragma once
/// \file
/// Arithmetic whose rounding is fixed by its definition, not by a library's kernel choice.
///
/// A compiled protocol, the model's own quantized pass and the tree engine's batched kernels
/// must produce the same doubles bit for bit (docs/architecture.md, "Faithfulness" and "The
/// engine"). A BLAS or Eigen product may sum in an order that depends on the matrix shape,
/// the alignment of the data or the CPU, so the scores and softmax sums of attention go
/// through the functions below instead: each one defines its summation order once, and
/// every path calls it. The build also turns off floating-point contraction
/// (`-ffp-contract=off`), so no compiler fuses a multiply and an add on one machine and not
/// on another.

#include <cstddef>

#include <Eigen/Dense>

#include <ccsim/numeric/format.hpp>

namespace ccsim {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

/// Quantizes every coordinate.
Vector quantize(const Vector& v, const Format& format);

/// Σ_i a[i]·b[i] in a fixed order: four partial sums s_l = Σ_{i ≡ l mod 4} a[i]·b[i], each
/// in increasing i over the first 4⌊n/4⌋ entries, combined as (s_0 + s_1) + (s_2 + s_3),
/// then the remaining entries added in increasing i. The four independent lanes let the
/// compiler use vector registers without changing a single rounding.
double orderedDot(const double* a, const double* b, std::size_t n);

/// The stable softmax partial sums of one block, in the order that defines them:
/// scoreMax = max_j scores[j]; w_j = exp(scores[j] - scoreMax);
/// numerator[c] = Σ_j w_j · values[j][c] and denominator = Σ_j w_j, both summed from 0 in
/// increasing j. `values[j]` points at dv contiguous doubles. Requires count >= 1.
/// Writes dv doubles to numerator and returns the denominator; *scoreMax receives the max.
double orderedSoftmaxSums(const double* scores, const double* const* values, std::size_t count,
                          std::size_t dv, double* scoreMax, double* numerator);

/// The second half of orderedSoftmaxSums from given weights w_j: numerator[c] = Σ_j w_j ·
/// values[j][c] and the returned denominator Σ_j w_j, both from 0 in increasing j.
/// orderedSoftmaxSums calls it, so weights computed elsewhere as exp(scores[j] - scoreMax)
/// give the same doubles.
double orderedWeightedSums(const double* weights, const double* const* values, std::size_t count,
                           std::size_t dv, double* numerator);

}  // namespace ccsim
