// Faithfulness for multi-layer transformers: every strategy's protocol output equals the
// model's quantized forward pass at the target, bit for bit, over random weights, splits,
// depths and formats; and the bits are the closed forms of docs/architecture.md, "strategy".

#include <doctest/doctest.h>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/transformer.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/transformer.hpp>
#include <ccsim/task/qsa.hpp>

using namespace ccsim;

namespace {

std::uint64_t sign(const Vector& out) { return out[0] > 0 ? 1 : 0; }

struct Setup {
    std::shared_ptr<const TransformerModel> model;
    TransformerSpec spec;
    Matrix x;
    std::size_t layers, heads, m, d;
};

Setup randomSetup(TransformerStrategy strategy, PrecisionModel precision, bool causal,
                  const char* format, std::uint64_t seed) {
    SplitMix64 rng(seed);
    Setup s;
    const std::size_t n = 3 + rng.below(5);
    s.d = 1 + rng.below(4);
    s.layers = 1 + rng.below(3);
    s.heads = 1 + rng.below(2);
    s.m = 1 + rng.below(3);
    s.model = makeRandomTransformer(s.d, s.layers, s.heads, s.m, rng.below(4), causal, seed);
    s.spec.strategy = strategy;
    s.spec.format = Format::parse(format);
    s.spec.precision = precision;
    s.spec.readout = sign;
    s.spec.owner.assign(n, 1);
    switch (strategy) {
        case TransformerStrategy::Layerwise:
            s.spec.target = rng.below(n);
            for (std::size_t j = 0; j < n; ++j)
                s.spec.owner[j] = static_cast<PartyId>(rng.below(2));
            // Both parties hold a token, and the target attends to one of the other's.
            s.spec.owner[0] = 1 - s.spec.owner[s.spec.target];
            if (s.spec.target == 0) s.spec.owner[0] = 0;
            if (s.spec.target == 0) s.spec.owner[n - 1] = 1, s.spec.target = n - 1;
            break;
        case TransformerStrategy::CausalPrefix: {
            const std::size_t a = 1 + rng.below(n - 1);
            for (std::size_t j = 0; j < a; ++j) s.spec.owner[j] = 0;
            s.spec.target = a + rng.below(n - a);
            break;
        }
        case TransformerStrategy::CausalLastToken:
            s.spec.owner.assign(n, 0);
            s.spec.owner[n - 1] = 1;
            s.spec.target = n - 1;
            break;
    }
    s.x = 1.5 * gaussianMatrix(rng, n, s.d);
    return s;
}

/// Every strategy with the causality it supports and a precision model.
struct Case {
    TransformerStrategy strategy;
    PrecisionModel precision;
    bool causal;
};
const Case kCases[] = {
    {TransformerStrategy::Layerwise, PrecisionModel::PartialSums, false},
    {TransformerStrategy::Layerwise, PrecisionModel::PartialSums, true},
    {TransformerStrategy::CausalPrefix, PrecisionModel::Embeddings, true},
    {TransformerStrategy::CausalPrefix, PrecisionModel::PartialSums, true},
    {TransformerStrategy::CausalLastToken, PrecisionModel::PartialSums, true},
};

}  // namespace

TEST_SUITE("compile/transformer") {
    TEST_CASE("the closed form's own value equals the measured bits, every strategy x causality") {
        // The value is computed from the symbols (counted from the split and the mask), not
        // from the schedule; pc_decoder n=3 k=3 layerwise used to print a formula worth 1280
        // beside the schedule's 800.
        for (const Case& c : kCases)
            for (std::uint64_t seed = 1; seed <= 30; ++seed) {
                CAPTURE(nameOf(c.strategy));
                CAPTURE(c.causal);
                CAPTURE(seed);
                const Setup s = randomSetup(c.strategy, c.precision, c.causal, "bf16", seed);
                const ClosedForm form = transformerClosedForm(s.model, s.spec);
                ProtocolRunner runner(compileTransformer(s.model, s.spec));
                runner.run(splitTokens(s.x, s.spec.owner));
                CHECK(form.bits == runner.transcript().totalBits());
                CHECK(form.text.find(" with L=") != std::string::npos);
                CHECK(form.text.find("p=16") != std::string::npos);
                CHECK(form.bits == runner.protocol().declaredBits());
            }
    }

    TEST_CASE("bits and messages follow the closed forms") {
        const std::size_t p = 16;
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            CAPTURE(seed);
            // Encoder, layerwise: (L-1)·N·H(m+d_v+2)p + H(m+d_v+2)p in 2L+1 alternating messages.
            Setup s = randomSetup(TransformerStrategy::Layerwise, PrecisionModel::PartialSums,
                                  false, "fixed:16:8", seed);
            const std::size_t n = s.spec.owner.size();
            const std::size_t perToken = s.heads * (s.m + s.m + 2) * p;
            ProtocolRunner layerwise(compileTransformer(s.model, s.spec));
            CHECK(layerwise.protocol().declaredBits() == (s.layers - 1) * n * perToken + perToken);
            const auto& rounds = layerwise.protocol().rounds;
            CHECK(rounds.size() == (s.layers == 1 ? 2 : 2 * s.layers + 1));
            for (std::size_t r = 1; r < rounds.size(); ++r)
                CHECK(rounds[r].from != rounds[r - 1].from);
            CHECK(rounds.back().to == std::vector<PartyId>{s.spec.owner[s.spec.target]});

            Setup c = randomSetup(TransformerStrategy::CausalPrefix, PrecisionModel::Embeddings,
                                  true, "fixed:16:8", seed);
            std::size_t alice = 0;
            for (PartyId o : c.spec.owner) alice += o == 0 ? 1 : 0;
            ProtocolRunner prefix(compileTransformer(c.model, c.spec));
            CHECK(prefix.protocol().rounds.size() == 1);
            CHECK(prefix.protocol().declaredBits() == c.layers * alice * c.heads * 2 * c.m * p);

            Setup l = randomSetup(TransformerStrategy::CausalLastToken, PrecisionModel::PartialSums,
                                  true, "fixed:16:8", seed);
            ProtocolRunner last(compileTransformer(l.model, l.spec));
            CHECK(last.protocol().rounds.size() == 2 * l.layers);
            CHECK(last.protocol().rounds.front().from == 1);
            CHECK(last.protocol().declaredBits() == l.layers * l.heads * (2 * l.m + 2) * p);
        }
    }

    TEST_CASE("the quantized pass at fp64 under embeddings is the reference pass") {
        for (bool causal : {false, true}) {
            SplitMix64 rng(3);
            const auto model = makeRandomTransformer(3, 3, 2, 2, 4, causal, 11);
            const Matrix x = gaussianMatrix(rng, 6, 3);
            const Matrix reference = model->forward(x);
            const Matrix quantized =
                model->forwardQuantized(x, Format::parse("fp64"), PrecisionModel::Embeddings, {});
            CHECK((reference - quantized).cwiseAbs().maxCoeff() < 1e-12);
            // Causal: a token's output does not depend on later tokens.
            Matrix changed = x;
            changed.row(5) *= -3;
            const Matrix other = model->forward(changed);
            if (causal)
                CHECK((other.topRows(5) - reference.topRows(5)).cwiseAbs().maxCoeff() == 0);
            else
                CHECK((other.topRows(5) - reference.topRows(5)).cwiseAbs().maxCoeff() > 0);
        }
    }

    TEST_CASE("strategies refuse setups they cannot run") {
        const auto encoder = makeRandomTransformer(2, 2, 1, 2, 0, false, 1);
        const auto decoder = makeRandomTransformer(2, 2, 1, 2, 0, true, 1);
        TransformerSpec spec;
        spec.readout = sign;
        spec.owner = {0, 0, 1};
        spec.target = 2;
        spec.strategy = TransformerStrategy::Layerwise;
        spec.precision = PrecisionModel::Embeddings;
        CHECK_THROWS_WITH_AS(compileTransformer(encoder, spec),
                             doctest::Contains("precision_model=partial-sums"), UsageError);
        spec.precision = PrecisionModel::PartialSums;
        CHECK_NOTHROW(compileTransformer(encoder, spec));
        spec.strategy = TransformerStrategy::CausalPrefix;
        CHECK_THROWS_WITH_AS(compileTransformer(encoder, spec), doctest::Contains("causal"),
                             UsageError);
        CHECK_NOTHROW(compileTransformer(decoder, spec));
        spec.owner = {0, 1, 0};
        CHECK_THROWS_WITH_AS(compileTransformer(decoder, spec), doctest::Contains("prefix"),
                             UsageError);
        spec.strategy = TransformerStrategy::CausalLastToken;
        CHECK_THROWS_WITH_AS(compileTransformer(decoder, spec), doctest::Contains("last token"),
                             UsageError);
        spec.owner = {0, 0, 1};
        CHECK_NOTHROW(compileTransformer(decoder, spec));
        spec.owner = {0, 0, 0};
        CHECK_THROWS_WITH_AS(compileTransformer(decoder, spec),
                             doctest::Contains("at least one token"), UsageError);
        spec.owner = {0, 2, 1};
        CHECK_THROWS_AS(compileTransformer(decoder, spec), UsageError);
        CHECK_THROWS_WITH_AS(parseTransformerStrategy("layer-wise"),
                             doctest::Contains("did you mean 'layerwise'"), UsageError);
    }
}
