// pc_rnn: pointer chasing PC_k on a recurrent network (docs/theory/pc_rnn.md).
// The tokens (construct/pc_tokens.hpp) are Alice's table, one token (0, u, f_A(u)) per u, then
// Bob's, (1, u, f_B(u)); the answer v_k is read at the last token. An RNN reading them in order is
// the two-block `chain`: one message, Alice's state after her block, L·m·p bits. So it is
// measured against the one-way Alice → Bob bound of PC_k, ceil(n log2 n) for odd k.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <ccsim/compile/chain.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/pc_tokens.hpp>
#include <ccsim/construct/rnn.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/pc.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class PcRnn final : public Reduction {
public:
    PcRnn(std::size_t n, std::size_t k, std::shared_ptr<const RnnModel> model, ChainSpec spec)
        : problem_(n, k), model_(std::move(model)), spec_(std::move(spec)) {}

    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return compileChain(model_, spec_); }
    PartyInputs encode(const Instance& instance) const override {
        return splitPrefix(pcTokens(problem_, instance), spec_.split);
    }
    ClosedForm closedForm() const override {
        return {fmt::format("{} with L={}, m={}, p={}", chainMessage(*model_).formula(spec_.format),
                            model_->layers(), model_->stateDim(), spec_.format.widthBits()),
                chainBits(*model_, spec_.format)};
    }
    std::optional<ModelInfo> modelInfo() const override {
        return ModelInfo{spec_.format.name(), "state", "chain", model_->description()};
    }
    std::optional<ModelPass> modelPass(const Instance& instance) const override {
        Matrix x = pcTokens(problem_, instance);
        const auto last = static_cast<std::size_t>(x.rows()) - 1;
        return ModelPass{model_, std::move(x), last, quantizationOf(spec_)};
    }

private:
    Pc problem_;
    std::shared_ptr<const RnnModel> model_;
    ChainSpec spec_;
};

/// fixed:P:0 with P = bits of n - 1 plus a sign bit: holds 0..n-1 exactly.
Format autoFormat(std::size_t n) {
    int bits = 1;
    for (std::size_t x = n - 1; x != 0; x >>= 1) ++bits;
    return Format::parse(fmt::format("fixed:{}:0", bits));
}

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("n"));
    const auto k = static_cast<std::size_t>(params.getInt("k"));
    const Format format =
        params.getString("precision") == "auto" ? autoFormat(n) : readPrecision(params);
    const std::shared_ptr<const RnnModel> model =
        rnnModelFromParams(params, kPcTokenDim, "pc", PcShape{n, k});
    ChainSpec spec;
    spec.format = format;
    spec.tokens = 2 * n;
    spec.split = n;
    // The output is v_k as a real: the nearest value in [0, n).
    spec.readout = [n](const Vector& out) -> std::uint64_t {
        const double r = std::round(out[0]);
        if (!(r > 0)) return 0;
        return r >= static_cast<double>(n - 1) ? n - 1 : static_cast<std::uint64_t>(r);
    };
    return std::make_unique<PcRnn>(n, k, model, spec);
}

const ReductionRegistry::Registrar registrar({
    .name = "pc_rnn",
    .problem = "pc",
    .summary = "pointer chasing PC_k on an RNN: Alice's table, then Bob's; one state message",
    .details =
        "PC_k tokenised as Alice's table (one token (0, u, f_A(u)) per u) followed by Bob's "
        "((1, u, f_B(u))), N = 2n tokens, answer v_k read at the last token. An RNN reading the "
        "tokens in order is the two-block chain: Alice sends her state after her block, "
        "L·m·p bits, and Bob finishes. That is a one-way Alice -> Bob protocol, measured "
        "against D->(PC_k): ceil(n log2 n) for odd k (every f_A needs its own message), "
        "ceil(log2 n) for k = 2, a provable delay-line bound for even k >= 4. The pc_memory "
        "construction stores f_A(u) and f_B(u) in state coordinates u and n + u (m = 2n) and "
        "chases k pointers in its read-out; with fewer coordinates or a narrower format it "
        "falls below the bound and the witness search names an instance it gets wrong.",
    .params = concatParams({
        {
            {"n", ParamType::Int, "4", "size of the domain [n] of both functions", 1, 1 << 12},
            {"k", ParamType::Int, "3", "pointers to chase, k >= 2", 2, 1 << 20},
        },
        rnnModelParams("pc_rnn", "pc_memory", "2n"),
        {
            precisionParam("auto", "number format of the state; auto = fixed:P:0 holding 0..n-1"),
        },
    }),
    .smallConfig = {"n=3", "k=3"},
    // Random weights too: their outputs are not exact in any format, so the conformance
    // suite's faithfulness check sees every rounding.
    .extraConfigs = {{"construction=random"}},
    .growth = "bits = L·m·p = 2n·(log2 n + 1) for pc_memory against the one-way bound "
              "ceil(n log2 n) (odd k): both grow as n log n",
    .make = make,
});

}  // namespace
}  // namespace ccsim
