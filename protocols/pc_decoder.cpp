// pc_decoder: pointer chasing PC_k on a causal transformer decoder (docs/theory/pc_decoder.md)
// [ours: the construction]. Alice's n tokens carry f_A, one per argument; Bob holds
// the last token, which carries all of f_B and the start pointer. The pc_chase construction
// advances two pointer steps per layer (f_A by attention, f_B by the MLP), so ceil(k/2)
// layers compute v_k.
//
// Compiled with causal-last-token (default) the decoder is 2L alternating messages, Bob first,
// L·H(m + d_v + 2)p bits; the verdict picks the bound class from those rounds: the
// round-limited class of PC_k when 2L messages are few enough for it, else two-way. With
// causal-prefix it is one message of L·n·H(m + d_v)p bits against the exact one-way bound.
// Fewer layers (L < ceil(k/2)) compute v_{2L} instead of v_k: a depth-limited decoder.

#include <fmt/format.h>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/transformer.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/pc_chase.hpp>
#include <ccsim/construct/pc_tokens.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/pc.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class PcDecoder final : public Reduction {
public:
    PcDecoder(std::size_t n, std::size_t k, std::shared_ptr<const PcChaseDecoder> chase,
              TransformerSpec spec)
        : problem_(n, k), chase_(std::move(chase)), spec_(std::move(spec)) {}

    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return compileTransformer(chase_->model(), spec_); }
    PartyInputs encode(const Instance& instance) const override {
        return splitTokens(tokens(instance), spec_.owner);
    }
    std::optional<ModelPass> modelPass(const Instance& instance) const override {
        return ModelPass{chase_->model(), tokens(instance), spec_.target, quantizationOf(spec_)};
    }
    ClosedForm closedForm() const override { return transformerClosedForm(chase_->model(), spec_); }
    double operationsPerInstance() const override {
        return chase_->model()->passOperations(spec_.owner.size());
    }
    std::optional<ModelInfo> modelInfo() const override {
        return ModelInfo{spec_.format.name(), std::string(nameOf(spec_.precision)),
                         std::string(nameOf(spec_.strategy)), chase_->model()->description()};
    }

private:
    Matrix tokens(const Instance& instance) const {
        return chase_->tokens(instance.at(0).values, instance.at(1).values);
    }

    Pc problem_;
    std::shared_ptr<const PcChaseDecoder> chase_;
    TransformerSpec spec_;
};

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("n"));
    const auto k = static_cast<std::size_t>(params.getInt("k"));
    const std::string construction = params.getString("construction");
    const Pc check(n, k);  // validates n and k with the problem's own messages
    auto chase = buildConstruction<std::shared_ptr<const PcChaseDecoder>>(
        construction, "pc", PcShape{n, k}, params, "pc_decoder");

    TransformerSpec spec;
    spec.strategy = parseTransformerStrategy(params.getString("strategy"));
    spec.format = readPrecision(params);
    spec.precision = readPrecisionModel(params);
    spec.target = n;
    spec.owner.assign(n + 1, 0);
    spec.owner[n] = 1;
    spec.readout = [chase](const Vector& out) { return chase->decode(out); };
    compileTransformer(chase->model(), spec);  // rejects what the strategy cannot run, now
    return std::make_unique<PcDecoder>(n, k, std::move(chase), std::move(spec));
}

const ReductionRegistry::Registrar registrar({
    .name = "pc_decoder",
    .problem = "pc",
    .summary = "pointer chasing PC_k on a causal decoder: rounds = 2L messages (Bob first)",
    .details =
        "PC_k: Alice's n tokens carry f_A, Bob's last token carries f_B and v_0. The pc_chase "
        "construction takes two pointer steps per layer (f_A by attention, f_B by an n^2-unit "
        "ReLU MLP), so ceil(k/2) layers compute v_k. causal-last-token compiles it into 2L "
        "alternating messages with Bob first, L·H(m + d_v + 2)p bits, and the verdict uses the "
        "bound whose round count the protocol fits (PC_k's round-limited bound when 2L is "
        "small enough, else two-way); causal-prefix is one message against the exact one-way "
        "bound. L below ceil(k/2) gives a depth-limited decoder that computes v_{2L}.",
    .params =
        {
            {"n", ParamType::Int, "3", "domain size of f_A, f_B", 1, 64},
            {"k", ParamType::Int, "3", "pointer steps", 2, 64},
            {"L", ParamType::Int, "0", "layers, 0 = ceil(k/2) (enough for v_k)", 0, 32, true},
            constructionParam("pc_chase", "pc_decoder"),
            {"strategy",
             ParamType::String,
             "causal-last-token",
             "causal-last-token, causal-prefix or layerwise",
             {},
             {}},
            precisionParam("fp32", "number format"),
            precisionModelParam("partial-sums", "partial-sums, or embeddings (causal-prefix only)"),
        },
    .smallConfig = {"n=2", "k=3"},
    .extraConfigs = {{"strategy=causal-prefix"},
                     {"strategy=causal-prefix", "precision_model=embeddings"},
                     {"strategy=layerwise"},
                     {"L=1"}},
    .growth = "causal-last-token: L·(2n + 2)p bits with L = ceil(k/2); causal-prefix: "
              "L·n·2n·p against ceil(n log2 n)",
    .make = make,
});

}  // namespace
}  // namespace ccsim
