#include <cmath>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/model/rnn.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

RnnModel::RnnModel(std::shared_ptr<const FeatureMap> phi, std::vector<RnnLayer> layers,
                   Activation activation, std::shared_ptr<const RnnReadout> readout,
                   std::string description)
    : phi_(std::move(phi)),
      layers_(std::move(layers)),
      activation_(activation),
      readout_(std::move(readout)),
      description_(std::move(description)) {
    CCSIM_CHECK(phi_ != nullptr && readout_ != nullptr);
    if (layers_.empty()) throw UsageError("an RNN needs at least one layer");
    const Eigen::Index m = layers_.front().w.rows();
    if (m < 1) throw UsageError("an RNN needs a state of at least one coordinate");
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const RnnLayer& layer = layers_[l];
        const Eigen::Index in = l == 0 ? static_cast<Eigen::Index>(phi_->outputDim()) : m;
        if (layer.w.rows() != m || layer.w.cols() != m || layer.u.rows() != m ||
            layer.u.cols() != in || layer.b.size() != m)
            throw UsageError(fmt::format("RNN layer {} has inconsistent shapes (m = {})", l, m));
    }
}

std::vector<Vector> RnnModel::initialState() const {
    return std::vector<Vector>(layers_.size(), Vector::Zero(static_cast<Eigen::Index>(stateDim())));
}

std::vector<Vector> RnnModel::step(const std::vector<Vector>& state, const Vector& x,
                                   const std::optional<Format>& format) const {
    CCSIM_CHECK_OP(state.size(), ==, layers_.size());
    std::vector<Vector> next;
    Vector input = phi_->apply(x);
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        Vector h = layers_[l].w * state[l] + layers_[l].u * input + layers_[l].b;
        h = activate(activation_, h);
        if (format) h = quantize(h, *format);
        input = h;
        next.push_back(std::move(h));
    }
    return next;
}

Vector RnnModel::readout(const std::vector<Vector>& state, const Vector& lastToken) const {
    return readout_->apply(state, lastToken);
}

Vector RnnModel::forward(const Matrix& x, const std::optional<Format>& format) const {
    CCSIM_CHECK(x.rows() >= 1);
    std::vector<Vector> state = initialState();
    for (Eigen::Index t = 0; t < x.rows(); ++t) state = step(state, x.row(t).transpose(), format);
    return readout(state, x.row(x.rows() - 1).transpose());
}

std::shared_ptr<const RnnModel> makeRandomRnn(std::size_t tokenDim, std::size_t m,
                                              std::size_t layers, std::size_t dout,
                                              Activation activation, std::uint64_t seed) {
    if (tokenDim < 1 || m < 1 || layers < 1 || dout < 1)
        throw UsageError("a random RNN needs d, m, L and d_out of at least 1");
    {
        const double md = static_cast<double>(m);
        requireMemory(
            matrixBytes(md, md + static_cast<double>(tokenDim), static_cast<double>(layers)) +
                matrixBytes(static_cast<double>(dout), md),
            fmt::format("a random RNN (d={}, m={}, L={})", tokenDim, m, layers),
            "W (m×m) and U of every layer, as doubles", "choose a smaller m or L");
    }
    SplitMix64 rng(seed);
    auto draw = [&rng](Eigen::Index rows, Eigen::Index cols, double scale) {
        return gaussianMatrix(rng, rows, cols, scale);
    };
    const auto mm = static_cast<Eigen::Index>(m);
    std::vector<RnnLayer> ls;
    for (std::size_t l = 0; l < layers; ++l) {
        const Eigen::Index in = l == 0 ? static_cast<Eigen::Index>(tokenDim) : mm;
        ls.push_back({draw(mm, mm, 0.9 / std::sqrt(static_cast<double>(m))),
                      draw(mm, in, 1.0 / std::sqrt(static_cast<double>(in))), Vector::Zero(mm)});
    }
    auto readout = std::make_shared<LinearReadout>(
        draw(static_cast<Eigen::Index>(dout), mm, 1.0 / std::sqrt(static_cast<double>(m))),
        Vector::Zero(static_cast<Eigen::Index>(dout)));
    return std::make_shared<const RnnModel>(
        std::make_shared<IdentityFeatures>(tokenDim), std::move(ls), activation, readout,
        fmt::format("random {} RNN (d={}, m={}, L={}, seed {})", nameOf(activation), tokenDim, m,
                    layers, seed));
}

/// The family's name, spelled once: family() and the registry entry below read it.
constexpr std::string_view kFamily = "rnn";

std::string_view RnnModel::family() const { return kFamily; }

Vector RnnModel::referenceAt(const Matrix& x, std::size_t t) const {
    checkPosition(x, t);
    return forward(x.topRows(static_cast<Eigen::Index>(t + 1)));
}

Vector RnnModel::quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const {
    checkPosition(x, t);
    return forward(x.topRows(static_cast<Eigen::Index>(t + 1)), q.format);
}

Matrix RnnModel::quantizedAll(const Matrix& x, const Quantization& q, unsigned) const {
    checkPosition(x, 0);
    Matrix out(x.rows(), static_cast<Eigen::Index>(outputDim()));
    std::vector<Vector> state = initialState();
    for (Eigen::Index t = 0; t < x.rows(); ++t) {
        const Vector token = x.row(t).transpose();
        state = step(state, token, q.format);
        out.row(t) = readout(state, token).transpose();
    }
    return out;
}

namespace {

const ModelFamilyRegistry::Registrar family({
    std::string(kFamily),
    "stacked recurrent network, tanh/relu/identity cells, state quantized to the format",
    "L layers h_t = act(W h_{t-1} + U in_t + b) of width m over a public feature map, a public "
    "read-out at the last token; every state coordinate is quantized after every step. "
    "Compiled by chain: L*m*p bits. See include/ccsim/model/rnn.hpp.",
});

}  // namespace

}  // namespace ccsim
