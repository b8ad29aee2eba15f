#include <cmath>
#include <set>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/model/fnn.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/numeric/random.hpp>

namespace ccsim {

FnnModel::FnnModel(std::size_t tokens, std::size_t tokenDim, Matrix w, Vector b,
                   std::vector<DenseLayer> rest, std::string description)
    : tokens_(tokens),
      tokenDim_(tokenDim),
      w_(std::move(w)),
      b_(std::move(b)),
      rest_(std::move(rest)),
      description_(std::move(description)) {
    const auto inputs = static_cast<Eigen::Index>(tokens_ * tokenDim_);
    if (tokens_ == 0 || tokenDim_ == 0 || w_.rows() == 0)
        throw UsageError("an fnn needs at least one token, one coordinate and width w >= 1");
    if (w_.cols() != inputs)
        throw UsageError(fmt::format("fnn first layer has {} columns, expected N·d = {}·{} = {}",
                                     w_.cols(), tokens_, tokenDim_, inputs));
    if (b_.size() != w_.rows())
        throw UsageError(
            fmt::format("fnn first bias has {} entries, expected width {}", b_.size(), w_.rows()));
    if (rest_.empty()) throw UsageError("an fnn needs at least one layer after the first");
    Eigen::Index in = w_.rows();
    for (std::size_t l = 0; l < rest_.size(); ++l) {
        const DenseLayer& layer = rest_[l];
        if (layer.a.cols() != in || layer.c.size() != layer.a.rows())
            throw UsageError(fmt::format(
                "fnn rest layer {} is {}×{} with bias {}, expected {} inputs and a bias per row", l,
                layer.a.rows(), layer.a.cols(), layer.c.size(), in));
        in = layer.a.rows();
    }
}

std::size_t FnnModel::outputDim() const { return static_cast<std::size_t>(rest_.back().a.rows()); }

Vector FnnModel::tokenContribution(std::size_t position, const Vector& x) const {
    CCSIM_CHECK(position < tokens_);
    CCSIM_CHECK_OP(static_cast<std::size_t>(x.size()), ==, tokenDim_);
    const auto d = static_cast<Eigen::Index>(tokenDim_);
    return w_.middleCols(static_cast<Eigen::Index>(position) * d, d) * x;
}

Vector FnnModel::firstLayer(const Matrix& x) const {
    if (static_cast<std::size_t>(x.rows()) != tokens_ ||
        static_cast<std::size_t>(x.cols()) != tokenDim_)
        throw RunError(fmt::format("fnn expects {}×{} tokens, got {}×{}", tokens_, tokenDim_,
                                   x.rows(), x.cols()));
    Vector h = b_;
    for (std::size_t j = 0; j < tokens_; ++j)
        h += tokenContribution(j, x.row(static_cast<Eigen::Index>(j)).transpose());
    return h;
}

Vector FnnModel::applyRest(const Vector& u) const {
    Vector h = u;
    for (std::size_t l = 0; l < rest_.size(); ++l) {
        h = rest_[l].a * h + rest_[l].c;
        if (l + 1 < rest_.size()) h = h.cwiseMax(0.0);
    }
    return h;
}

Vector FnnModel::forward(const Matrix& x) const { return applyRest(firstLayer(x)); }

Vector FnnModel::forwardSplit(const Matrix& x, const std::vector<bool>& sender,
                              const Format& format) const {
    CCSIM_CHECK_OP(sender.size(), ==, tokens_);
    CCSIM_CHECK_OP(static_cast<std::size_t>(x.rows()), ==, tokens_);
    Vector mine = Vector::Zero(w_.rows());
    Vector theirs = Vector::Zero(w_.rows());
    for (std::size_t j = 0; j < tokens_; ++j) {
        const Vector c = tokenContribution(j, x.row(static_cast<Eigen::Index>(j)).transpose());
        (sender[j] ? mine : theirs) += c;
    }
    for (Eigen::Index r = 0; r < mine.size(); ++r) mine[r] = format.quantize(mine[r]);
    // Summed in the order the protocol sums: each party's share from zero, b added to the
    // receiver's share, then the two shares.
    return applyRest(mine + (b_ + theirs));
}

std::shared_ptr<const FnnModel> makeRandomFnn(std::size_t tokens, std::size_t tokenDim,
                                              std::size_t width, std::size_t hidden,
                                              std::size_t outputDim, std::uint64_t seed) {
    requireMemory(
        matrixBytes(static_cast<double>(width),
                    static_cast<double>(tokens) * static_cast<double>(tokenDim)) +
            matrixBytes(static_cast<double>(hidden), static_cast<double>(width)) +
            matrixBytes(static_cast<double>(outputDim),
                        static_cast<double>(hidden > 0 ? hidden : width)),
        fmt::format("a random FNN (N·d={}, width {}, hidden {})", tokens * tokenDim, width, hidden),
        "the first layer and g's layers, as doubles", "choose a smaller w or hidden");
    SplitMix64 rng(seed);
    auto draw = [&rng](std::size_t rows, std::size_t cols) {
        return gaussianMatrix(rng, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols),
                              1.0 / std::sqrt(static_cast<double>(cols)));
    };
    Matrix w = draw(width, tokens * tokenDim);
    std::vector<DenseLayer> rest;
    std::size_t in = width;
    if (hidden > 0) {
        rest.push_back({draw(hidden, in), Vector::Zero(static_cast<Eigen::Index>(hidden))});
        in = hidden;
    }
    rest.push_back({draw(outputDim, in), Vector::Zero(static_cast<Eigen::Index>(outputDim))});
    return std::make_shared<const FnnModel>(
        tokens, tokenDim, std::move(w), Vector::Zero(static_cast<Eigen::Index>(width)),
        std::move(rest), fmt::format("fnn random (w={}, hidden={}, seed={})", width, hidden, seed));
}

std::shared_ptr<const FnnModel> loadFnn(const std::string& path, std::size_t tokens,
                                        std::size_t tokenDim, const std::string& prefix) {
    return loadFnn(readSafetensors(path), path, tokens, tokenDim, prefix);
}

std::shared_ptr<const FnnModel> loadFnn(const TensorFile& whole, const std::string& path,
                                        std::size_t tokens, std::size_t tokenDim,
                                        const std::string& prefix) {
    const TensorFile file = subModule(whole, prefix, path);
    const std::string scope = prefix.empty() || prefix.back() == '.' ? prefix : prefix + ".";
    std::set<std::string> unread;
    for (const auto& [name, tensor] : file.tensors) unread.insert(name);
    auto take = [&](const std::string& name) -> const Tensor* {
        const auto it = file.tensors.find(name);
        if (it == file.tensors.end()) return nullptr;
        unread.erase(name);
        return &it->second;
    };
    auto where = [&](const std::string& name) {
        return fmt::format("{}{} in {}", scope, name, path);
    };
    const Tensor* w = take("first.weight");
    if (w == nullptr) throw UsageError(fmt::format("{} has no tensor {}first.weight", path, scope));
    Matrix wm = w->matrix(where("first.weight"));
    const Tensor* b = take("first.bias");
    Vector bv = b != nullptr ? b->vector(where("first.bias")) : Vector::Zero(wm.rows());
    std::vector<DenseLayer> rest;
    for (std::size_t l = 0;; ++l) {
        const std::string name = fmt::format("rest.{}.weight", l);
        const Tensor* a = take(name);
        if (a == nullptr) break;
        DenseLayer layer{a->matrix(where(name)), {}};
        const std::string biasName = fmt::format("rest.{}.bias", l);
        const Tensor* c = take(biasName);
        layer.c = c != nullptr ? c->vector(where(biasName)) : Vector::Zero(layer.a.rows());
        rest.push_back(std::move(layer));
    }
    if (!unread.empty())
        throw UsageError(
            fmt::format("{}: tensor {}{} is not an fnn tensor (expected first.weight, first.bias, "
                        "rest.L.weight, rest.L.bias)",
                        path, scope, *unread.begin()));
    if (rest.empty())
        throw UsageError(fmt::format("{} has no tensor {}rest.0.weight", path, scope));
    try {
        return std::make_shared<const FnnModel>(tokens, tokenDim, std::move(wm), std::move(bv),
                                                std::move(rest), "fnn from " + path);
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("{}: {}", path, e.what()));
    }
}

/// The family's name, spelled once: family() and the registry entry below read it.
constexpr std::string_view kFamily = "fnn";

std::string_view FnnModel::family() const { return kFamily; }

Vector FnnModel::referenceAt(const Matrix& x, std::size_t t) const {
    checkPosition(x, t);
    return forward(x);
}

Vector FnnModel::quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const {
    checkPosition(x, t);
    const std::vector<int>& block = q.partition.blockOf;
    CCSIM_CHECK(block.empty() || block.size() == tokens_);
    std::vector<bool> sender(tokens_, block.empty());
    for (std::size_t j = 0; j < block.size(); ++j) sender[j] = block[j] == 0;
    return forwardSplit(x, sender, q.format);
}

namespace {

const ModelFamilyRegistry::Registrar family({
    std::string(kFamily),
    "fully connected net f(X) = g(W vec(X) + b), g a ReLU MLP (qsa_fnn)",
    "First layer W (width w) over all N*d coordinates, then a ReLU MLP g with its own weights "
    "(construction, seeded random draw, or safetensors: first.weight, first.bias, "
    "rest.L.weight, rest.L.bias). Compiled by first-layer: r*p bits, r <= w. See "
    "include/ccsim/model/fnn.hpp and docs/theory/qsa_fnn.md.",
});

}  // namespace

}  // namespace ccsim
