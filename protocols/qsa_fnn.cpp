// qsa_fnn: q-sparse averaging on a fully connected network (SHT23 Theorem 10;
// docs/theory/qsa_fnn.md: first-layer width w >= N·d'/2 for q <= N/2). Two views of one argument.
//
// The protocol view: INDEX_n with n = (N/2)·d'. Alice's bits are the signs of the z's of
// tokens 0..N/2-1 (z_{j,c} = ±1/√d'), tokens N/2..N-2 are padding (z = 0), and Bob holds the
// query token N-1 with y = {i / d'} ∪ q-1 padding positions plus the coordinate c = i mod d'
// he reads. Then qSA(X)_{N-1, c} = ±1/(q√d') and the answer is its sign. The first layer is
// linear in vec(X), so the FNN compiles into one message (`first-layer`): Alice's share of
// W vec(X), r <= w numbers of p bits. D->(INDEX_n) = n, hence r·p >= n.
//
// The rank certificate (precision-free): if W restricted to the z columns of tokens
// 0..N/2-1 has a null vector Δ (always when w < (N/2)·d'), two valid inputs with the same
// pre-activation have qSA values 2/q apart at the query token; the report prints both.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/first_layer.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/fnn.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/fnn.hpp>
#include <ccsim/problem/index.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {
namespace {

std::vector<double> toStd(const Vector& v) { return {v.data(), v.data() + v.size()}; }

/// At most `limit` entries, then "…" and the count.
std::string shortList(const Vector& v, std::size_t limit = 12) {
    std::vector<std::string> parts;
    for (Eigen::Index k = 0; k < v.size() && static_cast<std::size_t>(k) < limit; ++k)
        parts.push_back(fmt::format("{:.6g}", v[k]));
    std::string out = "[" + fmt::format("{}", fmt::join(parts, ", "));
    if (static_cast<std::size_t>(v.size()) > limit) out += fmt::format(", … ({} in all)", v.size());
    return out + "]";
}

class QsaFnn final : public Reduction {
public:
    QsaFnn(QsaShape shape, std::shared_ptr<const FnnModel> model, FirstLayerSpec spec)
        : problem_((shape.n / 2) * shape.dprime),
          shape_(shape),
          half_(shape.n / 2),
          model_(std::move(model)),
          spec_(std::move(spec)),
          rows_(senderRows(*model_, spec_.alice).size()) {}

    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return compileFirstLayer(model_, spec_); }
    PartyInputs encode(const Instance& instance) const override {
        std::vector<PartyId> owner(shape_.n, 1);
        for (std::size_t t = 0; t < half_; ++t) owner[t] = 0;
        PartyInputs inputs = splitTokens(tokens(instance), owner);
        inputs.at(1).values = {instance.at(1).values.at(0) % shape_.dprime};
        return inputs;
    }
    ClosedForm closedForm() const override {
        const MessageLayout message = firstLayerMessage(rows_);
        return {fmt::format("{} with r={} rows of W touching Alice's tokens (w={}), p={}",
                            message.formula(spec_.format), rows_, model_->width(),
                            spec_.format.widthBits()),
                message.bits(spec_.format)};
    }
    std::optional<ModelInfo> modelInfo() const override {
        return ModelInfo{spec_.format.name(), "first-layer share", "first-layer",
                         model_->description()};
    }
    std::optional<ModelPass> modelPass(const Instance& instance) const override {
        // Bob reads one coordinate of the last token's output: the one his index names.
        const std::size_t dp = shape_.dprime;
        return ModelPass{model_,
                         tokens(instance),
                         shape_.n - 1,
                         quantizationOf(spec_),
                         {(shape_.n - 1) * dp + instance.at(1).values.at(0) % dp}};
    }
    std::vector<Certificate> certificates() const override;

    Matrix tokens(const Instance& instance) const {
        const std::size_t n = shape_.n, dp = shape_.dprime;
        const Payload& x = instance.at(0).bits;
        const std::size_t i = instance.at(1).values.at(0);
        const double unit = 1.0 / std::sqrt(static_cast<double>(dp));
        Matrix out(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(shape_.tokenDim()));
        for (std::size_t t = 0; t + 1 < n; ++t) {
            Vector z = Vector::Zero(static_cast<Eigen::Index>(dp));
            if (t < half_)
                for (std::size_t c = 0; c < dp; ++c)
                    z[static_cast<Eigen::Index>(c)] = x[t * dp + c] ? unit : -unit;
            out.row(static_cast<Eigen::Index>(t)) =
                qsaToken(shape_, z, qsaDefaultY(shape_, t), t).transpose();
        }
        out.row(static_cast<Eigen::Index>(n - 1)) =
            qsaToken(shape_, Vector::Zero(static_cast<Eigen::Index>(dp)), queryY(i / dp), n - 1)
                .transpose();
        return out;
    }

private:
    std::vector<std::size_t> queryY(std::size_t j) const {
        std::vector<std::size_t> y{j};
        for (std::size_t k = 0; k + 1 < shape_.q; ++k) y.push_back(half_ + k);
        return y;
    }

    Index problem_;
    QsaShape shape_;
    std::size_t half_;
    std::shared_ptr<const FnnModel> model_;
    FirstLayerSpec spec_;
    std::size_t rows_;
};

std::vector<Reduction::Certificate> QsaFnn::certificates() const {
    const QsaNullPair pair = qsaNullPair(*model_, shape_, half_);
    const std::size_t bound = half_ * shape_.dprime;
    Certificate c;
    c.name = "null_vector";
    nlohmann::ordered_json j{{"width", model_->width()},   {"bound_width", bound},
                             {"columns", pair.columns},    {"rank", pair.rank},
                             {"sigma_max", pair.sigmaMax}, {"sigma_min", pair.sigmaMin},
                             {"rel_tol", pair.relTol},     {"found", pair.found}};
    c.lines.push_back(fmt::format(
        "W restricted to the z columns of tokens 0..{}: {}×{}, numerical rank {} (Eigen "
        "JacobiSVD; singular values below {:g}·σ_max count as zero; σ_max = {:.6g}, σ_min = "
        "{:.6g})",
        half_ - 1, model_->width(), pair.columns, pair.rank, pair.relTol, pair.sigmaMax,
        pair.sigmaMin));
    if (!pair.found) {
        c.summary = fmt::format(
            "none: the first layer has full rank {} on the z's of tokens 0..{}, so no two "
            "inputs that differ only there look alike to it (w={} >= (N/2)·d' = {})",
            pair.rank, half_ - 1, model_->width(), bound);
        c.json = j.dump();
        return {c};
    }
    c.summary = fmt::format(
        "the first layer (w={}{}(N/2)·d' = {}) maps X and X' to the same pre-activation, yet "
        "qSA at token {} differs by {:.6g} = 2/q",
        model_->width(), model_->width() < bound ? " < " : " >= ", bound, pair.query, pair.qsaDiff);
    const std::size_t dp = shape_.dprime;
    Vector zx(static_cast<Eigen::Index>(pair.columns)), zxp(zx.size());
    for (std::size_t t = 0; t < half_; ++t)
        for (std::size_t k = 0; k < dp; ++k) {
            zx[static_cast<Eigen::Index>(t * dp + k)] =
                pair.x(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(k));
            zxp[static_cast<Eigen::Index>(t * dp + k)] =
                pair.xPrime(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(k));
        }
    const std::vector<std::size_t> y = queryY(pair.j);
    c.lines.push_back(fmt::format(
        "null vector Δ, scaled so that max_j ‖Δ_j‖ = 2 (at token {}): {}; max |W_Z Δ| = {:.3g}",
        pair.j, shortList(pair.delta), pair.residual));
    c.lines.push_back(fmt::format("X  = z of tokens 0..{} is -Δ/2: {}", half_ - 1, shortList(zx)));
    c.lines.push_back(fmt::format("X' = z of tokens 0..{} is +Δ/2: {}", half_ - 1, shortList(zxp)));
    c.lines.push_back(fmt::format(
        "both: tokens {}..{} have z = 0, token t has y = {{t, …, t+q-1}} mod N, query token {} "
        "has y = {{{}}}",
        half_, shape_.n - 1, pair.query, fmt::join(y, ", ")));
    c.lines.push_back(fmt::format("first layer: max |(W vec(X) + b) - (W vec(X') + b)| = {:.3g}",
                                  pair.firstLayerDiff));
    c.lines.push_back(fmt::format("qSA at token {}: X -> {}, X' -> {}, distance {:.6g}", pair.query,
                                  shortList(pair.qsaX), shortList(pair.qsaXPrime), pair.qsaDiff));
    j["delta"] = toStd(pair.delta);
    j["residual"] = pair.residual;
    j["query"] = pair.query;
    j["j"] = pair.j;
    j["query_y"] = y;
    j["z_x"] = toStd(zx);
    j["z_x_prime"] = toStd(zxp);
    j["first_layer_max_abs_diff"] = pair.firstLayerDiff;
    j["qsa_x"] = toStd(pair.qsaX);
    j["qsa_x_prime"] = toStd(pair.qsaXPrime);
    j["qsa_distance"] = pair.qsaDiff;
    if (pair.outX.size() > 0) {
        const double errX = (pair.outX - pair.qsaX).norm();
        const double errXp = (pair.outXPrime - pair.qsaXPrime).norm();
        c.lines.push_back(fmt::format(
            "model at token {}: X -> {}, X' -> {}; errors {:.6g} and {:.6g}: at least one is "
            ">= 1/q = {:.6g} > ε = 1/(2q)",
            pair.query, shortList(pair.outX), shortList(pair.outXPrime), errX, errXp,
            1.0 / static_cast<double>(shape_.q)));
        j["model_x"] = toStd(pair.outX);
        j["model_x_prime"] = toStd(pair.outXPrime);
        j["error_x"] = errX;
        j["error_x_prime"] = errXp;
    }
    c.json = j.dump();
    return {c};
}

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("N"));
    const auto q = static_cast<std::size_t>(
        params.getInt("q", 1, static_cast<std::int64_t>(n / 2), "q <= N/2"));
    const auto dp = static_cast<std::size_t>(params.getInt("dprime"));
    const QsaShape shape{n, q, dp};
    shape.validate();
    if ((n / 2) * dp > 4096)
        throw UsageError(fmt::format("INDEX size (N/2)·d' = {} exceeds 4096", (n / 2) * dp));
    const Format format = readPrecision(params);
    const std::string weights = params.getString("weights");
    std::shared_ptr<const FnnModel> model;
    if (!weights.empty()) {
        model = loadFnn(weights, n, shape.tokenDim(), params.getString("prefix"));
    } else {
        if (params.isGiven("prefix"))
            throw UsageError("parameter prefix applies to weights=FILE only");
        const std::string construction = params.getString("construction");
        if (construction == "random") {
            const std::int64_t w = params.getInt("w");
            const std::size_t width =
                w == 0 ? std::max<std::size_t>(1, (n / 2) * dp - 1) : static_cast<std::size_t>(w);
            model = makeRandomFnn(n, shape.tokenDim(), width,
                                  static_cast<std::size_t>(params.getInt("hidden")), n * dp,
                                  static_cast<std::uint64_t>(params.getInt("model_seed")));
        } else {
            model = buildConstruction<std::shared_ptr<const FnnModel>>(
                construction, "qsa", shape, params, "qsa_fnn", {"random"});
        }
    }
    if (model->outputDim() != n * dp)
        throw UsageError(fmt::format("qsa_fnn needs an fnn with N·d' = {} outputs, got {}", n * dp,
                                     model->outputDim()));
    FirstLayerSpec spec;
    spec.format = format;
    spec.alice.assign(n, false);
    for (std::size_t t = 0; t < n / 2; ++t) spec.alice[t] = true;
    spec.readout = [n, dp](const Vector& out, const PartyInput& bob) {
        const auto at = static_cast<Eigen::Index>((n - 1) * dp + bob.values.at(0));
        return ProtocolOutput(out[at] > 0 ? 1 : 0, {out[at]});
    };
    compileFirstLayer(model, spec);  // rejects a split it cannot run, before any work
    return std::make_unique<QsaFnn>(shape, model, spec);
}

const ReductionRegistry::Registrar registrar({
    .name = "qsa_fnn",
    .problem = "index",
    .summary = "qSA on an FNN: first-layer width >= (N/2)·d' (SHT23 Thm 10), as INDEX and as a "
               "null vector",
    .details =
        "INDEX_n with n = (N/2)·d' encoded into q-sparse averaging: Alice's bits are the signs "
        "of the z's of tokens 0..N/2-1, Bob's query token N-1 asks for y = {i/d'} plus q-1 "
        "padding tokens and he reads coordinate i mod d'. An FNN f(X) = g(W vec(X) + b) is "
        "linear before g, so it compiles into one message (strategy first-layer): Alice's "
        "share of W vec(X), r <= w numbers of p bits; D->(INDEX_n) = n gives r·p >= n. The "
        "report adds the precision-free certificate: when W restricted to those z columns has "
        "a null vector (always for w < (N/2)·d'), two valid inputs with equal first-layer "
        "outputs whose qSA differ by 2/q. fnn_copy copies every z and y (w = N(d'+q)) and "
        "computes qSA exactly with a ReLU g.",
    .params =
        {
            {"N", ParamType::Int, "8", "tokens; Alice holds the first N/2", 2, 8192},
            {"q", ParamType::Int, "1", "|y| of the query token, 1 <= q <= N/2", 1, 4096},
            {"dprime", ParamType::Int, "1", "d', dimension of z", 1, 64},
            constructionParam("fnn_copy", "qsa_fnn", {"random"}),
            {"w", ParamType::Int, "0", "first-layer width (random only), 0 = (N/2)·d' - 1", 0,
             1 << 16, true},
            {"hidden", ParamType::Int, "16", "hidden ReLU units of g (random only), 0 = affine g",
             0, 1 << 14, true},
            {"model_seed", ParamType::Int, "1", "seed of the random weights (random only)", 0,
             INT64_MAX},
            {"weights",
             ParamType::String,
             "",
             "safetensors file with fnn tensors (instead of a "
             "construction)",
             {},
             {}},
            prefixParam(),
            precisionParam("fp32", "number format of Alice's message"),
        },
    .smallConfig = {"N=8"},
    // Random weights too: their outputs are not exact in any format, so the conformance
    // suite's faithfulness check sees every rounding.
    .extraConfigs = {{"construction=random"}},
    .growth = "lower bound n = (N/2)·d' on r·p, and w >= (N/2)·d' for any precision: linear in "
              "N, against about q log N · p bits for one attention unit",
    .make = make,
});

}  // namespace
}  // namespace ccsim
