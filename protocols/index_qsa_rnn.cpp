// index_qsa_rnn: INDEX_n reduced to q-sparse averaging with q = 1 on a recurrent network
// (SHT23 Theorem 11; docs/theory/index_qsa_rnn.md). N = 2n + 1 tokens: tokens 0..n-1 carry Alice's
// bits (z_j = +1 if x_j = 1, else -1), tokens n..2n-1 are padding (z = 0), all Alice's; Bob holds
// the last token with y = {i}. Then qSA(X)_{N-1} = z_i, and the answer is x_i = 1 iff the
// output is positive. An RNN reading the tokens in order is a one-way protocol whose message
// is its state after Alice's prefix: L·m·p bits (`chain`). D->(INDEX_n) = n, so L·m·p >= n,
// linear in N, where one attention unit needs only about q log N · p bits for qSA.

#include <fmt/format.h>

#include <ccsim/compile/chain.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/rnn.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/index.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {
namespace {

class IndexQsaRnn final : public Reduction {
public:
    IndexQsaRnn(std::size_t n, std::shared_ptr<const RnnModel> model, ChainSpec spec)
        : problem_(n), shape_{2 * n + 1, 1, 1}, model_(std::move(model)), spec_(std::move(spec)) {}

    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return compileChain(model_, spec_); }
    PartyInputs encode(const Instance& instance) const override {
        return splitPrefix(tokens(instance), spec_.split);
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
        return ModelPass{model_, tokens(instance), shape_.n - 1, quantizationOf(spec_)};
    }

    Matrix tokens(const Instance& instance) const {
        const std::size_t n = problem_.n();
        const Payload& x = instance.at(0).bits;
        const std::size_t i = instance.at(1).values.at(0);
        Matrix out(static_cast<Eigen::Index>(shape_.n),
                   static_cast<Eigen::Index>(shape_.tokenDim()));
        for (std::size_t j = 0; j + 1 < shape_.n; ++j) {
            const double z = j < n ? (x[j] ? 1.0 : -1.0) : 0.0;
            out.row(static_cast<Eigen::Index>(j)) =
                qsaToken(shape_, Vector::Constant(1, z), {j}, j).transpose();
        }
        out.row(static_cast<Eigen::Index>(shape_.n - 1)) =
            qsaToken(shape_, Vector::Zero(1), {i}, shape_.n - 1).transpose();
        return out;
    }

private:
    Index problem_;
    QsaShape shape_;
    std::shared_ptr<const RnnModel> model_;
    ChainSpec spec_;
};

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("n"));
    const QsaShape shape{2 * n + 1, 1, 1};
    const Format format = readPrecision(params);
    const std::shared_ptr<const RnnModel> model =
        rnnModelFromParams(params, shape.tokenDim(), "qsa", shape);
    ChainSpec spec;
    spec.format = format;
    spec.tokens = shape.n;
    spec.split = shape.n - 1;
    spec.readout = [](const Vector& out) -> std::uint64_t { return out[0] > 0 ? 1 : 0; };
    return std::make_unique<IndexQsaRnn>(n, model, spec);
}

const ReductionRegistry::Registrar registrar({
    .name = "index_qsa_rnn",
    .problem = "index",
    .summary = "INDEX_n into qSA with q = 1 on an RNN: memory >= n bits (SHT23 Thm 11)",
    .details =
        "INDEX_n encoded into q-sparse averaging with q = 1 over N = 2n + 1 tokens: Alice's "
        "bits are the z of the first n tokens (then n padding tokens), Bob's last token asks "
        "for y = {i}. An RNN reading the tokens in order is a one-way protocol whose message "
        "is its state after Alice's prefix (strategy chain): L·m·p bits. Since D->(INDEX_n) = "
        "n, every RNN with L·m·p < n bits fails on some instance and the witness search names "
        "it. The index_memory construction stores token j's z in state coordinate j and "
        "succeeds with m = n.",
    .params = concatParams({
        {
            {"n", ParamType::Int, "8", "INDEX size; N = 2n + 1 tokens", 1, 4096},
        },
        rnnModelParams("index_qsa_rnn", "index_memory", "n"),
        {
            precisionParam("fixed:2:0", "number format of the state"),
        },
    }),
    .smallConfig = {"n=5"},
    // Random weights too: their outputs are not exact in any format, so the conformance
    // suite's faithfulness check sees every rounding.
    .extraConfigs = {{"construction=random"}},
    .growth = "lower bound n = (N - 1)/2: linear in N (slope 1), against about q log N · p "
              "bits for one attention unit on qSA",
    .make = make,
});

}  // namespace
}  // namespace ccsim
