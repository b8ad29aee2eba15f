#include <cmath>
#include <optional>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/model/token_map.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

std::string_view nameOf(Activation act) {
    switch (act) {
        case Activation::Identity:
            return "identity";
        case Activation::Tanh:
            return "tanh";
        case Activation::Relu:
            return "relu";
        case Activation::Gelu:
            return "gelu";
    }
    return "?";
}

Activation parseActivation(std::string_view name) {
    const std::vector<std::string> known = {"identity", "tanh", "relu", "gelu"};
    for (Activation a :
         {Activation::Identity, Activation::Tanh, Activation::Relu, Activation::Gelu})
        if (nameOf(a) == name) return a;
    throw UsageError(fmt::format("unknown activation '{}'{}; known: identity, tanh, relu, gelu",
                                 name, didYouMean(name, known)));
}

double activate(Activation act, double x) {
    switch (act) {
        case Activation::Identity:
            return x;
        case Activation::Tanh:
            return std::tanh(x);
        case Activation::Relu:
            return x > 0 ? x : 0.0;
        case Activation::Gelu:
            return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    }
    return x;
}

Vector activate(Activation act, const Vector& x) {
    switch (act) {
        case Activation::Identity:
            return x;
        case Activation::Tanh:
            return x.array().tanh().matrix();
        case Activation::Relu:
            return x.cwiseMax(0.0);
        case Activation::Gelu:
            break;
    }
    Vector out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = activate(act, x[i]);
    return out;
}

TokenStep TokenStep::linear(Matrix w, Vector b) {
    TokenStep s;
    s.kind = Kind::Linear;
    if (b.size() == 0) b = Vector::Zero(w.rows());
    s.weight = std::move(w);
    s.bias = std::move(b);
    return s;
}

TokenStep TokenStep::act(Activation a) {
    TokenStep s;
    s.kind = Kind::Activation;
    s.activation = a;
    return s;
}

TokenStep TokenStep::layerNorm(Vector gain, Vector bias, double eps) {
    TokenStep s;
    s.kind = Kind::LayerNorm;
    s.gain = std::move(gain);
    s.bias = std::move(bias);
    s.eps = eps;
    return s;
}

TokenStep TokenStep::learnedPositions(Matrix table) {
    TokenStep s;
    s.kind = Kind::LearnedPositions;
    s.weight = std::move(table);
    return s;
}

TokenStep TokenStep::sinusoidalPositions() {
    TokenStep s;
    s.kind = Kind::SinusoidalPositions;
    return s;
}

Vector layerNorm(const Vector& x, const Vector& gain, const Vector& bias, double eps) {
    const auto n = static_cast<double>(x.size());
    const double mean = x.sum() / n;
    const Vector centred = x.array() - mean;
    const double variance = centred.squaredNorm() / n;
    Vector out = centred / std::sqrt(variance + eps);
    if (gain.size() != 0) out = out.cwiseProduct(gain);
    if (bias.size() != 0) out += bias;
    return out;
}

TokenMap::TokenMap(std::size_t inputDim, std::vector<TokenStep> steps, std::string name)
    : inputDim_(inputDim), outputDim_(inputDim), steps_(std::move(steps)), name_(std::move(name)) {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const TokenStep& s = steps_[i];
        const auto dim = static_cast<Eigen::Index>(outputDim_);
        const std::string what = fmt::format("{} step {}", name_, i);
        switch (s.kind) {
            case TokenStep::Kind::Linear:
                if (s.weight.cols() != dim || s.bias.size() != s.weight.rows() ||
                    s.weight.rows() < 1)
                    throw UsageError(fmt::format(
                        "{}: a linear map of shape [{}, {}] with bias [{}] cannot read {} "
                        "numbers",
                        what, s.weight.rows(), s.weight.cols(), s.bias.size(), dim));
                outputDim_ = static_cast<std::size_t>(s.weight.rows());
                break;
            case TokenStep::Kind::Activation:
                break;
            case TokenStep::Kind::LayerNorm:
                if ((s.gain.size() != 0 && s.gain.size() != dim) ||
                    (s.bias.size() != 0 && s.bias.size() != dim))
                    throw UsageError(fmt::format(
                        "{}: a layer norm with weight [{}] and bias [{}] cannot read {} numbers",
                        what, s.gain.size(), s.bias.size(), dim));
                if (!(s.eps > 0) || !std::isfinite(s.eps))
                    throw UsageError(
                        fmt::format("{}: layer norm eps {} is not positive", what, s.eps));
                break;
            case TokenStep::Kind::LearnedPositions:
                if (s.weight.cols() != dim || s.weight.rows() < 1)
                    throw UsageError(fmt::format(
                        "{}: a positional table of shape [{}, {}] cannot add to {} numbers", what,
                        s.weight.rows(), s.weight.cols(), dim));
                break;
            case TokenStep::Kind::SinusoidalPositions:
                break;
        }
    }
}

Vector TokenMap::apply(const Vector& x) const {
    for (const TokenStep& s : steps_)
        CCSIM_CHECK(s.kind != TokenStep::Kind::LearnedPositions &&
                    s.kind != TokenStep::Kind::SinusoidalPositions);
    return applyAt(x, 0);
}

Vector TokenMap::applyAt(const Vector& x, std::size_t position) const {
    CCSIM_CHECK_OP(static_cast<std::size_t>(x.size()), ==, inputDim_);
    Vector v = x;
    for (const TokenStep& s : steps_) {
        switch (s.kind) {
            case TokenStep::Kind::Linear:
                v = s.weight * v + s.bias;
                break;
            case TokenStep::Kind::Activation:
                v = activate(s.activation, v);
                break;
            case TokenStep::Kind::LayerNorm:
                v = layerNorm(v, s.gain, s.bias, s.eps);
                break;
            case TokenStep::Kind::LearnedPositions:
                if (position >= static_cast<std::size_t>(s.weight.rows()))
                    throw RunError(fmt::format("{}: position {} has no learned embedding ({} rows)",
                                               name_, position, s.weight.rows()));
                v += s.weight.row(static_cast<Eigen::Index>(position)).transpose();
                break;
            case TokenStep::Kind::SinusoidalPositions:
                for (Eigen::Index c = 0; c < v.size(); ++c) {
                    const double rate = std::pow(
                        10000.0, -static_cast<double>(c - c % 2) / static_cast<double>(v.size()));
                    const double angle = static_cast<double>(position) * rate;
                    v[c] += c % 2 == 0 ? std::sin(angle) : std::cos(angle);
                }
                break;
        }
    }
    return v;
}

std::size_t TokenMap::maxPositions() const {
    std::size_t limit = 0;
    for (const TokenStep& s : steps_)
        if (s.kind == TokenStep::Kind::LearnedPositions) {
            const auto rows = static_cast<std::size_t>(s.weight.rows());
            limit = limit == 0 ? rows : std::min(limit, rows);
        }
    return limit;
}

std::optional<TensorFile> TokenMap::exportTensors(const std::string& role) const {
    TensorFile f;
    std::vector<std::string> activations;
    std::size_t index = 0;
    bool positions = false;
    for (const TokenStep& s : steps_) {
        const bool positional = s.kind == TokenStep::Kind::LearnedPositions ||
                                s.kind == TokenStep::Kind::SinusoidalPositions;
        if (positions && !positional) return std::nullopt;  // positions only at the end
        switch (s.kind) {
            case TokenStep::Kind::Linear:
            case TokenStep::Kind::LayerNorm: {
                const std::string name = fmt::format("{}.{}.", role, index++);
                if (s.kind == TokenStep::Kind::Linear) {
                    f.tensors[name + "weight"] = Tensor::of(s.weight);
                    f.tensors[name + "bias"] = Tensor::of(s.bias);
                } else {
                    f.tensors[name + "weight"] =
                        Tensor::of(s.gain.size() != 0 ? s.gain : Vector::Ones(s.bias.size()));
                    if (s.bias.size() != 0) f.tensors[name + "bias"] = Tensor::of(s.bias);
                    if (s.gain.size() == 0 && s.bias.size() == 0) return std::nullopt;
                    if (s.eps != 1e-5) {
                        const auto it = f.metadata.find("layer_norm_eps");
                        const std::string eps = fmt::format("{}", s.eps);
                        if (it != f.metadata.end() && it->second != eps) return std::nullopt;
                        f.metadata["layer_norm_eps"] = eps;
                    }
                }
                break;
            }
            case TokenStep::Kind::Activation:
                activations.emplace_back(nameOf(s.activation));
                ++index;
                break;
            case TokenStep::Kind::LearnedPositions:
                if (role != "phi" || positions) return std::nullopt;
                f.tensors["pos.weight"] = Tensor::of(s.weight);
                positions = true;
                break;
            case TokenStep::Kind::SinusoidalPositions:
                if (role != "phi" || positions) return std::nullopt;
                f.metadata["positional"] = "sinusoidal";
                positions = true;
                break;
        }
    }
    if (!activations.empty()) {
        if (f.tensors.empty()) return std::nullopt;  // activations alone leave no entry index
        std::string list;
        for (const std::string& a : activations) list += (list.empty() ? "" : ",") + a;
        f.metadata[role + ".activation"] = list;
    }
    return f;
}

std::string TokenMap::describe() const {
    if (steps_.empty()) return "identity";
    std::string out;
    std::size_t dim = inputDim_;
    for (const TokenStep& s : steps_) {
        if (!out.empty()) out += ", ";
        switch (s.kind) {
            case TokenStep::Kind::Linear:
                out += fmt::format("linear {}→{}", dim, s.weight.rows());
                dim = static_cast<std::size_t>(s.weight.rows());
                break;
            case TokenStep::Kind::Activation:
                out += nameOf(s.activation);
                break;
            case TokenStep::Kind::LayerNorm:
                out += fmt::format("layer norm (eps {})", s.eps);
                break;
            case TokenStep::Kind::LearnedPositions:
                out += fmt::format("+ learned positions ({})", s.weight.rows());
                break;
            case TokenStep::Kind::SinusoidalPositions:
                out += "+ sinusoidal positions";
                break;
        }
    }
    return out;
}

}  // namespace ccsim
