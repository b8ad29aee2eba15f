// The attention compiler: message layouts and widths, and the setups each strategy refuses.
// Faithfulness (output = quantized pass) is tests/compile/faithfulness_test.cpp.

#include <doctest/doctest.h>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/construct/qsa.hpp>
#include <ccsim/error.hpp>
#include <ccsim/task/qsa.hpp>

using namespace ccsim;

namespace {

/// A model whose output map adds x_i (residual), built from a random draw.
std::shared_ptr<const AttentionModel> residualModel(std::size_t d, std::uint64_t seed) {
    const auto base = makeRandomAttention(d, 3, 2, d, 2, seed);
    return std::make_shared<const AttentionModel>(std::make_shared<IdentityFeatures>(d),
                                                  base->headWeights(), base->outBias(),
                                                  base->temperature(), true, "residual");
}

}  // namespace

TEST_SUITE("compile/compiler") {
    TEST_CASE("message widths and formulas come from one declaration per message") {
        // A layout's width is its blocks' widths under the format; its formula its parts'.
        const MessageLayout two{{{"|Y<-X|·H(d_v+2)", {{3, 4}}, ""}, {"|X|·Hm", {{2, 5}}, ""}}};
        const Format bf16 = Format::parse("bf16");
        CHECK(two.bits(bf16) == 3 * bf16.blockBits(4) + 2 * bf16.blockBits(5));
        CHECK(two.bits(bf16) == 22 * 16);
        CHECK(two.formula(bf16) == "|Y<-X|·H(d_v+2)p + |X|·Hmp");
        CHECK(layoutOf("L·m", 2, 3, "·").formula(bf16) == "L·m·p");
        // The compiled rounds are the strategy's declared messages, in order: widths,
        // formulas, and the closed form as their sum.
        const auto model = makeRandomAttention(3, 4, 2, 2, 2, 5);
        for (Strategy strategy :
             {Strategy::SendToken, Strategy::PartialSums, Strategy::QueryThenSums}) {
            CAPTURE(nameOf(strategy));
            CompileSpec spec;
            spec.strategy = strategy;
            spec.format = Format::parse("fixed:12:8");
            spec.precision = strategy == Strategy::SendToken ? PrecisionModel::Embeddings
                                                             : PrecisionModel::PartialSums;
            spec.target = 2;
            spec.owner = {1, 1, strategy == Strategy::PartialSums ? kPublic : 0, 1, 1, 1};
            spec.readout = [](const Vector&) -> std::uint64_t { return 0; };
            const ProtocolRunner runner(compile(model, spec));
            const std::vector<MessageLayout> messages =
                attentionMessages(strategy, model->heads(), model->keyDim(), model->valueDim());
            REQUIRE(runner.protocol().rounds.size() == messages.size());
            std::size_t total = 0;
            std::string formula;
            for (std::size_t i = 0; i < messages.size(); ++i) {
                const Round& round = runner.protocol().rounds[i];
                CHECK(round.payloadBits == messages[i].bits(spec.format));
                CHECK(round.widthFormula == messages[i].formula(spec.format));
                total += round.payloadBits;
                formula += (i == 0 ? "" : " + ") + round.widthFormula;
            }
            CHECK(closedFormBits(*model, spec) == total);
            CHECK(closedFormula(strategy, spec.format) == formula);
        }
    }

    TEST_CASE("strategies refuse setups they cannot run") {
        const auto model = makeRandomAttention(2, 2, 2, 2, 1, 1);
        CompileSpec spec;
        spec.readout = [](const Vector&) -> std::uint64_t { return 0; };
        spec.owner = {0, 1, 1};
        spec.target = 1;  // Bob holds the target
        CHECK_THROWS_AS(compile(model, spec), UsageError);
        spec.target = 0;
        spec.strategy = Strategy::QueryThenSums;  // needs partial-sums precision
        CHECK_THROWS_WITH_AS(compile(model, spec),
                             doctest::Contains("precision_model=partial-sums"), UsageError);
        spec.precision = PrecisionModel::PartialSums;
        CHECK_NOTHROW(compile(model, spec));
        spec.strategy = Strategy::PartialSums;  // target must be public
        CHECK_THROWS_AS(compile(model, spec), UsageError);
        spec.owner[0] = kPublic;
        CHECK_NOTHROW(compile(model, spec));
        spec.strategy = Strategy::SendToken;
        spec.owner = {0, 1, 1};
        CHECK_THROWS_WITH_AS(compile(residualModel(2, 1), spec), doctest::Contains("residual"),
                             UsageError);
    }

    TEST_CASE("strategy names parse and misspellings are suggested") {
        CHECK(parseStrategy("send-token") == Strategy::SendToken);
        CHECK(parseStrategy("query-then-sums") == Strategy::QueryThenSums);
        CHECK_THROWS_WITH_AS(parseStrategy("send_token"),
                             doctest::Contains("did you mean 'send-token'"), UsageError);
    }
}
