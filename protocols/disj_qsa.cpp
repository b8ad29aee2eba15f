// disj_qsa: set disjointness DISJ_q reduced to q-sparse averaging on one attention layer
// (SHT23 Theorem 4; docs/theory/disj_qsa.md). Tokens 0..2q-1 are Bob's, in pairs (2i, 2i+1):
// z_{2i} = -e_1, z_{2i+1} = +e_1 if b_i = 1 else -e_1. Alice holds the last token N-1 with
// y = {2i + a_i : i < q}. Then qSA(X)_{N-1} = ((2|a ∧ b| - q)/q) e_1: -e_1 iff a and b are
// disjoint, at least (-1 + 2/q) e_1 otherwise; the read-out thresholds at -1 + 1/q.
// Compiled with send-token (one message Alice -> Bob, H(2m + d_v)p bits) or query-then-sums
// (two messages, when the output map reads the target token). D->(DISJ_q) = q, so a model
// with H(2m + d_v)p < q bits must fail on some instance, and the witness search finds it.

#include <cmath>

#include <fmt/format.h>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {
namespace {

class DisjQsa final : public Reduction {
public:
    DisjQsa(QsaShape shape, std::shared_ptr<const AttentionModel> model, CompileSpec spec)
        : problem_(shape.q), shape_(shape), model_(std::move(model)), spec_(std::move(spec)) {}

    const Problem& problem() const override { return problem_; }

    ProtocolFactory protocol() const override { return compile(model_, spec_); }

    PartyInputs encode(const Instance& instance) const override {
        return splitTokens(tokens(instance), spec_.owner);
    }

    ClosedForm closedForm() const override { return attentionClosedForm(*model_, spec_); }
    double operationsPerInstance() const override {
        return model_->passOperations(spec_.owner.size(), false);
    }

    std::optional<ModelInfo> modelInfo() const override {
        return ModelInfo{spec_.format.name(), std::string(nameOf(spec_.precision)),
                         std::string(nameOf(spec_.strategy)), model_->description()};
    }
    std::optional<ModelPass> modelPass(const Instance& instance) const override {
        return ModelPass{model_, tokens(instance), spec_.target, quantizationOf(spec_)};
    }

    /// The token matrix of an instance (public: tests compare with the model directly).
    Matrix tokens(const Instance& instance) const {
        const std::size_t q = shape_.q;
        const auto dz = static_cast<Eigen::Index>(shape_.dprime);
        Matrix x(static_cast<Eigen::Index>(shape_.n), static_cast<Eigen::Index>(shape_.tokenDim()));
        std::vector<std::size_t> bobY(q);
        for (std::size_t k = 0; k < q; ++k) bobY[k] = k;
        const Payload& a = instance.at(0).bits;
        const Payload& b = instance.at(1).bits;
        for (std::size_t j = 0; j + 1 < shape_.n; ++j) {
            Vector z = Vector::Zero(dz);
            if (j < 2 * q) z[0] = (j % 2 == 1 && b[j / 2]) ? 1.0 : -1.0;
            x.row(static_cast<Eigen::Index>(j)) = qsaToken(shape_, z, bobY, j).transpose();
        }
        std::vector<std::size_t> y(q);
        for (std::size_t i = 0; i < q; ++i) y[i] = 2 * i + (a[i] ? 1 : 0);
        x.row(static_cast<Eigen::Index>(shape_.n - 1)) =
            qsaToken(shape_, Vector::Zero(dz), y, shape_.n - 1).transpose();
        return x;
    }

private:
    Disj problem_;
    QsaShape shape_;
    std::shared_ptr<const AttentionModel> model_;
    CompileSpec spec_;
};

std::unique_ptr<Reduction> make(Params& params) {
    QsaShape shape;
    shape.q = static_cast<std::size_t>(params.getInt("q"));
    const std::int64_t minN = static_cast<std::int64_t>(2 * shape.q + 1);
    const std::int64_t n = params.getInt("N");
    shape.n = n == 0 ? static_cast<std::size_t>(minN)
                     : static_cast<std::size_t>(params.getInt("N", minN, 1 << 16, "N >= 2q + 1"));
    shape.dprime = static_cast<std::size_t>(params.getInt("dprime"));
    const Format format = readPrecision(params);
    const std::shared_ptr<const AttentionModel> model = qsaModelFromParams(params, shape);

    CompileSpec spec;
    spec.format = format;
    const std::string strategy = params.getString("strategy");
    spec.strategy = strategy == "auto"
                        ? (model->residual() ? Strategy::QueryThenSums : Strategy::SendToken)
                        : parseStrategy(strategy);
    if (spec.strategy == Strategy::PartialSums)
        throw UsageError(
            "disj_qsa: Alice's target token encodes her set, so it cannot be public; "
            "use send-token or query-then-sums");
    const std::string precision = params.getString("precision_model");
    spec.precision = precision == "auto"
                         ? (spec.strategy == Strategy::SendToken ? PrecisionModel::Embeddings
                                                                 : PrecisionModel::PartialSums)
                         : parsePrecisionModel(precision);
    spec.target = shape.n - 1;
    spec.owner.assign(shape.n, 1);
    spec.owner[spec.target] = 0;
    const double threshold = -1.0 + 1.0 / static_cast<double>(shape.q);
    spec.readout = [threshold](const Vector& out) -> std::uint64_t {
        return out[0] < threshold ? 1 : 0;  // 1 = disjoint
    };
    auto reduction = std::make_unique<DisjQsa>(shape, model, spec);
    (void)compile(model, spec);  // validate the strategy against the model now
    return reduction;
}

const ReductionRegistry::Registrar registrar({
    .name = "disj_qsa",
    .problem = "disj",
    .summary = "DISJ_q into q-sparse averaging on one attention layer (SHT23 Thm 4)",
    .details =
        "Set disjointness of q-bit sets encoded into qSA: Bob holds tokens 0..2q-1 in pairs "
        "(z = -e_1, and +e_1 or -e_1 by b_i), Alice holds the target token N-1 whose y picks "
        "one token of each pair by a_i. The qSA output at the target is -e_1 iff the sets are "
        "disjoint; the answer thresholds its first coordinate at -1 + 1/q. The attention layer "
        "is compiled into send-token (Alice sends Q, K, V of her token: H(2m + d_v)p bits, one "
        "way) or query-then-sums (when the output map reads the target token). Since "
        "D->(DISJ_q) = q, every model with H(2m + d_v)p < q bits fails on some instance; the "
        "witness search names it, whatever the weights (construction, seeded draw or file).",
    // The shape parameters, then the model source (shared with `ccsim eval qsa`), then the rest.
    .params = concatParams({
        {
            {"q", ParamType::Int, "4", "set size of DISJ_q (tokens y have q positions)", 1, 4096},
            {"N", ParamType::Int, "0", "sequence length, 0 = 2q + 1", 0, 1 << 16},
            {"dprime", ParamType::Int, "1", "dimension d' of z", 1, 64},
        },
        qsaModelParams("disj_qsa"),
        {
            precisionParam("fp32", "number format of every message"),
            precisionModelParam("auto", "embeddings or partial-sums; auto follows the strategy"),
            {"strategy",
             ParamType::String,
             "auto",
             "send-token or query-then-sums; auto: send-token unless the output is residual",
             {},
             {}},
        },
    }),
    .smallConfig = {"q=3", "precision=fixed:12:8"},
    .extraConfigs = {{"strategy=query-then-sums"},
                     {"strategy=send-token", "precision_model=partial-sums"}},
    .growth = "lower bound q (slope 1); qsa_random sends H(2m + d_v)p with m = O(q log N), slope "
              "about 1 plus log factors; qsa_cyclic has m = 2q but needs p of about 2q log2 N bits",
    .make = make,
});

}  // namespace
}  // namespace ccsim
