#pragma once
/// \file
/// Match3 by third-order attention, m = 4 (docs/theory/match3_nof.md;
/// SHT23 propose the model, the weights are ccsim's [ours]). With θ = 2πx/M and a, b, g the
/// angles of x_i, x_j, x_k,
///
///     cos(a+b+g) = ca·cb·cg − ca·sb·sg − sa·cb·sg − sa·sb·cg,
///
/// so Q = (cos a, −cos a, −sin a, −sin a), K1 = (cos b, sin b, cos b, sin b) and
/// K2 = (cos g, sin g, sin g, cos g) give the score τ·cos(a+b+g), maximal (τ) exactly when
/// x_i + x_j + x_k ≡ 0 (mod M). V1 = (cos b, −sin b, sin b, cos b), V2 = (cos g, sin g,
/// cos g, sin g) and W_o = [[1, 1, 0, 0], [0, 0, 1, 1]] turn the softmax average into the
/// average of (cos(b+g), sin(b+g)); the read-out projects it on angle −a (it reads x_i) and
/// answers 1 iff the projection exceeds (1 + cos(2π/M))/2.
///
/// The sum runs over all ordered pairs, repeats included, so the model computes Match3 with
/// distinct=false. Temperature rule: every non-matching pair scores at most τ cos(2π/M), so
/// with γ = 1 − cos(2π/M) and τ = ln(16 N²/γ)/γ the matching pairs carry weight
/// w ≥ 1/(1 + γ/16), and 2w − 1 > (1 + cos(2π/M))/2; without a match the projection is at most
/// cos(2π/M) < (1 + cos(2π/M))/2. Exact in double; quantized passes need enough bits.

#include <cstddef>
#include <memory>

#include <ccsim/model/third_order.hpp>

namespace ccsim {

/// φ(x) = (cos 2πx/M, sin 2πx/M) for a one-coordinate token x (a residue).
class AngleFeatures final : public FeatureMap {
public:
    explicit AngleFeatures(std::size_t modulus) : modulus_(modulus) {}
    std::size_t inputDim() const override { return 1; }
    std::size_t outputDim() const override { return 2; }
    Vector apply(const Vector& x) const override;
    std::string describe() const override;

private:
    std::size_t modulus_;
};

/// τ = ln(16 N²/γ)/γ with γ = 1 − cos(2π/M): the rule above.
double match3TensorTemperature(std::size_t tokens, std::size_t modulus);

/// The construction for N tokens over Z_M (M >= 2); temperature 0 means the rule above.
std::shared_ptr<const ThirdOrderModel> makeMatch3Tensor(std::size_t tokens, std::size_t modulus,
                                                        double temperature = 0);

/// The read-out: output = (C, S, x_i) of makeMatch3Tensor's model; Match3 at x_i iff
/// cos(a)·C − sin(a)·S > (1 + cos(2π/M))/2.
bool match3FromTensor(const Vector& output, std::size_t modulus);

}  // namespace ccsim
