#include <cmath>
#include <map>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/model/third_order.hpp>
#include <ccsim/numeric/random.hpp>

namespace ccsim {

int PairBlocks::of(std::size_t j, std::size_t k) const {
    const auto a = static_cast<std::size_t>(tokenBlock.at(j));
    const auto b = static_cast<std::size_t>(tokenBlock.at(k));
    return pairBlock.at(a).at(b);
}

namespace {

void expectShape(const Matrix& m, Eigen::Index rows, Eigen::Index cols, const std::string& what) {
    if (m.rows() != rows || m.cols() != cols)
        throw UsageError(fmt::format("third-order {} has shape [{}, {}], expected [{}, {}]", what,
                                     m.rows(), m.cols(), rows, cols));
}

void fillBias(Vector& b, Eigen::Index size, const std::string& what) {
    if (b.size() == 0) b = Vector::Zero(size);
    if (b.size() != size)
        throw UsageError(
            fmt::format("third-order {} has {} entries, expected {}", what, b.size(), size));
}

}  // namespace

ThirdOrderModel::ThirdOrderModel(std::shared_ptr<const FeatureMap> phi, ThirdOrderWeights weights,
                                 double temperature, bool readsToken, std::string description)
    : phi_(std::move(phi)),
      w_(std::move(weights)),
      temperature_(temperature),
      readsToken_(readsToken),
      description_(std::move(description)) {
    CCSIM_CHECK(phi_ != nullptr);
    if (!std::isfinite(temperature_))
        throw UsageError(fmt::format("temperature {} is not finite", temperature_));
    const auto f = static_cast<Eigen::Index>(phi_->outputDim());
    const Eigen::Index m = w_.wq.rows();
    const Eigen::Index dv = w_.wv1.rows();
    const Eigen::Index dout = w_.wo.rows();
    if (m < 1 || dv < 1 || dout < 1)
        throw UsageError("third-order attention needs m, d_v and d_out of at least 1");
    expectShape(w_.wq, m, f, "W_q");
    expectShape(w_.wk1, m, f, "W_k1");
    expectShape(w_.wk2, m, f, "W_k2");
    expectShape(w_.wv1, dv, f, "W_v1");
    expectShape(w_.wv2, dv, f, "W_v2");
    expectShape(w_.wo, dout, dv, "W_o");
    fillBias(w_.bq, m, "b_q");
    fillBias(w_.bk1, m, "b_k1");
    fillBias(w_.bk2, m, "b_k2");
    fillBias(w_.bv1, dv, "b_v1");
    fillBias(w_.bv2, dv, "b_v2");
    fillBias(w_.bo, dout, "b_o");
}

std::size_t ThirdOrderModel::outputDim() const {
    return static_cast<std::size_t>(w_.wo.rows()) + (readsToken_ ? tokenDim() : 0);
}

ThirdOrderEmbedding ThirdOrderModel::embed(const Vector& x) const {
    if (static_cast<std::size_t>(x.size()) != tokenDim())
        throw RunError(
            fmt::format("token has {} coordinates, the model expects {}", x.size(), tokenDim()));
    const Vector f = phi_->apply(x);
    return {w_.wq * f + w_.bq, w_.wk1 * f + w_.bk1, w_.wk2 * f + w_.bk2, w_.wv1 * f + w_.bv1,
            w_.wv2 * f + w_.bv2};
}

ThirdOrderEmbedding ThirdOrderModel::embedQuantized(const Vector& x, const Format& format) const {
    ThirdOrderEmbedding e = embed(x);
    for (Vector* v : {&e.q, &e.k1, &e.k2, &e.v1, &e.v2}) *v = quantize(*v, format);
    return e;
}

BlockSums ThirdOrderModel::sumsOf(const Vector& q, const Matrix& keys, const Matrix& values) const {
    return AttentionModel::stableSums(temperature_ * (keys * q), values);
}

Vector ThirdOrderModel::readout(const Vector& attention, const Vector& x) const {
    const Vector core = w_.wo * attention + w_.bo;
    if (!readsToken_) return core;
    CCSIM_CHECK_OP(static_cast<std::size_t>(x.size()), ==, tokenDim());
    Vector out(core.size() + x.size());
    out << core, x;
    return out;
}

Vector ThirdOrderModel::forward(const Matrix& x, std::size_t i) const {
    CCSIM_CHECK(static_cast<Eigen::Index>(i) < x.rows());
    std::vector<ThirdOrderEmbedding> e;
    for (Eigen::Index j = 0; j < x.rows(); ++j) e.push_back(embed(x.row(j).transpose()));
    std::vector<const ThirdOrderEmbedding*> all;
    for (const ThirdOrderEmbedding& t : e) all.push_back(&t);
    const auto sums = pairSums(e[i].q, all, all, [](std::size_t, std::size_t) { return true; });
    return readout(AttentionModel::combine({*sums}),
                   x.row(static_cast<Eigen::Index>(i)).transpose());
}

Vector ThirdOrderModel::forwardQuantized(const Matrix& x, std::size_t i, const Format& format,
                                         PrecisionModel precision, const PairBlocks& blocks) const {
    CCSIM_CHECK(static_cast<Eigen::Index>(i) < x.rows());
    const auto n = static_cast<std::size_t>(x.rows());
    std::vector<ThirdOrderEmbedding> e;
    for (std::size_t j = 0; j < n; ++j)
        e.push_back(embedQuantized(x.row(static_cast<Eigen::Index>(j)).transpose(), format));
    std::vector<const ThirdOrderEmbedding*> all;
    for (const ThirdOrderEmbedding& t : e) all.push_back(&t);
    const Vector xi = x.row(static_cast<Eigen::Index>(i)).transpose();
    if (precision == PrecisionModel::Embeddings) {
        const auto sums = pairSums(e[i].q, all, all, [](std::size_t, std::size_t) { return true; });
        return readout(AttentionModel::combine({*sums}), xi);
    }
    CCSIM_CHECK_OP(blocks.tokenBlock.size(), ==, n);
    std::map<int, bool> ids;  // the pair blocks in use, in increasing id
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < n; ++k) ids[blocks.of(j, k)] = true;
    std::vector<BlockSums> sums;
    for (const auto& [id, used] : ids) {
        const auto s = pairSums(e[i].q, all, all, [&blocks, id = id](std::size_t j, std::size_t k) {
            return blocks.of(j, k) == id;
        });
        sums.push_back(AttentionModel::quantize(*s, format));
    }
    return readout(AttentionModel::combine(sums), xi);
}

std::shared_ptr<const ThirdOrderModel> makeRandomThirdOrder(std::size_t d, std::size_t m,
                                                            std::size_t dv, std::size_t dout,
                                                            double temperature, bool readsToken,
                                                            std::uint64_t seed) {
    requireMemory(matrixBytes(3.0 * static_cast<double>(m) + 2.0 * static_cast<double>(dv),
                              static_cast<double>(d)) +
                      matrixBytes(static_cast<double>(dout), static_cast<double>(dv)),
                  fmt::format("random third-order attention (d={}, m={}, d_v={})", d, m, dv),
                  "Q, K1, K2, V1, V2 and O, as doubles", "choose a smaller m or d_v");
    SplitMix64 rng(seed);
    auto draw = [&rng](std::size_t rows, std::size_t cols) {
        return gaussianMatrix(rng, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols),
                              1.0 / std::sqrt(static_cast<double>(cols)));
    };
    ThirdOrderWeights w;
    w.wq = draw(m, d);
    w.wk1 = draw(m, d);
    w.wk2 = draw(m, d);
    w.wv1 = draw(dv, d);
    w.wv2 = draw(dv, d);
    w.wo = draw(dout, dv);
    w.bo = draw(dout, 1).col(0);
    return std::make_shared<ThirdOrderModel>(
        std::make_shared<IdentityFeatures>(d), std::move(w), temperature, readsToken,
        fmt::format("random third-order attention (m={}, d_v={}, seed {})", m, dv, seed));
}

/// The family's name, spelled once: family() and the registry entry below read it.
constexpr std::string_view kFamily = "third_order";

std::string_view ThirdOrderModel::family() const { return kFamily; }

Vector ThirdOrderModel::referenceAt(const Matrix& x, std::size_t t) const {
    checkPosition(x, t);
    return forward(x, t);
}

Vector ThirdOrderModel::quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const {
    checkPosition(x, t);
    return forwardQuantized(x, t, q.format, q.precision, q.partition.pairs);
}

namespace {

const ModelFamilyRegistry::Registrar family({
    std::string(kFamily),
    "third-order attention: softmax over all N^2 ordered token pairs (Alman-Song)",
    "One head: score tau <Q(x_i), K1(x_j) * K2(x_k)>, value V1(x_j) * V2(x_k) (coordinate-wise), "
    "summed over all ordered pairs (j, k) with a stable softmax; output W_o f + b_o, followed by "
    "x_i when the read-out needs it. Reference and quantized passes; under partial-sums the "
    "pairs are cut into blocks. Compiled by nof. See include/ccsim/model/third_order.hpp.",
});

}  // namespace

}  // namespace ccsim
