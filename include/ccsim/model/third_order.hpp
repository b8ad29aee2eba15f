#pragma once
/// \file
/// Third-order attention (docs/architecture.md, "model"; SHT23 propose it, the formula is
/// Alman–Song, ICLR 2024): one head whose softmax runs over all N² ordered pairs (j, k) of tokens,
/// repeats included,
///
///     f(X)_i = Σ_{j,k} e^{τ <Q(x_i), K1(x_j) ⊙ K2(x_k)>} (V1(x_j) ⊙ V2(x_k))
///              / Σ_{j,k} e^{τ <Q(x_i), K1(x_j) ⊙ K2(x_k)>}
///
/// (⊙ coordinate-wise). Q, K1, K2: R^f → R^m and V1, V2: R^f → R^{d_v} are linear maps (with
/// biases) of a public token-wise feature map φ; the output is W_o f(X)_i + b_o, followed by
/// the token's own coordinates x_i when the model reads its token (the read-out ψ of a
/// construction that needs x_i, like match3_tensor).
///
/// A pair (j, k) behaves like one token of ordinary attention with key K1(x_j) ⊙ K2(x_k) and
/// value V1(x_j) ⊙ V2(x_k), so the softmax is summed with the same stable block sums
/// (AttentionModel::stableSums, combine, quantize) as ordinary attention.
///
/// Precision models:
///  - embeddings: Q, K1, K2, V1, V2 are quantized; the N² pairs form one block, in
///    lexicographic order (j, then k).
///  - partial-sums: additionally the pairs are split into blocks (PairBlocks) and each
///    block's (s_max, numerator, denominator) is quantized; blocks combine in increasing id,
///    pairs inside a block in lexicographic order. The NOF compiler (compile/nof.hpp) sums in
///    exactly these blocks, so its output equals forwardQuantized() bit for bit.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/model/model.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

struct ThirdOrderWeights {
    Matrix wq, wk1, wk2;  ///< m × f
    Vector bq, bk1, bk2;  ///< m (empty = zero)
    Matrix wv1, wv2;      ///< d_v × f
    Vector bv1, bv2;      ///< d_v (empty = zero)
    Matrix wo;            ///< d_out × d_v
    Vector bo;            ///< d_out (empty = zero)
};

/// The five embeddings of one token.
struct ThirdOrderEmbedding {
    Vector q, k1, k2, v1, v2;
};

class ThirdOrderModel final : public Model {
public:
    /// Checks every shape; UsageError names the bad one.
    ThirdOrderModel(std::shared_ptr<const FeatureMap> phi, ThirdOrderWeights weights,
                    double temperature, bool readsToken, std::string description);

    std::size_t tokenDim() const override { return phi_->inputDim(); }
    std::size_t keyDim() const { return static_cast<std::size_t>(w_.wq.rows()); }
    std::size_t valueDim() const { return static_cast<std::size_t>(w_.wv1.rows()); }
    /// d_out, plus the token dimension when the model reads its token.
    std::size_t outputDim() const override;
    double temperature() const { return temperature_; }
    bool readsToken() const { return readsToken_; }
    const std::string& description() const override { return description_; }
    const ThirdOrderWeights& weights() const { return w_; }

    ThirdOrderEmbedding embed(const Vector& x) const;
    /// Every coordinate of the five embeddings quantized to format.
    ThirdOrderEmbedding embedQuantized(const Vector& x, const Format& format) const;

    /// The stable sums over the pairs (j, k), j from `first`, k from `second` (rows of
    /// embeddings), in lexicographic order, keeping only the pairs for which keep(j, k) is
    /// true (indices into first and second). Empty result (nullopt) if no pair is kept.
    template <class Keep>
    std::optional<BlockSums> pairSums(const Vector& q,
                                      const std::vector<const ThirdOrderEmbedding*>& first,
                                      const std::vector<const ThirdOrderEmbedding*>& second,
                                      Keep keep) const;

    /// The output map: W_o attn + b_o, then x when the model reads its token.
    Vector readout(const Vector& attention, const Vector& x) const;

    /// Reference forward pass at position i (double, nothing quantized, one block).
    Vector forward(const Matrix& x, std::size_t i) const;
    /// Quantized forward pass at position i; `blocks` is used under partial-sums only.
    Vector forwardQuantized(const Matrix& x, std::size_t i, const Format& format,
                            PrecisionModel precision, const PairBlocks& blocks) const;

    // The Model interface (model/model.hpp): the pair blocks are q.partition.pairs.
    std::string_view family() const override;
    Vector referenceAt(const Matrix& x, std::size_t t) const override;
    Vector quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const override;

private:
    BlockSums sumsOf(const Vector& q, const Matrix& keys, const Matrix& values) const;

    std::shared_ptr<const FeatureMap> phi_;
    ThirdOrderWeights w_;
    double temperature_;
    bool readsToken_;
    std::string description_;
};

template <class Keep>
std::optional<BlockSums> ThirdOrderModel::pairSums(
    const Vector& q, const std::vector<const ThirdOrderEmbedding*>& first,
    const std::vector<const ThirdOrderEmbedding*>& second, Keep keep) const {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t a = 0; a < first.size(); ++a)
        for (std::size_t b = 0; b < second.size(); ++b)
            if (keep(a, b)) pairs.emplace_back(a, b);
    if (pairs.empty()) return std::nullopt;
    const auto rows = static_cast<Eigen::Index>(pairs.size());
    Matrix keys(rows, static_cast<Eigen::Index>(keyDim()));
    Matrix values(rows, static_cast<Eigen::Index>(valueDim()));
    for (Eigen::Index r = 0; r < rows; ++r) {
        const auto [a, b] = pairs[static_cast<std::size_t>(r)];
        keys.row(r) = first[a]->k1.cwiseProduct(second[b]->k2).transpose();
        values.row(r) = first[a]->v1.cwiseProduct(second[b]->v2).transpose();
    }
    return sumsOf(q, keys, values);
}

/// A seeded Gaussian draw (entries N(0, 1/f)) of a third-order model with identity features
/// on d-dimensional tokens; for faithfulness tests and random baselines.
std::shared_ptr<const ThirdOrderModel> makeRandomThirdOrder(std::size_t d, std::size_t m,
                                                            std::size_t dv, std::size_t dout,
                                                            double temperature, bool readsToken,
                                                            std::uint64_t seed);

}  // namespace ccsim
