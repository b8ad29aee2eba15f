#pragma once
/// \file
/// Recurrent networks (docs/architecture.md, "model"): L stacked causal layers over a public
/// token-wise feature map φ,
///
///     h^1_t = act(W_1 h^1_{t-1} + U_1 φ(x_t) + b_1),   h^l_t = act(W_l h^l_{t-1} + U_l h^{l-1}_t +
///     b_l),
///
/// h^l_0 = 0, each h^l_t ∈ R^m, and a public read-out ψ(h_N, x_N) at the last token. With a
/// number format every coordinate of every state is quantized after each step: the state
/// that crosses a party boundary is L·m p-bit numbers. A stacked causal RNN is a one-pass
/// streaming algorithm with L·m·p bits of memory, which is what the INDEX bound speaks about.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/model/model.hpp>
#include <ccsim/model/token_map.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

struct RnnLayer {
    Matrix w;  ///< m × m (recurrent)
    Matrix u;  ///< m × (f for the first layer, m for the others)
    Vector b;  ///< m
};

/// The read-out ψ: final states of every layer and the last token → output vector. Public.
class RnnReadout {
public:
    virtual ~RnnReadout() = default;
    virtual std::size_t outputDim() const = 0;
    virtual Vector apply(const std::vector<Vector>& states, const Vector& lastToken) const = 0;
    virtual std::string describe() const = 0;
};

/// ψ = W_o h^L + b_o.
class LinearReadout final : public RnnReadout {
public:
    LinearReadout(Matrix w, Vector b) : w_(std::move(w)), b_(std::move(b)) {}
    std::size_t outputDim() const override { return static_cast<std::size_t>(w_.rows()); }
    Vector apply(const std::vector<Vector>& states, const Vector&) const override {
        return w_ * states.back() + b_;
    }
    std::string describe() const override { return "linear"; }

private:
    Matrix w_;
    Vector b_;
};

class RnnModel final : public Model {
public:
    RnnModel(std::shared_ptr<const FeatureMap> phi, std::vector<RnnLayer> layers,
             Activation activation, std::shared_ptr<const RnnReadout> readout,
             std::string description);

    std::size_t tokenDim() const override { return phi_->inputDim(); }
    /// The read-out's entries.
    std::size_t outputDim() const override { return readout_->outputDim(); }
    std::size_t layers() const { return layers_.size(); }
    std::size_t stateDim() const { return static_cast<std::size_t>(layers_.front().w.rows()); }
    const std::string& description() const override { return description_; }

    /// The initial state: L zero vectors.
    std::vector<Vector> initialState() const;
    /// One step over token x; with a format, every new state coordinate is quantized.
    std::vector<Vector> step(const std::vector<Vector>& state, const Vector& x,
                             const std::optional<Format>& format) const;
    /// ψ at the last token.
    Vector readout(const std::vector<Vector>& state, const Vector& lastToken) const;

    /// The output after all rows of x (reference: no format; quantized: with one).
    Vector forward(const Matrix& x, const std::optional<Format>& format = std::nullopt) const;

    // The Model interface (model/model.hpp): the output at t is ψ after the prefix [0, t];
    // the quantized pass quantizes the state after every step (q.precision and q.partition
    // do not apply).
    std::string_view family() const override;
    Vector referenceAt(const Matrix& x, std::size_t t) const override;
    Vector quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const override;
    /// Every prefix's output in one pass over the tokens.
    Matrix quantizedAll(const Matrix& x, const Quantization& q, unsigned threads) const override;

private:
    std::shared_ptr<const FeatureMap> phi_;
    std::vector<RnnLayer> layers_;
    Activation activation_;
    std::shared_ptr<const RnnReadout> readout_;
    std::string description_;
};

/// Gaussian weights (recurrent scaled by 0.9/√m for stability), zero biases, identity φ, a
/// Gaussian linear read-out to d_out.
std::shared_ptr<const RnnModel> makeRandomRnn(std::size_t tokenDim, std::size_t m,
                                              std::size_t layers, std::size_t dout,
                                              Activation activation, std::uint64_t seed);

}  // namespace ccsim
