#pragma once
/// \file
/// Token-wise maps a trained model applies to each token on its own: an input embedding or
/// feature map φ (a linear layer or a small MLP), a learned or sinusoidal positional
/// embedding, an output map ψ, and LayerNorm. They never look at another token, so in a
/// compiled protocol each party applies them to the tokens it holds and nothing crosses a
/// party boundary (docs/weights.md, "Token-wise maps").
///
/// A TokenMap is a sequence of steps applied in order:
///  - linear:      x ↦ W x + b                         (W: out × in, PyTorch's nn.Linear layout)
///  - activation:  relu, gelu (erf form, PyTorch's default), tanh, identity, per coordinate
///  - layer-norm:  x ↦ γ ⊙ (x − mean) / √(var + ε) + β, var the biased variance (nn.LayerNorm)
///  - learned positions:    x ↦ x + P[t] for the token at position t (P: positions × dim)
///  - sinusoidal positions: x ↦ x + PE(t), PE(t)[2i] = sin(t / 10000^{2i/dim}),
///                          PE(t)[2i+1] = cos(t / 10000^{2i/dim})

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/numeric/linalg.hpp>

namespace ccsim {

enum class Activation { Identity, Tanh, Relu, Gelu };

std::string_view nameOf(Activation act);
/// identity | tanh | relu | gelu; UsageError otherwise.
Activation parseActivation(std::string_view name);
/// The activation of one number.
double activate(Activation act, double x);
/// The activation of every coordinate.
Vector activate(Activation act, const Vector& x);

struct TokenStep {
    enum class Kind { Linear, Activation, LayerNorm, LearnedPositions, SinusoidalPositions };
    Kind kind = Kind::Linear;
    Matrix weight;  ///< linear: out × in; learned positions: positions × dim
    Vector bias;    ///< linear: out; layer norm: β (empty: 0)
    Vector gain;    ///< layer norm: γ (empty: 1)
    double eps = 1e-5;
    Activation activation = Activation::Identity;

    static TokenStep linear(Matrix w, Vector b);
    static TokenStep act(Activation a);
    static TokenStep layerNorm(Vector gain, Vector bias, double eps);
    static TokenStep learnedPositions(Matrix table);
    static TokenStep sinusoidalPositions();
};

/// x ↦ γ ⊙ (x − mean) / √(var + ε) + β with the biased variance; γ, β may be empty (1, 0).
Vector layerNorm(const Vector& x, const Vector& gain, const Vector& bias, double eps);

class TokenMap final : public FeatureMap {
public:
    /// Checks every step's shape against the dimension it receives (UsageError naming the
    /// step). `name` prefixes messages and describe(), e.g. "phi".
    TokenMap(std::size_t inputDim, std::vector<TokenStep> steps, std::string name);

    std::size_t inputDim() const override { return inputDim_; }
    std::size_t outputDim() const override { return outputDim_; }
    /// Position-free maps only (InternalError if a step adds positions).
    Vector apply(const Vector& x) const override;
    /// RunError if a learned table has no row for `position`.
    Vector applyAt(const Vector& x, std::size_t position) const override;
    std::size_t maxPositions() const override;
    std::string describe() const override;
    /// role.{i}.weight / .bias per linear or layer-norm step (i its place in the sequence,
    /// activations leaving gaps that metadata role.activation names), pos.weight or
    /// metadata positional for positions (last steps only, under "phi"); nullopt if the
    /// steps cannot be said that way (an activation first, positions in between).
    std::optional<TensorFile> exportTensors(const std::string& role) const override;
    const std::vector<TokenStep>& steps() const { return steps_; }

private:
    std::size_t inputDim_;
    std::size_t outputDim_;
    std::vector<TokenStep> steps_;
    std::string name_;
};

}  // namespace ccsim
