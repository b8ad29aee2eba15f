#pragma once
/// \file
/// Multi-layer transformers (docs/architecture.md, "model"): L layers, each a multi-head attention
/// layer with a residual connection followed by a token-wise ReLU MLP with a residual connection,
///
///     y_i = x_i + Σ_h W_o^h attn_h(X)_i + b_o,      x'_i = y_i + W_2 relu(W_1 y_i + b_1) + b_2,
///
/// as an encoder (token i attends to every token) or a causal decoder (token i attends to
/// j ≤ i). The residual stream has the token dimension d throughout; the output at a
/// position is its final residual stream, which a public read-out turns into an answer.
///
/// Quantized passes follow the attention layer's precision models, layer by layer:
///  - embeddings (P1): every layer's Q, K, V are quantized; the rest is exact.
///  - partial-sums (P2): additionally every softmax block partial sum is quantized, the blocks
///    of token i being the tokens of each party among those i attends to (blocks with no
///    such token are skipped), combined in increasing block id.
/// The residual stream and the MLP never cross a party boundary in the compiled protocols
/// (each party updates its own tokens), so they stay exact. The compiled protocols call the
/// per-token functions below, which is why they agree with forwardQuantized() bit for bit.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/model/model.hpp>
#include <ccsim/model/token_map.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

/// post(x + W_2 act(W_1 pre(x) + b_1) + b_2), act ReLU unless set, pre and post token-wise
/// maps (LayerNorm in PyTorch's pre- and post-norm layers) or nullptr for none; a width-0
/// MLP is the identity.
struct Mlp {
    Matrix w1;  ///< width × d
    Vector b1;  ///< width
    Matrix w2;  ///< d × width
    Vector b2;  ///< d
    Activation activation = Activation::Relu;
    std::shared_ptr<const FeatureMap> pre, post;
    std::size_t width() const { return static_cast<std::size_t>(w1.rows()); }
    Vector apply(const Vector& x) const;
};

struct TransformerLayer {
    /// Reads the residual stream (identity features, or a LayerNorm before attention in a
    /// pre-norm layer), residual output x_i + ... (d_out = d), optionally followed by a
    /// token-wise ψ of dimension d → d (the LayerNorm after attention in a post-norm layer).
    std::shared_ptr<const AttentionModel> attention;
    Mlp mlp;
};

class TransformerModel final : public Model {
public:
    /// Checks that every layer reads and writes the same dimension d (UsageError otherwise).
    TransformerModel(std::vector<TransformerLayer> layers, bool causal, std::string description);

    std::size_t tokenDim() const override { return dim_; }
    /// The final residual stream: d entries.
    std::size_t outputDim() const override { return dim_; }
    std::size_t layers() const { return layers_.size(); }
    /// About the floating-point operations of a forward pass over `tokens` positions: every
    /// layer's attention at every position and its MLP.
    double passOperations(std::size_t tokens) const;
    bool causal() const { return causal_; }
    const TransformerLayer& layer(std::size_t l) const { return layers_.at(l); }
    const std::string& description() const override { return description_; }

    /// Whether token i attends to token j.
    bool attends(std::size_t i, std::size_t j) const { return !causal_ || j <= i; }

    /// Reference forward pass: the final residual stream of every position (rows).
    Matrix forward(const Matrix& x) const;
    /// Quantized forward pass: blockOf[j] is the block of token j (used under partial-sums;
    /// may be empty under embeddings).
    Matrix forwardQuantized(const Matrix& x, const Format& format, PrecisionModel precision,
                            const std::vector<int>& blockOf) const;
    // The Model interface (model/model.hpp).
    std::string_view family() const override;
    Vector referenceAt(const Matrix& x, std::size_t t) const override;
    Vector quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const override;
    /// The all-position passes above (one pass each; `threads` unused).
    Matrix referenceAll(const Matrix& x, unsigned threads) const override;
    Matrix quantizedAll(const Matrix& x, const Quantization& q, unsigned threads) const override;

    // The per-token pieces of a quantized layer, shared with the compiled protocols.

    /// Quantized Q, K, V of the residual-stream row of the token at `position`, layer l.
    Embedding embed(std::size_t l, const Vector& state, std::size_t position,
                    const Format& format) const;
    /// A head's partial sums at layer l for query q over rows (position order) of keys and
    /// values, quantized under partial-sums.
    BlockSums blockSums(std::size_t l, const Vector& q, const Matrix& keys, const Matrix& values,
                        const Format& format, PrecisionModel precision) const;
    /// The new residual stream of a token from its old one and, per head, its blocks'
    /// partial sums in increasing block id.
    Vector finish(std::size_t l, const Vector& state, std::size_t position,
                  const std::vector<std::vector<BlockSums>>& headBlocks) const;

private:
    std::vector<TransformerLayer> layers_;
    bool causal_;
    std::size_t dim_ = 0;
    std::string description_;
};

/// Gaussian weights: L layers of H heads with m = d_v = keyDim, MLP width `mlpWidth`,
/// residual stream of dimension d, weights scaled by 1/√fan-in. Deterministic in seed.
std::shared_ptr<const TransformerModel> makeRandomTransformer(std::size_t d, std::size_t layers,
                                                              std::size_t heads, std::size_t keyDim,
                                                              std::size_t mlpWidth, bool causal,
                                                              std::uint64_t seed);

}  // namespace ccsim
