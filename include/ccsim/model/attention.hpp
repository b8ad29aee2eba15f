#pragma once
/// \file
/// Self-attention units and multi-head attention (docs/architecture.md, "model"), evaluated
/// centrally: a reference forward pass in double precision and a quantized forward pass under a
/// number format and a precision model.
///
/// A model is a public token-wise feature map φ: R^d → R^f followed by H heads with linear
/// maps Q_h, K_h: R^f → R^m and V_h: R^f → R^{d_v} (with biases), a public temperature τ, and
/// an output map  out_i = Σ_h W_o^h · attn_h(X)_i + b_o  (+ x_i when the model is residual):
///
///     attn_h(X)_i = Σ_j exp(τ <Q_h(x_i), K_h(x_j)>) V_h(x_j) / Σ_j exp(τ <Q_h(x_i), K_h(x_j)>)
///
/// Per-head output maps W_o^h are what concatenate-then-project becomes after folding.
/// Softmax is computed stably through block partial sums (s_max, Σ e^{s-s_max} v,
/// Σ e^{s-s_max}); the exact pass is one block over all tokens in position order.
///
/// Precision models (every bit count names the one it used):
///  - embeddings (P1): every coordinate of Q, K, V is quantized; the rest is exact.
///  - partial-sums (P2): additionally each block's (s_max, numerator, denominator) is
///    quantized, blocks being the token sets of the parties; blocks are combined in
///    increasing block id. Compiled protocols call the same functions, which is why a
///    protocol's output equals forwardQuantized() bit for bit.
/// The temperature multiplies quantized scores: a public constant, equivalent to a scale of
/// the format, so fixed-point formats can carry large-temperature constructions.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include <ccsim/model/model.hpp>
#include <ccsim/model/tensor.hpp>
#include <ccsim/numeric/format.hpp>
#include <ccsim/numeric/linalg.hpp>

namespace ccsim {

/// A public token-wise map φ: R^d → R^f. Implementations must be pure functions of x.
class FeatureMap {
public:
    virtual ~FeatureMap() = default;
    virtual std::size_t inputDim() const = 0;
    virtual std::size_t outputDim() const = 0;
    /// φ(x); throws RunError if x is not a token this map understands.
    virtual Vector apply(const Vector& x) const = 0;
    /// φ of the token at `position`: what models call. The same as apply(x) unless the map
    /// adds a positional embedding (model/token_map.hpp).
    virtual Vector applyAt(const Vector& x, std::size_t /*position*/) const { return apply(x); }
    /// The positions a map has an embedding for; 0 when any position works.
    virtual std::size_t maxPositions() const { return 0; }
    /// One line, e.g. "identity" or "qsa_random keys (m=16)".
    virtual std::string describe() const = 0;
    /// The tensors and metadata a weights file names this map with when it plays `role`
    /// ("phi" or "psi"; docs/weights.md), such that loading them gives the same map; nullopt
    /// if it cannot be written (the default).
    virtual std::optional<TensorFile> exportTensors(const std::string& /*role*/) const {
        return std::nullopt;
    }
};

class IdentityFeatures final : public FeatureMap {
public:
    explicit IdentityFeatures(std::size_t dim) : dim_(dim) {}
    std::size_t inputDim() const override { return dim_; }
    std::size_t outputDim() const override { return dim_; }
    Vector apply(const Vector& x) const override { return x; }
    std::string describe() const override { return "identity"; }
    /// Nothing: a file without a map means the identity.
    std::optional<TensorFile> exportTensors(const std::string&) const override {
        return TensorFile{};
    }

private:
    std::size_t dim_;
};

struct AttentionHead {
    Matrix wq, wk;  ///< m × f
    Vector bq, bk;  ///< m
    Matrix wv;      ///< d_v × f
    Vector bv;      ///< d_v
    Matrix wo;      ///< d_out × d_v
};

/// A softmax block's partial sums, normalised by the block's largest score.
struct BlockSums {
    double scoreMax = 0;
    Vector numerator;  ///< Σ e^{s_j - s_max} v_j
    double denominator = 0;
};

/// The embeddings of one token: per head Q, K, V.
struct Embedding {
    std::vector<Vector> q, k, v;
};

/// Bytes of the weights of H heads over `features` input features (Q, K: m × f, V: d_v × f,
/// O: d_out × d_v), as doubles: what a construction checks with requireMemory first.
double attentionWeightBytes(std::size_t features, std::size_t heads, std::size_t m, std::size_t dv,
                            std::size_t dout);

class AttentionModel final : public Model {
public:
    /// What the output map adds before ψ: nothing, the token x_i (d_out = d), or its
    /// features φ(x_i) (d_out = f; a trained model's "h + attn(h)" over embedded tokens).
    enum class Residual { None, Input, Features };

    /// Checks all shapes (InternalError-free: throws UsageError naming the bad one).
    /// residual true is Residual::Input.
    AttentionModel(std::shared_ptr<const FeatureMap> phi, std::vector<AttentionHead> heads,
                   Vector outBias, double temperature, bool residual, std::string description);
    /// The same with a residual kind and an optional token-wise output map ψ applied last
    /// (nullptr: none); ψ reads d_out numbers, and outputDim() is its output dimension.
    AttentionModel(std::shared_ptr<const FeatureMap> phi, std::vector<AttentionHead> heads,
                   Vector outBias, double temperature, Residual residual,
                   std::shared_ptr<const FeatureMap> psi, std::string description);
    // The head maps point into heads_: moving keeps them valid, copying would not.
    AttentionModel(const AttentionModel&) = delete;
    AttentionModel& operator=(const AttentionModel&) = delete;
    AttentionModel(AttentionModel&&) = default;
    AttentionModel& operator=(AttentionModel&&) = default;

    std::size_t tokenDim() const override { return phi_->inputDim(); }
    std::size_t featureDim() const { return phi_->outputDim(); }
    std::size_t heads() const { return heads_.size(); }
    std::size_t keyDim() const { return static_cast<std::size_t>(heads_.front().wq.rows()); }
    std::size_t valueDim() const { return static_cast<std::size_t>(heads_.front().wv.rows()); }
    std::size_t outputDim() const override {
        return psi_ ? psi_->outputDim() : static_cast<std::size_t>(outBias_.size());
    }
    double temperature() const { return temperature_; }
    /// True if the output map reads x_i (residual): the read-out needs the target token.
    bool residual() const { return residual_ != Residual::None; }
    Residual residualKind() const { return residual_; }
    /// ψ, or nullptr.
    const FeatureMap* outputMap() const { return psi_.get(); }
    const std::string& description() const override { return description_; }
    const FeatureMap& features() const { return *phi_; }
    const std::vector<AttentionHead>& headWeights() const { return heads_; }
    const Vector& outBias() const { return outBias_; }

    /// Exact embeddings of token x at `position` (φ may add a positional embedding).
    Embedding embed(const Vector& x, std::size_t position) const;
    /// Embeddings with every coordinate quantized to format.
    Embedding embedQuantized(const Vector& x, std::size_t position, const Format& format) const;

    /// Reference forward pass at position i (double, nothing quantized).
    Vector forward(const Matrix& x, std::size_t i) const;
    /// Reference forward pass at every position (rows).
    Matrix forward(const Matrix& x) const;
    /// Quantized forward pass at position i. blockOf[j] is the block of token j (used under
    /// partial-sums only; may be empty under embeddings).
    Vector forwardQuantized(const Matrix& x, std::size_t i, const Format& format,
                            PrecisionModel precision, const std::vector<int>& blockOf) const;
    /// The quantized pass at every position (rows), bit for bit the rows of the pass above:
    /// each token is embedded once and each block's rows gathered once, then the positions
    /// are split over `threads` (the result does not depend on the count).
    Matrix forwardQuantized(const Matrix& x, const Format& format, PrecisionModel precision,
                            const std::vector<int>& blockOf, unsigned threads = 1) const;
    // The Model interface (model/model.hpp).
    std::string_view family() const override;
    Vector referenceAt(const Matrix& x, std::size_t t) const override;
    Vector quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const override;
    /// The all-position passes above.
    Matrix referenceAll(const Matrix& x, unsigned threads) const override;
    Matrix quantizedAll(const Matrix& x, const Quantization& q, unsigned threads) const override;

    /// What a forward pass over `tokens` tokens at every position (or, with allPositions
    /// false, at one) costs: the bytes it holds (every token's features and Q, K, V, and one
    /// head's score matrix) and its floating-point operations (φ, the head maps — a
    /// selection costs its rows, a dense map rows × columns — and the scores and sums).
    double passBytes(std::size_t tokens, bool allPositions) const;
    double passOperations(std::size_t tokens, bool allPositions) const;
    /// requireMemory and requireWork for one pass (ccsim/budget.hpp): every forward entry
    /// point calls it, so no pass allocates past the memory limit.
    void requirePass(std::size_t tokens, bool allPositions) const;

    /// Partial sums of one head over the rows of keys/values (tokens in position order),
    /// for the query q. Requires at least one row.
    BlockSums partialSums(const Vector& q, const Matrix& keys, const Matrix& values) const;
    /// The stable partial sums of one block from its (already tempered) scores and value rows:
    /// s_max, Σ e^{s_j - s_max} v_j, Σ e^{s_j - s_max}. partialSums() and the third-order
    /// model (model/third_order.hpp) both sum through this one function.
    static BlockSums stableSums(const Vector& scores, const Matrix& values);
    /// The same sums from raw scores and pointers to count value rows of dv doubles each
    /// (the tree engine's kernels gather cached rows this way); the same doubles as above.
    static BlockSums stableSums(const double* scores, const double* const* values,
                                std::size_t count, std::size_t dv);
    /// One tempered score τ <q, k>, summed in orderedDot's fixed order. partialSums() scores
    /// every key through it, so a kernel that caches scores per token gets the same doubles.
    double score(const Vector& q, const Vector& k) const;
    /// The same from m contiguous doubles each.
    double score(const double* q, const double* k, std::size_t m) const;
    /// Combines blocks (in the given order) into the attention output.
    static Vector combine(const std::vector<BlockSums>& blocks);
    /// combine() into out (resized to d_v), for kernels that reuse one vector per head.
    static void combineInto(const BlockSums* const* blocks, std::size_t count, Vector& out);
    /// Every number of the block quantized to format.
    static BlockSums quantize(const BlockSums& sums, const Format& format);
    /// The output map: ψ(Σ_h W_o^h headOutputs[h] + b_o (+ x or φ(x) if residual)) for the
    /// token x at `position` (unread without a residual).
    Vector readout(const std::vector<Vector>& headOutputs, const Vector& x,
                   std::size_t position) const;
    /// The same into out (reusing its storage): kernels call it once per instance.
    void readoutInto(const std::vector<Vector>& headOutputs, const Vector& x, std::size_t position,
                     Vector& out) const;

private:
    /// Applies one head's linear map; a map that only selects a block of φ(x) (as the
    /// constructions' do) is a copy instead of a dense product, with the same result.
    struct LinearMap {
        const Matrix* weight;
        const Vector* bias;
        Eigen::Index selectFrom;  ///< first selected column, or -1 for a dense product
        Vector apply(const Vector& f) const;
    };
    struct HeadMaps {
        LinearMap q, k, v;
    };
    static LinearMap linearMap(const Matrix& w, const Vector& b);
    struct QuantizedTokens;
    QuantizedTokens quantizedTokens(const Matrix& x, const Format& format, PrecisionModel precision,
                                    const std::vector<int>& blockOf, unsigned threads) const;
    Vector quantizedAt(const QuantizedTokens& t, const Matrix& x, std::size_t i,
                       const Format& format, PrecisionModel precision) const;

    std::shared_ptr<const FeatureMap> phi_;
    std::vector<AttentionHead> heads_;
    std::vector<HeadMaps> maps_;
    Vector outBias_;
    double temperature_;
    Residual residual_;
    std::shared_ptr<const FeatureMap> psi_;
    std::string description_;
};

/// A seeded random draw: Gaussian weights (variance 1/fan-in), zero biases, temperature 1/√m,
/// identity φ.
std::shared_ptr<const AttentionModel> makeRandomAttention(std::size_t tokenDim, std::size_t m,
                                                          std::size_t dv, std::size_t dout,
                                                          std::size_t heads, std::uint64_t seed);

}  // namespace ccsim
