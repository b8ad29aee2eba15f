#pragma once
/// \file
/// Fully connected networks over a whole token sequence (docs/architecture.md, "model"):
///
///     f(X) = g(W vec(X) + b),   W ∈ R^{w × N·d},  b ∈ R^w,
///
/// vec(X) stacks the rows: coordinate c of token j is entry j·d + c. The first-layer width w is
/// the resource the qSA → FNN bound speaks about (SHT23 Thm 10). The rest g is a ReLU MLP
/// with weights of its own, g(u) = A_L σ(… σ(A_1 u + c_1) …) + c_L (σ = ReLU between layers,
/// none after the last; L = 1 makes g affine). The output is a vector; for qSA it is
/// vec(qSA(X)), N·d' numbers, row-major like the input.
///
/// Quantized evaluation follows the `first-layer` strategy (include/ccsim/compile/first_layer.hpp):
/// the sender's block of the pre-activation, Σ over its tokens of W_{:, j} x_j, is quantized
/// coordinate-wise to the format; everything else is exact. The compiled protocol calls the
/// same functions, so its output equals forwardSplit() bit for bit.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/model/model.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

struct TensorFile;

struct DenseLayer {
    Matrix a;  ///< out × in
    Vector c;  ///< out
};

class FnnModel final : public Model {
public:
    /// UsageError if the shapes do not chain (W is w × tokens·tokenDim, b has w entries, the
    /// first rest layer reads w numbers, each next one reads the previous one's output).
    FnnModel(std::size_t tokens, std::size_t tokenDim, Matrix w, Vector b,
             std::vector<DenseLayer> rest, std::string description);

    std::size_t tokens() const { return tokens_; }
    std::size_t tokenDim() const override { return tokenDim_; }
    /// The first-layer width w.
    std::size_t width() const { return static_cast<std::size_t>(w_.rows()); }
    std::size_t outputDim() const override;
    const Matrix& firstWeight() const { return w_; }
    const Vector& firstBias() const { return b_; }
    const std::vector<DenseLayer>& rest() const { return rest_; }
    const std::string& description() const override { return description_; }

    /// W_{:, block j} x: token j's share of the pre-activation (no bias).
    Vector tokenContribution(std::size_t position, const Vector& x) const;
    /// W vec(X) + b for an N × d matrix.
    Vector firstLayer(const Matrix& x) const;
    /// g(u).
    Vector applyRest(const Vector& u) const;
    /// f(X) in double precision.
    Vector forward(const Matrix& x) const;
    /// f(X) when the tokens with sender[j] true form one block whose pre-activation share is
    /// quantized to `format` (what the sender transmits), the rest exact.
    Vector forwardSplit(const Matrix& x, const std::vector<bool>& sender,
                        const Format& format) const;

    // The Model interface (model/model.hpp): one output, at the last position; the quantized
    // pass is forwardSplit with block 0 of q.partition as the sender (q.precision unused).
    std::string_view family() const override;
    bool outputsEveryPosition() const override { return false; }
    Vector referenceAt(const Matrix& x, std::size_t t) const override;
    Vector quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const override;

private:
    std::size_t tokens_;
    std::size_t tokenDim_;
    Matrix w_;
    Vector b_;
    std::vector<DenseLayer> rest_;
    std::string description_;
};

/// A seeded draw: W with N(0, 1/(N·d)) entries, b = 0; the rest has one hidden ReLU layer of
/// `hidden` units (none when hidden = 0: g affine) with N(0, 1/in) weights, zero biases, and
/// outputDim outputs.
std::shared_ptr<const FnnModel> makeRandomFnn(std::size_t tokens, std::size_t tokenDim,
                                              std::size_t width, std::size_t hidden,
                                              std::size_t outputDim, std::uint64_t seed);

/// An FNN from a safetensors file (docs/weights.md, "FNN tensor names"): first.weight
/// [w, N·d], first.bias [w] (optional), rest.{l}.weight [out, in], rest.{l}.bias [out]
/// (optional) for l = 0, 1, ... (at least one). Any other tensor is an error, as is a shape
/// that does not fit tokens × tokenDim. prefix: a sub-module of a larger state dict ("" for
/// the whole file), as for loadAttention.
std::shared_ptr<const FnnModel> loadFnn(const std::string& path, std::size_t tokens,
                                        std::size_t tokenDim, const std::string& prefix = "");
/// The same from tensors already read (include/ccsim/model/weights.hpp); path only names
/// their file in messages.
std::shared_ptr<const FnnModel> loadFnn(const TensorFile& file, const std::string& path,
                                        std::size_t tokens, std::size_t tokenDim,
                                        const std::string& prefix = "");

}  // namespace ccsim
