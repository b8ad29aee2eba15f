#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/attention.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/numeric/linalg.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/parallel.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

double attentionWeightBytes(std::size_t features, std::size_t heads, std::size_t m, std::size_t dv,
                            std::size_t dout) {
    const double f = static_cast<double>(features);
    const double perHead = (2.0 * static_cast<double>(m) + static_cast<double>(dv)) * f +
                           static_cast<double>(dout) * static_cast<double>(dv);
    return perHead * static_cast<double>(heads) * static_cast<double>(sizeof(double));
}

namespace {

void expectShape(const Matrix& m, Eigen::Index rows, Eigen::Index cols, const std::string& what) {
    if (m.rows() != rows || m.cols() != cols)
        throw UsageError(fmt::format("{} has shape [{}, {}], expected [{}, {}]", what, m.rows(),
                                     m.cols(), rows, cols));
}

void expectSize(const Vector& v, Eigen::Index size, const std::string& what) {
    if (v.size() != size)
        throw UsageError(fmt::format("{} has {} entries, expected {}", what, v.size(), size));
}

}  // namespace

AttentionModel::AttentionModel(std::shared_ptr<const FeatureMap> phi,
                               std::vector<AttentionHead> heads, Vector outBias, double temperature,
                               bool residual, std::string description)
    : AttentionModel(std::move(phi), std::move(heads), std::move(outBias), temperature,
                     residual ? Residual::Input : Residual::None, nullptr, std::move(description)) {
}

AttentionModel::AttentionModel(std::shared_ptr<const FeatureMap> phi,
                               std::vector<AttentionHead> heads, Vector outBias, double temperature,
                               Residual residual, std::shared_ptr<const FeatureMap> psi,
                               std::string description)
    : phi_(std::move(phi)),
      heads_(std::move(heads)),
      outBias_(std::move(outBias)),
      temperature_(temperature),
      residual_(residual),
      psi_(std::move(psi)),
      description_(std::move(description)) {
    CCSIM_CHECK(phi_ != nullptr);
    if (heads_.empty()) throw UsageError("an attention model needs at least one head");
    if (!std::isfinite(temperature_))
        throw UsageError(fmt::format("temperature {} is not finite", temperature_));
    const auto f = static_cast<Eigen::Index>(phi_->outputDim());
    const Eigen::Index m = heads_.front().wq.rows();
    const Eigen::Index dv = heads_.front().wv.rows();
    const Eigen::Index dout = outBias_.size();
    if (m < 1 || dv < 1 || dout < 1)
        throw UsageError("attention dimensions m, d_v and d_out must be at least 1");
    for (std::size_t h = 0; h < heads_.size(); ++h) {
        AttentionHead& head = heads_[h];
        const std::string name = fmt::format("head {} ", h);
        if (head.bq.size() == 0) head.bq = Vector::Zero(m);
        if (head.bk.size() == 0) head.bk = Vector::Zero(m);
        if (head.bv.size() == 0) head.bv = Vector::Zero(dv);
        expectShape(head.wq, m, f, name + "W_q");
        expectShape(head.wk, m, f, name + "W_k");
        expectShape(head.wv, dv, f, name + "W_v");
        expectShape(head.wo, dout, dv, name + "W_o");
        expectSize(head.bq, m, name + "b_q");
        expectSize(head.bk, m, name + "b_k");
        expectSize(head.bv, dv, name + "b_v");
    }
    for (const AttentionHead& head : heads_)
        maps_.push_back({linearMap(head.wq, head.bq), linearMap(head.wk, head.bk),
                         linearMap(head.wv, head.bv)});
    if (residual_ == Residual::Input && static_cast<std::size_t>(dout) != phi_->inputDim())
        throw UsageError(
            fmt::format("a residual output needs d_out = token dimension, got {} and {}", dout,
                        phi_->inputDim()));
    if (residual_ == Residual::Features && static_cast<std::size_t>(dout) != phi_->outputDim())
        throw UsageError(
            fmt::format("a residual over the features needs d_out = feature dimension, got {} "
                        "and {}",
                        dout, phi_->outputDim()));
    if (psi_ && psi_->inputDim() != static_cast<std::size_t>(dout))
        throw UsageError(
            fmt::format("the output map reads {} numbers, but d_out = {}", psi_->inputDim(), dout));
}

AttentionModel::LinearMap AttentionModel::linearMap(const Matrix& w, const Vector& b) {
    // A selection is [0 I 0]: an identity block of w's height, zeros elsewhere.
    Eigen::Index from = -1;
    for (Eigen::Index c = 0; c + w.rows() <= w.cols() && from < 0; ++c)
        if (w(0, c) == 1.0) from = c;
    if (from >= 0) {
        Matrix expected = Matrix::Zero(w.rows(), w.cols());
        expected.middleCols(from, w.rows()) = Matrix::Identity(w.rows(), w.rows());
        if (w != expected) from = -1;
    }
    return {&w, &b, from};
}

Vector AttentionModel::LinearMap::apply(const Vector& f) const {
    if (selectFrom >= 0) return f.segment(selectFrom, weight->rows()) + *bias;
    return *weight * f + *bias;
}

Embedding AttentionModel::embed(const Vector& x, std::size_t position) const {
    if (static_cast<std::size_t>(x.size()) != tokenDim())
        throw RunError(
            fmt::format("token has {} coordinates, the model expects {}", x.size(), tokenDim()));
    const Vector f = phi_->applyAt(x, position);
    Embedding e;
    for (const HeadMaps& h : maps_) {
        e.q.push_back(h.q.apply(f));
        e.k.push_back(h.k.apply(f));
        e.v.push_back(h.v.apply(f));
    }
    return e;
}

Embedding AttentionModel::embedQuantized(const Vector& x, std::size_t position,
                                         const Format& format) const {
    Embedding e = embed(x, position);
    for (std::size_t h = 0; h < heads_.size(); ++h) {
        e.q[h] = ccsim::quantize(e.q[h], format);
        e.k[h] = ccsim::quantize(e.k[h], format);
        e.v[h] = ccsim::quantize(e.v[h], format);
    }
    return e;
}

double AttentionModel::score(const Vector& q, const Vector& k) const {
    CCSIM_CHECK_OP(q.size(), ==, k.size());
    return score(q.data(), k.data(), static_cast<std::size_t>(q.size()));
}

double AttentionModel::score(const double* q, const double* k, std::size_t m) const {
    return temperature_ * orderedDot(q, k, m);
}

namespace {

/// Per-thread scratch for the sums below: rows of a column-major matrix are strided, so they
/// are copied out before the ordered sums; reusing the buffers keeps the hot loops free of
/// allocations without changing a single operation.
struct SumsScratch {
    std::vector<double> scores, row, rows;
    std::vector<const double*> pointers;
};
SumsScratch& sumsScratch() {
    thread_local SumsScratch scratch;
    return scratch;
}

/// The rows of values, contiguous in scratch.rows, and a pointer to each.
const double* const* rowPointers(const Matrix& values, SumsScratch& scratch) {
    const auto n = static_cast<std::size_t>(values.rows());
    const auto dv = static_cast<std::size_t>(values.cols());
    scratch.rows.resize(n * dv);
    scratch.pointers.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t c = 0; c < dv; ++c)
            scratch.rows[j * dv + c] =
                values(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(c));
        scratch.pointers[j] = scratch.rows.data() + j * dv;
    }
    return scratch.pointers.data();
}

}  // namespace

BlockSums AttentionModel::partialSums(const Vector& q, const Matrix& keys,
                                      const Matrix& values) const {
    CCSIM_CHECK(keys.rows() >= 1);
    CCSIM_CHECK_OP(keys.rows(), ==, values.rows());
    CCSIM_CHECK_OP(keys.cols(), ==, q.size());
    SumsScratch& scratch = sumsScratch();
    const auto n = static_cast<std::size_t>(keys.rows());
    const auto m = static_cast<std::size_t>(keys.cols());
    scratch.scores.resize(n);
    scratch.row.resize(m);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < m; ++c)
            scratch.row[c] = keys(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
        scratch.scores[r] = score(q.data(), scratch.row.data(), m);
    }
    return stableSums(scratch.scores.data(), rowPointers(values, scratch), n,
                      static_cast<std::size_t>(values.cols()));
}

BlockSums AttentionModel::stableSums(const Vector& scores, const Matrix& values) {
    CCSIM_CHECK(scores.size() >= 1);
    CCSIM_CHECK_OP(scores.size(), ==, values.rows());
    return stableSums(scores.data(), rowPointers(values, sumsScratch()),
                      static_cast<std::size_t>(values.rows()),
                      static_cast<std::size_t>(values.cols()));
}

BlockSums AttentionModel::stableSums(const double* scores, const double* const* values,
                                     std::size_t count, std::size_t dv) {
    CCSIM_CHECK(count >= 1);
    BlockSums sums;
    sums.numerator.resize(static_cast<Eigen::Index>(dv));
    sums.denominator =
        orderedSoftmaxSums(scores, values, count, dv, &sums.scoreMax, sums.numerator.data());
    return sums;
}

Vector AttentionModel::combine(const std::vector<BlockSums>& blocks) {
    CCSIM_CHECK(!blocks.empty());
    std::vector<const BlockSums*> pointers;
    for (const BlockSums& b : blocks) pointers.push_back(&b);
    Vector out;
    combineInto(pointers.data(), pointers.size(), out);
    return out;
}

void AttentionModel::combineInto(const BlockSums* const* blocks, std::size_t count, Vector& out) {
    CCSIM_CHECK(count >= 1);
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t b = 0; b < count; ++b) top = std::max(top, blocks[b]->scoreMax);
    const Eigen::Index dv = blocks[0]->numerator.size();
    out.setZero(dv);
    double denominator = 0;
    for (std::size_t b = 0; b < count; ++b) {
        // exp(0) is exactly 1: skip the call for the block that holds the maximum.
        const double shift = blocks[b]->scoreMax - top;
        const double scale = shift == 0 ? 1.0 : std::exp(shift);
        for (Eigen::Index c = 0; c < dv; ++c) out[c] += scale * blocks[b]->numerator[c];
        denominator += scale * blocks[b]->denominator;
    }
    // Only quantized denominators can vanish (a format that rounds them to 0); the output
    // is then defined as 0 rather than nan, on both sides of every protocol alike.
    if (!(denominator > 0)) {
        out.setZero(dv);
        return;
    }
    for (Eigen::Index c = 0; c < dv; ++c) out[c] /= denominator;
}

BlockSums AttentionModel::quantize(const BlockSums& sums, const Format& format) {
    return {format.quantize(sums.scoreMax), ccsim::quantize(sums.numerator, format),
            format.quantize(sums.denominator)};
}

Vector AttentionModel::readout(const std::vector<Vector>& headOutputs, const Vector& x,
                               std::size_t position) const {
    Vector out;
    readoutInto(headOutputs, x, position, out);
    return out;
}

void AttentionModel::readoutInto(const std::vector<Vector>& headOutputs, const Vector& x,
                                 std::size_t position, Vector& out) const {
    CCSIM_CHECK_OP(headOutputs.size(), ==, heads_.size());
    out = outBias_;
    for (std::size_t h = 0; h < heads_.size(); ++h) out += heads_[h].wo * headOutputs[h];
    if (residual_ == Residual::Input) out += x;
    if (residual_ == Residual::Features) out += phi_->applyAt(x, position);
    if (psi_) out = psi_->applyAt(out, position);
}

double AttentionModel::passBytes(std::size_t tokens, bool allPositions) const {
    const double n = static_cast<double>(tokens);
    const double h = static_cast<double>(heads_.size());
    const double m = static_cast<double>(keyDim()), dv = static_cast<double>(valueDim());
    // Embeddings, and the per-head key and value rows gathered from them.
    const double embeddings = n * h * (2 * m + dv) * 2 + n * static_cast<double>(featureDim());
    const double scores = allPositions ? n * n : n;
    return (embeddings + scores + n * static_cast<double>(outputDim())) * sizeof(double);
}

double AttentionModel::passOperations(std::size_t tokens, bool allPositions) const {
    const double n = static_cast<double>(tokens);
    const auto cost = [](const LinearMap& map) {
        return map.selectFrom >= 0 ? static_cast<double>(map.weight->rows())
                                   : 2.0 * static_cast<double>(map.weight->rows()) *
                                         static_cast<double>(map.weight->cols());
    };
    double perToken = static_cast<double>(featureDim());
    for (const HeadMaps& h : maps_) perToken += cost(h.q) + cost(h.k) + cost(h.v);
    const double queries = allPositions ? n : 1;
    const double attend = static_cast<double>(heads_.size()) * queries * n * 2 *
                          static_cast<double>(keyDim() + valueDim());
    return n * perToken + attend;
}

void AttentionModel::requirePass(std::size_t tokens, bool allPositions) const {
    const double bytes = passBytes(tokens, allPositions);
    const double operations = passOperations(tokens, allPositions);
    if (withinLimits(bytes, operations)) return;  // the common case formats nothing
    const std::string what =
        fmt::format("a forward pass of {} over {} tokens", description_, tokens);
    requireMemory(bytes, what, "features, Q, K and V of every token and the scores, as doubles",
                  "choose a smaller model or fewer tokens");
    requireWork(operations, what, "choose a smaller model or fewer tokens");
}

Vector AttentionModel::forward(const Matrix& x, std::size_t i) const {
    CCSIM_CHECK(static_cast<Eigen::Index>(i) < x.rows());
    requirePass(static_cast<std::size_t>(x.rows()), false);
    const auto n = x.rows();
    std::vector<Embedding> e;
    for (Eigen::Index j = 0; j < n; ++j)
        e.push_back(embed(x.row(j).transpose(), static_cast<std::size_t>(j)));
    std::vector<Vector> outputs;
    for (std::size_t h = 0; h < heads_.size(); ++h) {
        Matrix keys(n, static_cast<Eigen::Index>(keyDim()));
        Matrix values(n, static_cast<Eigen::Index>(valueDim()));
        for (Eigen::Index j = 0; j < n; ++j) {
            keys.row(j) = e[static_cast<std::size_t>(j)].k[h].transpose();
            values.row(j) = e[static_cast<std::size_t>(j)].v[h].transpose();
        }
        outputs.push_back(combine({partialSums(e[i].q[h], keys, values)}));
    }
    return readout(outputs, x.row(static_cast<Eigen::Index>(i)).transpose(), i);
}

Matrix AttentionModel::forward(const Matrix& x) const {
    // All positions at once: embeddings once, then per head the score matrix τ Q Kᵀ, a
    // stable row softmax and one product with V (GEMMs, vectorised by Eigen).
    const Eigen::Index n = x.rows();
    requirePass(static_cast<std::size_t>(n), true);
    std::vector<Matrix> q(heads_.size()), k(heads_.size()), v(heads_.size());
    for (std::size_t h = 0; h < heads_.size(); ++h) {
        q[h].resize(n, static_cast<Eigen::Index>(keyDim()));
        k[h].resize(n, static_cast<Eigen::Index>(keyDim()));
        v[h].resize(n, static_cast<Eigen::Index>(valueDim()));
    }
    for (Eigen::Index j = 0; j < n; ++j) {
        const Embedding e = embed(x.row(j).transpose(), static_cast<std::size_t>(j));
        for (std::size_t h = 0; h < heads_.size(); ++h) {
            q[h].row(j) = e.q[h].transpose();
            k[h].row(j) = e.k[h].transpose();
            v[h].row(j) = e.v[h].transpose();
        }
    }
    Matrix out = outBias_.transpose().replicate(n, 1);
    if (residual_ == Residual::Input) out += x;
    if (residual_ == Residual::Features)
        for (Eigen::Index j = 0; j < n; ++j)
            out.row(j) += phi_->applyAt(x.row(j).transpose(), static_cast<std::size_t>(j));
    for (std::size_t h = 0; h < heads_.size(); ++h) {
        Matrix scores = temperature_ * (q[h] * k[h].transpose());
        const Vector top = scores.rowwise().maxCoeff();
        scores = (scores.colwise() - top).array().exp().matrix();
        const Vector denominators = scores.rowwise().sum();
        const Matrix attended = (scores * v[h]).array().colwise() / denominators.array();
        out += attended * heads_[h].wo.transpose();
    }
    if (!psi_) return out;
    Matrix mapped(n, static_cast<Eigen::Index>(psi_->outputDim()));
    for (Eigen::Index j = 0; j < n; ++j)
        mapped.row(j) = psi_->applyAt(out.row(j).transpose(), static_cast<std::size_t>(j));
    return mapped;
}

/// What the quantized pass needs about all tokens, computed once: every token's quantized
/// embeddings, and per head and block the key and value rows of the block's tokens in
/// position order (one block under embeddings).
struct AttentionModel::QuantizedTokens {
    std::vector<Embedding> e;
    std::vector<std::vector<Matrix>> keys, values;  ///< [head][block in increasing id]
};

AttentionModel::QuantizedTokens AttentionModel::quantizedTokens(const Matrix& x,
                                                                const Format& format,
                                                                PrecisionModel precision,
                                                                const std::vector<int>& blockOf,
                                                                unsigned threads) const {
    const auto n = x.rows();
    const bool blocks = precision == PrecisionModel::PartialSums;
    if (blocks) CCSIM_CHECK_OP(blockOf.size(), ==, static_cast<std::size_t>(n));
    QuantizedTokens t;
    t.e.resize(static_cast<std::size_t>(n));
    parallelFor(threads, static_cast<std::uint64_t>(n),
                [&](std::uint64_t begin, std::uint64_t end) {
                    for (std::uint64_t j = begin; j < end; ++j)
                        t.e[j] = embedQuantized(x.row(static_cast<Eigen::Index>(j)).transpose(),
                                                static_cast<std::size_t>(j), format);
                });
    // Tokens of each block in position order; a single block under embeddings.
    std::map<int, std::vector<Eigen::Index>> members;
    for (Eigen::Index j = 0; j < n; ++j)
        members[blocks ? blockOf[static_cast<std::size_t>(j)] : 0].push_back(j);
    t.keys.resize(heads_.size());
    t.values.resize(heads_.size());
    for (std::size_t h = 0; h < heads_.size(); ++h) {
        for (const auto& [block, tokens] : members) {
            const auto rows = static_cast<Eigen::Index>(tokens.size());
            Matrix keys(rows, static_cast<Eigen::Index>(keyDim()));
            Matrix values(rows, static_cast<Eigen::Index>(valueDim()));
            for (Eigen::Index r = 0; r < rows; ++r) {
                const Embedding& er =
                    t.e[static_cast<std::size_t>(tokens[static_cast<std::size_t>(r)])];
                keys.row(r) = er.k[h];
                values.row(r) = er.v[h];
            }
            t.keys[h].push_back(std::move(keys));
            t.values[h].push_back(std::move(values));
        }
    }
    return t;
}

Vector AttentionModel::quantizedAt(const QuantizedTokens& t, const Matrix& x, std::size_t i,
                                   const Format& format, PrecisionModel precision) const {
    const bool blocks = precision == PrecisionModel::PartialSums;
    std::vector<Vector> outputs;
    for (std::size_t h = 0; h < heads_.size(); ++h) {
        std::vector<BlockSums> sums;
        for (std::size_t b = 0; b < t.keys[h].size(); ++b) {
            const BlockSums s = partialSums(t.e[i].q[h], t.keys[h][b], t.values[h][b]);
            sums.push_back(blocks ? quantize(s, format) : s);
        }
        outputs.push_back(combine(sums));
    }
    return readout(outputs, x.row(static_cast<Eigen::Index>(i)).transpose(), i);
}

Vector AttentionModel::forwardQuantized(const Matrix& x, std::size_t i, const Format& format,
                                        PrecisionModel precision,
                                        const std::vector<int>& blockOf) const {
    CCSIM_CHECK(static_cast<Eigen::Index>(i) < x.rows());
    requirePass(static_cast<std::size_t>(x.rows()), false);
    return quantizedAt(quantizedTokens(x, format, precision, blockOf, 1), x, i, format, precision);
}

Matrix AttentionModel::forwardQuantized(const Matrix& x, const Format& format,
                                        PrecisionModel precision, const std::vector<int>& blockOf,
                                        unsigned threads) const {
    requirePass(static_cast<std::size_t>(x.rows()), true);
    const QuantizedTokens t = quantizedTokens(x, format, precision, blockOf, threads);
    Matrix out(x.rows(), static_cast<Eigen::Index>(outputDim()));
    parallelFor(threads, static_cast<std::uint64_t>(x.rows()),
                [&](std::uint64_t begin, std::uint64_t end) {
                    for (std::uint64_t i = begin; i < end; ++i)
                        out.row(static_cast<Eigen::Index>(i)) =
                            quantizedAt(t, x, i, format, precision).transpose();
                });
    return out;
}

std::shared_ptr<const AttentionModel> makeRandomAttention(std::size_t tokenDim, std::size_t m,
                                                          std::size_t dv, std::size_t dout,
                                                          std::size_t heads, std::uint64_t seed) {
    if (tokenDim < 1 || m < 1 || dv < 1 || dout < 1 || heads < 1)
        throw UsageError("random attention needs d, m, d_v, d_out and H of at least 1");
    requireMemory(
        attentionWeightBytes(tokenDim, heads, m, dv, dout),
        fmt::format("random attention (d={}, m={}, d_v={}, H={})", tokenDim, m, dv, heads),
        "Q, K, V and O of every head, as doubles", "choose a smaller m, d_v, H or N");
    SplitMix64 rng(seed);
    auto draw = [&rng](Eigen::Index rows, Eigen::Index cols) {
        return gaussianMatrix(rng, rows, cols, 1.0 / std::sqrt(static_cast<double>(cols)));
    };
    const auto d = static_cast<Eigen::Index>(tokenDim);
    std::vector<AttentionHead> hs;
    for (std::size_t h = 0; h < heads; ++h) {
        AttentionHead head;
        head.wq = draw(static_cast<Eigen::Index>(m), d);
        head.wk = draw(static_cast<Eigen::Index>(m), d);
        head.wv = draw(static_cast<Eigen::Index>(dv), d);
        head.wo = draw(static_cast<Eigen::Index>(dout), static_cast<Eigen::Index>(dv));
        hs.push_back(std::move(head));
    }
    return std::make_shared<const AttentionModel>(
        std::make_shared<IdentityFeatures>(tokenDim), std::move(hs),
        Vector::Zero(static_cast<Eigen::Index>(dout)), 1.0 / std::sqrt(static_cast<double>(m)),
        false,
        fmt::format("random attention (d={}, m={}, d_v={}, d_out={}, H={}, seed {})", tokenDim, m,
                    dv, dout, heads, seed));
}

/// The family's name, spelled once: family() and the registry entry below read it.
constexpr std::string_view kFamily = "attention";

std::string_view AttentionModel::family() const { return kFamily; }

Vector AttentionModel::referenceAt(const Matrix& x, std::size_t t) const {
    checkPosition(x, t);
    return forward(x, t);
}

Vector AttentionModel::quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const {
    checkPosition(x, t);
    return forwardQuantized(x, t, q.format, q.precision, q.partition.blockOf);
}

Matrix AttentionModel::referenceAll(const Matrix& x, unsigned) const { return forward(x); }

Matrix AttentionModel::quantizedAll(const Matrix& x, const Quantization& q,
                                    unsigned threads) const {
    return forwardQuantized(x, q.format, q.precision, q.partition.blockOf, threads);
}

namespace {

const ModelFamilyRegistry::Registrar family({
    std::string(kFamily),
    "self-attention unit / multi-head layer (weights: construction, random, safetensors)",
    "H heads over a public feature map: Q, K in R^m, V in R^{d_v}, stable softmax with a public "
    "temperature, per-head output maps summed (+ x_i if residual). Reference and quantized "
    "passes (embeddings, partial-sums). Compiled by send-token, partial-sums, query-then-sums. "
    "See include/ccsim/model/attention.hpp.",
});

const PrecisionModelRegistry::Registrar embeddings({
    "embeddings",
    "Q, K, V are p-bit numbers; attention arithmetic is exact",
    "P1: every coordinate of Q, K, V is a value of the format; the softmax is exact. A party "
    "holding a token's quantized embeddings recomputes exactly.",
});

const PrecisionModelRegistry::Registrar partialSums({
    "partial-sums",
    "block partial softmax sums are p-bit numbers too",
    "P2: additionally each party block's (s_max, numerator, denominator) is quantized; blocks "
    "combine in a fixed order, the same in the model and the protocol.",
});

}  // namespace

}  // namespace ccsim
