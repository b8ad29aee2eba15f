// disj_match3: set disjointness DISJ_n reduced to Match3 on one multi-head attention layer
// (SHT23 Theorem 7; the exact encoding of docs/theory/disj_match3.md [ours]). N = 2n + 1 tokens in
// Z_M with M = 8n + 3: the target token 0 is x = 1 and public; Alice's token k (1..n) is n + k if
// a_k = 1, else 3n + 1; Bob's token n + k is M - 1 - n - k if b_k = 1, else 3n + 1. Then
// Match3 at the target holds iff some k has a_k = b_k = 1 (1 + (n+k) + (M-1-n-k) = M, and
// every other sum avoids 0 mod M). Compiled with partial-sums: Alice sends her block's
// normalised partial sums, H(d_v + 2)p bits; Bob adds his and the target's and reads out.
// D->(DISJ_n) = n, so H(d_v + 2)p >= n for every layer that computes Match3.

#include <fmt/format.h>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match3.hpp>
#include <ccsim/construct/match_solver.hpp>
#include <ccsim/construct/qsa.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class DisjMatch3 final : public Reduction {
public:
    DisjMatch3(std::size_t n, std::shared_ptr<const AttentionModel> model, CompileSpec spec)
        : problem_(n), model_(std::move(model)), spec_(std::move(spec)) {}

    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return compile(model_, spec_); }
    PartyInputs encode(const Instance& instance) const override {
        return splitTokens(tokens(instance), spec_.owner);
    }
    double operationsPerInstance() const override {
        return model_->passOperations(spec_.owner.size(), false);
    }
    ClosedForm closedForm() const override {
        // The compiler's own declaration of the message, with the symbols partial-sums uses.
        return {
            fmt::format("{} with H={}, d_v={}, p={}", closedFormula(spec_.strategy, spec_.format),
                        model_->heads(), model_->valueDim(), spec_.format.widthBits()),
            closedFormBits(*model_, spec_)};
    }
    std::optional<ModelInfo> modelInfo() const override {
        return ModelInfo{spec_.format.name(), std::string(nameOf(spec_.precision)),
                         std::string(nameOf(spec_.strategy)), model_->description()};
    }
    std::optional<ModelPass> modelPass(const Instance& instance) const override {
        return ModelPass{model_, tokens(instance), spec_.target, quantizationOf(spec_)};
    }

    /// The residues x_0..x_{2n} of an instance.
    Matrix tokens(const Instance& instance) const {
        const std::size_t n = problem_.n();
        const std::size_t m = 8 * n + 3;
        Matrix x(static_cast<Eigen::Index>(2 * n + 1), 1);
        x(0, 0) = 1;
        for (std::size_t k = 1; k <= n; ++k) {
            x(static_cast<Eigen::Index>(k), 0) =
                static_cast<double>(instance.at(0).bits[k - 1] ? n + k : 3 * n + 1);
            x(static_cast<Eigen::Index>(n + k), 0) =
                static_cast<double>(instance.at(1).bits[k - 1] ? m - 1 - n - k : 3 * n + 1);
        }
        return x;
    }

private:
    Disj problem_;
    std::shared_ptr<const AttentionModel> model_;
    CompileSpec spec_;
};

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("n"));
    const std::size_t modulus = 8 * n + 3;
    const std::size_t tokens = 2 * n + 1;
    CompileSpec spec;
    spec.strategy = Strategy::PartialSums;
    spec.precision = PrecisionModel::PartialSums;
    spec.format = readPrecision(params);
    spec.target = 0;
    spec.owner.assign(tokens, 1);
    spec.owner[0] = kPublic;
    for (std::size_t k = 1; k <= n; ++k) spec.owner[k] = 0;

    std::shared_ptr<const AttentionModel> model;
    const std::string construction = params.getString("construction");
    if (construction != "random") {
        const MatchSolver solver = buildConstruction<MatchSolver>(
            construction, "match3", MatchShape{tokens, {modulus, true}}, params, "disj_match3",
            {"random"});
        if (!solver.attention)
            throw UsageError(fmt::format(
                "construction {} is not an attention layer; disj_match3 needs one", construction));
        model = solver.attention;
        // Answer DISJ: 1 iff Match3 fails at the target (residue 1).
        spec.readout = [answer = solver.answer](const Vector& out) -> std::uint64_t {
            return answer(out, 1) ? 0 : 1;
        };
    } else {
        const auto dv = static_cast<std::size_t>(params.getInt("dv"));
        model = makeRandomAttention(1, static_cast<std::size_t>(params.getInt("m")), dv, 1,
                                    static_cast<std::size_t>(params.getInt("H")),
                                    static_cast<std::uint64_t>(params.getInt("model_seed")));
        spec.readout = [](const Vector& out) -> std::uint64_t { return out[0] > 0 ? 1 : 0; };
    }
    (void)compile(model, spec);
    return std::make_unique<DisjMatch3>(n, model, spec);
}

const ReductionRegistry::Registrar registrar({
    .name = "disj_match3",
    .problem = "disj",
    .summary = "DISJ_n into Match3 on one attention layer, partial-sums (SHT23 Thm 7)",
    .details =
        "The exact encoding of DISJ_n into Match3 over Z_M, M = 8n + 3, N = 2n + 1 tokens: "
        "the public target is 1, Alice's and Bob's tokens encode their bits so that a triple "
        "sums to 0 mod M exactly when a_k = b_k = 1 for some k. One attention layer compiled "
        "with partial-sums (the target known to both): Alice sends her block's normalised "
        "partial sums, H(d_v + 2)p bits. Since D->(DISJ_n) = n, H(d_v + 2)p >= n. The "
        "match3_histogram construction (uniform attention over one-hot residues, d_v = M) "
        "passes; a layer with fewer bits fails, and the witness search names the instance.",
    .params =
        {
            {"n", ParamType::Int, "4", "DISJ size; N = 2n + 1 tokens, M = 8n + 3", 1, 4096},
            constructionParam("match3_histogram", "disj_match3", {"random"}),
            {"m", ParamType::Int, "1", "key dimension (random only)", 1, 1 << 12, true},
            {"dv", ParamType::Int, "1", "value dimension (random only)", 1, 1 << 12, true},
            {"H", ParamType::Int, "1", "heads (random only)", 1, 64, true},
            {"model_seed", ParamType::Int, "1", "seed of the random weights (random only)", 0,
             INT64_MAX},
            precisionParam("fixed:8:0",
                           "number format of the partial sums (counts need integer bits)"),
        },
    .smallConfig = {"n=3"},
    // Random weights too: their outputs are not exact in any format, so the conformance
    // suite's faithfulness check sees every rounding.
    .extraConfigs = {{"construction=random"}},
    .growth = "lower bound n (slope 1); match3_histogram sends (M + 2)p = (8n + 5)p bits",
    .make = make,
});

}  // namespace
}  // namespace ccsim
