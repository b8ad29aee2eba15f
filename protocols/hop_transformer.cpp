// hop_transformer: INDEX_n reduced to hop_k on a multi-layer transformer built by pointer
// doubling (docs/theory/hop_transformer.md) [ours: the encoding]. Alice's prefix is the pairs
// K_1 x_1 K_2 x_2 ... K_n x_n (key symbols, then bit symbols); Bob's suffix is K_i for k = 1,
// and D_1 K_i D_2 D_1 D_3 D_2 ... D_{k-1} D_{k-2} D_{k-1} for k >= 2: from the last token
// the hops walk back through Bob's D chain to K_i, then to Alice's K_i, and land on x_i, so
// hop_k at the last token is x_i. Every symbol but the bits occurs at most twice, so each hop
// is the one intended.
//
// Compiled with layerwise (any split, 2L+1 messages, about (L-1)·N·H(m + d_v + 2)p bits) the
// count is far above every two-party bound of a problem of size <= N, which is the point:
// communication bounds of this kind can never refute multi-layer transformers (a test asserts
// that this reduction is never reported as refuted). causal-prefix (one message, Alice's keys
// and values of every layer) meets the one-way bound n with room to spare as well.

#include <fmt/format.h>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/transformer.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/hop.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/index.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class HopTransformerReduction final : public Reduction {
public:
    HopTransformerReduction(std::size_t n, std::size_t k, std::shared_ptr<const HopTransformer> hop,
                            TransformerSpec spec)
        : problem_(n), k_(k), hop_(std::move(hop)), spec_(std::move(spec)) {}

    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return compileTransformer(hop_->model(), spec_); }
    PartyInputs encode(const Instance& instance) const override {
        return splitTokens(hop_->tokens(sequence(instance)), spec_.owner);
    }
    ClosedForm closedForm() const override { return transformerClosedForm(hop_->model(), spec_); }
    double operationsPerInstance() const override {
        return hop_->model()->passOperations(hop_->positions());
    }
    std::optional<ModelInfo> modelInfo() const override {
        return ModelInfo{spec_.format.name(), std::string(nameOf(spec_.precision)),
                         std::string(nameOf(spec_.strategy)), hop_->model()->description()};
    }
    std::optional<ModelPass> modelPass(const Instance& instance) const override {
        return ModelPass{hop_->model(), hop_->tokens(sequence(instance)), spec_.target,
                         quantizationOf(spec_)};
    }

    /// Symbols: keys K_j = j (j < n), bit b = n + b, chain D_t = n + 1 + t (t = 1..k-1).
    Sequence sequence(const Instance& instance) const {
        const std::size_t n = problem_.n();
        const Payload& x = instance.at(0).bits;
        const std::size_t i = instance.at(1).values.at(0);
        Sequence s;
        for (std::size_t j = 0; j < n; ++j) {
            s.push_back(j);
            s.push_back(n + (x[j] ? 1 : 0));
        }
        auto chain = [n](std::size_t t) { return n + 1 + t; };
        if (k_ == 1) {
            s.push_back(i);
        } else {
            s.push_back(chain(1));
            s.push_back(i);
            for (std::size_t t = 2; t < k_; ++t) {
                s.push_back(chain(t));
                s.push_back(chain(t - 1));
            }
            s.push_back(chain(k_ - 1));
        }
        return s;
    }

private:
    Index problem_;
    std::size_t k_;
    std::shared_ptr<const HopTransformer> hop_;
    TransformerSpec spec_;
};

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("n"));
    const auto k = static_cast<std::size_t>(params.getInt("k"));
    const HopShape shape{2 * n + 2 * k - 1, n + k + 1, k};
    auto hop = buildConstruction<std::shared_ptr<const HopTransformer>>(
        params.getString("construction"), "hop", shape, params, "hop_transformer");

    TransformerSpec spec;
    spec.strategy = parseTransformerStrategy(params.getString("strategy"));
    spec.format = readPrecision(params);
    spec.precision = readPrecisionModel(params);
    const std::size_t positions = hop->positions();
    spec.target = positions - 1;
    // Alice: ⊥ and her 2n tokens; Bob: the 2k - 1 tokens of his suffix.
    spec.owner.assign(positions, 1);
    for (std::size_t j = 0; j <= 2 * n; ++j) spec.owner[j] = 0;
    const std::size_t one = n + 1;
    spec.readout = [hop, one](const Vector& out) -> std::uint64_t {
        return hop->decode(out) == one ? 1 : 0;
    };
    compileTransformer(hop->model(), spec);  // rejects splits the strategy cannot run, now
    return std::make_unique<HopTransformerReduction>(n, k, std::move(hop), std::move(spec));
}

const ReductionRegistry::Registrar registrar({
    .name = "hop_transformer",
    .problem = "index",
    .summary = "INDEX_n into hop_k on a pointer-doubling transformer: never refuted (layerwise)",
    .details =
        "INDEX_n encoded into hop_k: Alice's prefix holds the pairs (K_j, x_j), Bob's suffix a "
        "chain of k - 1 fresh symbols that ends at K_i, so hop_k at the last token is x_i. The "
        "hop_doubling construction computes hop_k at every position with floor(log2 k) + 3 "
        "causal layers (previous token, sigma, doubling). Compiled with layerwise (2L+1 "
        "messages) or causal-prefix (one message) its bits exceed every two-party bound of a "
        "problem of size <= N: communication bounds cannot refute multi-layer transformers, "
        "and ccsim reporting otherwise would be a bug (a test checks it).",
    .params =
        {
            {"n", ParamType::Int, "6", "INDEX size (Alice's bits)", 1, 200},
            {"k", ParamType::Int, "3", "hops", 1, 64},
            constructionParam("hop_doubling", "hop_transformer"),
            {"strategy",
             ParamType::String,
             "layerwise",
             "layerwise or causal-prefix (causal-last-token needs k = 1)",
             {},
             {}},
            precisionParam("fp32", "number format"),
            precisionModelParam("partial-sums", "partial-sums, or embeddings (causal-prefix only)"),
        },
    .smallConfig = {"n=3", "k=2"},
    .extraConfigs = {{"strategy=causal-prefix"},
                     {"strategy=causal-prefix", "precision_model=embeddings"},
                     {"k=1", "strategy=causal-last-token"}},
    .growth = "bits about (L-1)·N·H(m + d_v + 2)p with L = floor(log2 k) + 2 against bounds n "
              "(one-way) and ceil(log2 n) (two-way): never below",
    .make = make,
});

}  // namespace
}  // namespace ccsim
