#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/model/transformer.hpp>
#include <ccsim/numeric/random.hpp>

namespace ccsim {

Vector Mlp::apply(const Vector& x) const {
    if (width() == 0) return x;
    const Vector in = pre ? pre->apply(x) : x;
    const Vector out = x + w2 * activate(activation, w1 * in + b1) + b2;
    return post ? post->apply(out) : out;
}

TransformerModel::TransformerModel(std::vector<TransformerLayer> layers, bool causal,
                                   std::string description)
    : layers_(std::move(layers)), causal_(causal), description_(std::move(description)) {
    if (layers_.empty()) throw UsageError("a transformer needs at least one layer");
    dim_ = layers_.front().attention->tokenDim();
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const TransformerLayer& layer = layers_[l];
        CCSIM_CHECK(layer.attention != nullptr);
        const AttentionModel& a = *layer.attention;
        if (a.tokenDim() != dim_ || a.outputDim() != dim_ || !a.residual())
            throw UsageError(fmt::format(
                "transformer layer {}: attention must map the residual stream of dimension {} to "
                "itself with a residual connection (it reads {}, writes {}{})",
                l, dim_, a.tokenDim(), a.outputDim(), a.residual() ? "" : ", no residual"));
        if (a.features().outputDim() != dim_ ||
            a.residualKind() != AttentionModel::Residual::Input || a.features().maxPositions() != 0)
            throw UsageError(
                fmt::format("transformer layer {}: the attention must read the residual stream "
                            "token by token (identity or a layer norm) and add it back",
                            l));
        const Mlp& mlp = layer.mlp;
        const auto d = static_cast<Eigen::Index>(dim_);
        const auto w = mlp.w1.rows();
        const auto mapsStream = [&](const std::shared_ptr<const FeatureMap>& map) {
            return !map || (map->inputDim() == dim_ && map->outputDim() == dim_);
        };
        if (!mapsStream(mlp.pre) || !mapsStream(mlp.post))
            throw UsageError(fmt::format(
                "transformer layer {}: the MLP's norms must map dimension {} to itself", l, dim_));
        if (w > 0 && (mlp.w1.cols() != d || mlp.b1.size() != w || mlp.w2.rows() != d ||
                      mlp.w2.cols() != w || mlp.b2.size() != d))
            throw UsageError(fmt::format(
                "transformer layer {}: MLP shapes W1 [{}, {}], b1 [{}], W2 [{}, {}], b2 [{}] do "
                "not fit width {} and dimension {}",
                l, mlp.w1.rows(), mlp.w1.cols(), mlp.b1.size(), mlp.w2.rows(), mlp.w2.cols(),
                mlp.b2.size(), w, d));
    }
}

Embedding TransformerModel::embed(std::size_t l, const Vector& state, std::size_t position,
                                  const Format& format) const {
    return layers_.at(l).attention->embedQuantized(state, position, format);
}

BlockSums TransformerModel::blockSums(std::size_t l, const Vector& q, const Matrix& keys,
                                      const Matrix& values, const Format& format,
                                      PrecisionModel precision) const {
    const BlockSums s = layers_.at(l).attention->partialSums(q, keys, values);
    return precision == PrecisionModel::PartialSums ? AttentionModel::quantize(s, format) : s;
}

Vector TransformerModel::finish(std::size_t l, const Vector& state, std::size_t position,
                                const std::vector<std::vector<BlockSums>>& headBlocks) const {
    const TransformerLayer& layer = layers_.at(l);
    std::vector<Vector> outputs;
    outputs.reserve(headBlocks.size());
    for (const auto& blocks : headBlocks) outputs.push_back(AttentionModel::combine(blocks));
    return layer.mlp.apply(layer.attention->readout(outputs, state, position));
}

Matrix TransformerModel::forward(const Matrix& x) const {
    if (static_cast<std::size_t>(x.cols()) != dim_)
        throw RunError(
            fmt::format("tokens have {} coordinates, the transformer expects {}", x.cols(), dim_));
    const Eigen::Index n = x.rows();
    Matrix state = x;
    for (const TransformerLayer& layer : layers_) {
        const AttentionModel& a = *layer.attention;
        // What the heads read: the stream itself, or its per-token features (a pre-norm).
        Matrix features(n, state.cols());
        for (Eigen::Index j = 0; j < n; ++j)
            features.row(j) =
                a.features().applyAt(state.row(j).transpose(), static_cast<std::size_t>(j));
        // Per head: embeddings of every token, then one stable softmax per row (masked when
        // causal).
        Matrix next = a.outBias().transpose().replicate(n, 1) + state;
        for (std::size_t h = 0; h < a.heads(); ++h) {
            const AttentionHead& w = a.headWeights()[h];
            const Matrix q = (features * w.wq.transpose()).rowwise() + w.bq.transpose();
            const Matrix k = (features * w.wk.transpose()).rowwise() + w.bk.transpose();
            const Matrix v = (features * w.wv.transpose()).rowwise() + w.bv.transpose();
            Matrix scores = a.temperature() * (q * k.transpose());
            if (causal_)
                for (Eigen::Index i = 0; i < n; ++i)
                    for (Eigen::Index j = i + 1; j < n; ++j)
                        scores(i, j) = -std::numeric_limits<double>::infinity();
            const Vector top = scores.rowwise().maxCoeff();
            scores = (scores.colwise() - top).array().exp().matrix();
            const Vector denominators = scores.rowwise().sum();
            const Matrix attended = (scores * v).array().colwise() / denominators.array();
            next += attended * w.wo.transpose();
        }
        if (const FeatureMap* psi = a.outputMap())
            for (Eigen::Index j = 0; j < n; ++j)
                next.row(j) = psi->applyAt(next.row(j).transpose(), static_cast<std::size_t>(j));
        // The MLP of every token at once: two GEMMs (token by token when it has norms or
        // another activation).
        const Mlp& mlp = layer.mlp;
        if (mlp.width() == 0) {
            state = std::move(next);
        } else if (mlp.pre || mlp.post || mlp.activation != Activation::Relu) {
            for (Eigen::Index j = 0; j < n; ++j)
                next.row(j) = mlp.apply(next.row(j).transpose()).transpose();
            state = std::move(next);
        } else {
            const Matrix hidden =
                ((next * mlp.w1.transpose()).rowwise() + mlp.b1.transpose()).cwiseMax(0.0);
            Matrix out = hidden * mlp.w2.transpose();
            out.rowwise() += mlp.b2.transpose();
            state = next + out;
        }
    }
    return state;
}

Matrix TransformerModel::forwardQuantized(const Matrix& x, const Format& format,
                                          PrecisionModel precision,
                                          const std::vector<int>& blockOf) const {
    if (static_cast<std::size_t>(x.cols()) != dim_)
        throw RunError(
            fmt::format("tokens have {} coordinates, the transformer expects {}", x.cols(), dim_));
    const Eigen::Index n = x.rows();
    const auto count = static_cast<std::size_t>(n);
    const bool blocks = precision == PrecisionModel::PartialSums;
    if (blocks) CCSIM_CHECK_OP(blockOf.size(), ==, count);
    Matrix state = x;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const std::size_t heads = layers_[l].attention->heads();
        std::vector<Embedding> e;
        e.reserve(count);
        for (Eigen::Index j = 0; j < n; ++j)
            e.push_back(embed(l, state.row(j).transpose(), static_cast<std::size_t>(j), format));
        Matrix next(n, state.cols());
        for (std::size_t i = 0; i < count; ++i) {
            // The tokens i attends to, grouped by block in increasing block id, each group in
            // position order.
            std::map<int, std::vector<Eigen::Index>> members;
            for (std::size_t j = 0; j < count; ++j)
                if (attends(i, j))
                    members[blocks ? blockOf[j] : 0].push_back(static_cast<Eigen::Index>(j));
            std::vector<std::vector<BlockSums>> headBlocks(heads);
            for (std::size_t h = 0; h < heads; ++h)
                for (const auto& [block, tokens] : members) {
                    Matrix keys(static_cast<Eigen::Index>(tokens.size()), e[0].k[h].size());
                    Matrix values(static_cast<Eigen::Index>(tokens.size()), e[0].v[h].size());
                    for (std::size_t r = 0; r < tokens.size(); ++r) {
                        keys.row(static_cast<Eigen::Index>(r)) =
                            e[static_cast<std::size_t>(tokens[r])].k[h];
                        values.row(static_cast<Eigen::Index>(r)) =
                            e[static_cast<std::size_t>(tokens[r])].v[h];
                    }
                    headBlocks[h].push_back(
                        blockSums(l, e[i].q[h], keys, values, format, precision));
                }
            next.row(static_cast<Eigen::Index>(i)) =
                finish(l, state.row(static_cast<Eigen::Index>(i)).transpose(), i, headBlocks)
                    .transpose();
        }
        state = std::move(next);
    }
    return state;
}

double TransformerModel::passOperations(std::size_t tokens) const {
    double total = 0;
    for (const TransformerLayer& l : layers_)
        total += l.attention->passOperations(tokens, true) +
                 4.0 * static_cast<double>(tokens) * static_cast<double>(l.mlp.width()) *
                     static_cast<double>(l.attention->outputDim());
    return total;
}

std::shared_ptr<const TransformerModel> makeRandomTransformer(std::size_t d, std::size_t layers,
                                                              std::size_t heads, std::size_t keyDim,
                                                              std::size_t mlpWidth, bool causal,
                                                              std::uint64_t seed) {
    if (d < 1 || layers < 1 || heads < 1 || keyDim < 1)
        throw UsageError("a random transformer needs d, L, H and m of at least 1");
    requireMemory(static_cast<double>(layers) *
                      (attentionWeightBytes(d, heads, keyDim, keyDim, d) +
                       matrixBytes(static_cast<double>(mlpWidth), static_cast<double>(d), 2)),
                  fmt::format("a random transformer (d={}, L={}, H={}, m={}, MLP width {})", d,
                              layers, heads, keyDim, mlpWidth),
                  "every layer's attention and MLP weights, as doubles",
                  "choose a smaller d, L, H, m or MLP width");
    const auto dd = static_cast<Eigen::Index>(d);
    const auto w = static_cast<Eigen::Index>(mlpWidth);
    std::vector<TransformerLayer> ls;
    for (std::size_t l = 0; l < layers; ++l) {
        // The attention weights of a seeded random draw, with a residual output.
        const auto drawn =
            makeRandomAttention(d, keyDim, keyDim, d, heads, instanceSeed(seed, 2 * l));
        auto attention = std::make_shared<const AttentionModel>(
            std::make_shared<IdentityFeatures>(d), drawn->headWeights(), Vector::Zero(dd),
            drawn->temperature(), true, fmt::format("layer {}", l));
        Mlp mlp;
        if (w > 0) {
            SplitMix64 mrng(instanceSeed(seed, 2 * l + 1));
            mlp.w1 = gaussianMatrix(mrng, w, dd, 1.0 / std::sqrt(static_cast<double>(d)));
            mlp.w2 = gaussianMatrix(mrng, dd, w, 1.0 / std::sqrt(static_cast<double>(mlpWidth)));
            mlp.b1 = Vector::Zero(w);
            mlp.b2 = Vector::Zero(dd);
        }
        ls.push_back({std::move(attention), std::move(mlp)});
    }
    return std::make_shared<const TransformerModel>(
        std::move(ls), causal,
        fmt::format("random {} transformer (d={}, L={}, H={}, m=d_v={}, MLP width {}, seed {})",
                    causal ? "causal" : "encoder", d, layers, heads, keyDim, mlpWidth, seed));
}

/// The family's name, spelled once: family() and the registry entry below read it.
constexpr std::string_view kFamily = "transformer";

std::string_view TransformerModel::family() const { return kFamily; }

Vector TransformerModel::referenceAt(const Matrix& x, std::size_t t) const {
    checkPosition(x, t);
    return forward(x).row(static_cast<Eigen::Index>(t)).transpose();
}

Vector TransformerModel::quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const {
    checkPosition(x, t);
    return quantizedAll(x, q, 1).row(static_cast<Eigen::Index>(t)).transpose();
}

Matrix TransformerModel::referenceAll(const Matrix& x, unsigned) const { return forward(x); }

Matrix TransformerModel::quantizedAll(const Matrix& x, const Quantization& q, unsigned) const {
    return forwardQuantized(x, q.format, q.precision, q.partition.blockOf);
}

namespace {

const ModelFamilyRegistry::Registrar family({
    std::string(kFamily),
    "L multi-head layers with residuals and ReLU MLPs; encoder or causal decoder",
    "y_i = x_i + sum_h W_o^h attn_h(X)_i + b_o, then x'_i = y_i + W_2 relu(W_1 y_i + b_1) + b_2, "
    "layer by layer; encoder (full attention) or causal (j <= i). Quantized passes apply the "
    "attention precision models per layer. Compiled by layerwise, causal-prefix, "
    "causal-last-token. See include/ccsim/model/transformer.hpp.",
});

}  // namespace

}  // namespace ccsim
