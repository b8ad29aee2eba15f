// Faithfulness, once for every compile strategy (docs/architecture.md, "Faithfulness"): over
// random weights, token counts, targets and partitions, in six formats, a compiled protocol's
// output values equal Model::quantizedAt of the partition the compiler names
// (quantizationOf(spec)), compared with ==. Each registered strategy needs at least one
// random setup below; a new strategy without one fails the first test.

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <doctest/doctest.h>

#include <ccsim/compile/chain.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/first_layer.hpp>
#include <ccsim/compile/nof.hpp>
#include <ccsim/compile/strategy.hpp>
#include <ccsim/compile/transformer.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/model/token_map.hpp>
#include <ccsim/numeric/random.hpp>

using namespace ccsim;

namespace {

/// One compiled protocol on one input, and the model pass it must equal.
struct Setup {
    std::shared_ptr<const Model> model;
    ProtocolFactory protocol;
    PartyInputs inputs;
    Matrix x;
    std::size_t target = 0;
    Quantization quantization;
};

/// A random setup of a strategy, in a format, from a seed; `label` tells variants apart.
struct Variant {
    const char* label;
    std::function<Setup(const Format&, std::uint64_t)> make;
};

std::uint64_t sign(const Vector& out) { return out[0] > 0 ? 1 : 0; }

// --- attention: send-token, partial-sums, query-then-sums ---------------------------------

/// What a trained model adds around the heads (model/token_map.hpp).
enum class Maps { None, TokenWise };

/// φ = linear, gelu, linear + learned positions (n rows), over tokens of dimension d.
std::shared_ptr<const TokenMap> randomPhi(SplitMix64& rng, std::size_t d, std::size_t f,
                                          std::size_t n) {
    const auto ff = static_cast<Eigen::Index>(f);
    return std::make_shared<const TokenMap>(
        d,
        std::vector<TokenStep>{
            TokenStep::linear(gaussianMatrix(rng, ff, static_cast<Eigen::Index>(d), 0.8),
                              gaussianMatrix(rng, ff, 1, 0.3).col(0)),
            TokenStep::act(Activation::Gelu),
            TokenStep::linear(gaussianMatrix(rng, ff, ff, 0.6), Vector()),
            TokenStep::learnedPositions(
                gaussianMatrix(rng, static_cast<Eigen::Index>(n), ff, 0.5))},
        "phi");
}

/// ψ = layer norm, linear to `out` numbers.
std::shared_ptr<const TokenMap> randomPsi(SplitMix64& rng, std::size_t in, std::size_t out) {
    const auto ii = static_cast<Eigen::Index>(in);
    return std::make_shared<const TokenMap>(
        in,
        std::vector<TokenStep>{
            TokenStep::layerNorm(Vector::Constant(ii, 1.0) + gaussianMatrix(rng, ii, 1, 0.2).col(0),
                                 gaussianMatrix(rng, ii, 1, 0.2).col(0), 1e-5),
            TokenStep::linear(gaussianMatrix(rng, static_cast<Eigen::Index>(out), ii, 0.7),
                              Vector())},
        "psi");
}

Setup attentionSetup(Strategy strategy, PrecisionModel precision, bool residual,
                     const Format& format, std::uint64_t seed, Maps maps = Maps::None) {
    SplitMix64 rng(seed);
    const std::size_t n = 2 + rng.below(6);
    const std::size_t d = 1 + rng.below(4);
    std::shared_ptr<const AttentionModel> model;
    if (maps == Maps::TokenWise) {
        // A trained model's shape: h = φ(x_j) + P[j], ψ(h_i + attn(h)_i) or ψ(attn(h)_i).
        const std::size_t f = 2 + rng.below(3);
        const auto phi = randomPhi(rng, d, f, n);
        const auto base = makeRandomAttention(f, 1 + rng.below(3), 2, f, 1 + rng.below(2), seed);
        model = std::make_shared<const AttentionModel>(
            phi, base->headWeights(), base->outBias(), base->temperature(),
            residual ? AttentionModel::Residual::Features : AttentionModel::Residual::None,
            randomPsi(rng, f, 1 + rng.below(3)), "token maps");
    } else if (residual) {
        const auto base = makeRandomAttention(d, 3, 2, d, 2, seed);
        model = std::make_shared<const AttentionModel>(std::make_shared<IdentityFeatures>(d),
                                                       base->headWeights(), base->outBias(),
                                                       base->temperature(), true, "residual");
    } else {
        model = makeRandomAttention(d, 1 + rng.below(4), 1 + rng.below(3), 1 + rng.below(3),
                                    1 + rng.below(3), seed);
    }
    CompileSpec spec;
    spec.strategy = strategy;
    spec.format = format;
    spec.precision = precision;
    spec.target = rng.below(n);
    spec.readout = sign;
    spec.owner.assign(n, 1);
    for (std::size_t j = 0; j < n; ++j) {
        if (strategy != Strategy::SendToken) spec.owner[j] = static_cast<PartyId>(rng.below(2));
        if (j == spec.target) spec.owner[j] = strategy == Strategy::PartialSums ? kPublic : 0;
    }
    const Matrix x =
        gaussianMatrix(rng, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d), 2.0);
    return {model, compile(model, spec), splitTokens(x, spec.owner),
            x,     spec.target,          quantizationOf(spec)};
}

Variant attention(const char* label, Strategy s, PrecisionModel p, bool residual,
                  Maps maps = Maps::None) {
    return {label, [=](const Format& f, std::uint64_t seed) {
                return attentionSetup(s, p, residual, f, seed, maps);
            }};
}

// --- transformers: layerwise, causal-prefix, causal-last-token -----------------------------

/// The layers of a random transformer with PyTorch's layer norms: pre-norm (norm1 before
/// the heads, norm2 before the MLP) or post-norm (after each residual), and a gelu MLP.
std::shared_ptr<const TransformerModel> withNorms(const TransformerModel& base, bool preNorm,
                                                  SplitMix64& rng) {
    const std::size_t d = base.tokenDim();
    const auto norm = [&] {
        const auto dd = static_cast<Eigen::Index>(d);
        return std::make_shared<const TokenMap>(
            d,
            std::vector<TokenStep>{TokenStep::layerNorm(
                Vector::Constant(dd, 1.0) + gaussianMatrix(rng, dd, 1, 0.2).col(0),
                gaussianMatrix(rng, dd, 1, 0.2).col(0), 1e-5)},
            "norm");
    };
    std::vector<TransformerLayer> layers;
    for (std::size_t l = 0; l < base.layers(); ++l) {
        const AttentionModel& a = *base.layer(l).attention;
        Mlp mlp = base.layer(l).mlp;
        mlp.activation = Activation::Gelu;
        using R = AttentionModel::Residual;
        std::shared_ptr<const AttentionModel> attention;
        if (preNorm) {
            attention = std::make_shared<const AttentionModel>(
                norm(), a.headWeights(), a.outBias(), a.temperature(), R::Input, nullptr, "pre");
            if (mlp.width() > 0) mlp.pre = norm();
        } else {
            attention = std::make_shared<const AttentionModel>(
                std::make_shared<IdentityFeatures>(d), a.headWeights(), a.outBias(),
                a.temperature(), R::Input, norm(), "post");
            if (mlp.width() > 0) mlp.post = norm();
        }
        layers.push_back({std::move(attention), std::move(mlp)});
    }
    return std::make_shared<const TransformerModel>(std::move(layers), base.causal(), "normed");
}

Setup transformerSetup(TransformerStrategy strategy, PrecisionModel precision, bool causal,
                       const Format& format, std::uint64_t seed, bool norms = false) {
    SplitMix64 rng(seed);
    const std::size_t n = 3 + rng.below(5);
    const std::size_t d = (norms ? 2 : 1) + rng.below(4);
    const std::size_t layers = 1 + rng.below(3);
    const std::size_t heads = 1 + rng.below(2);
    const std::size_t m = 1 + rng.below(3);
    std::shared_ptr<const TransformerModel> model =
        makeRandomTransformer(d, layers, heads, m, rng.below(4), causal, seed);
    if (norms) model = withNorms(*model, seed % 2 == 0, rng);
    TransformerSpec spec;
    spec.strategy = strategy;
    spec.format = format;
    spec.precision = precision;
    spec.readout = sign;
    spec.owner.assign(n, 1);
    switch (strategy) {
        case TransformerStrategy::Layerwise:
            spec.target = rng.below(n);
            for (std::size_t j = 0; j < n; ++j) spec.owner[j] = static_cast<PartyId>(rng.below(2));
            // Both parties hold a token, and the target attends to one of the other's.
            spec.owner[0] = 1 - spec.owner[spec.target];
            if (spec.target == 0) spec.owner[0] = 0;
            if (spec.target == 0) spec.owner[n - 1] = 1, spec.target = n - 1;
            break;
        case TransformerStrategy::CausalPrefix: {
            const std::size_t a = 1 + rng.below(n - 1);
            for (std::size_t j = 0; j < a; ++j) spec.owner[j] = 0;
            spec.target = a + rng.below(n - a);
            break;
        }
        case TransformerStrategy::CausalLastToken:
            spec.owner.assign(n, 0);
            spec.owner[n - 1] = 1;
            spec.target = n - 1;
            break;
    }
    const Matrix x =
        gaussianMatrix(rng, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d), 1.5);
    return {model,
            compileTransformer(model, spec),
            splitTokens(x, spec.owner),
            x,
            spec.target,
            quantizationOf(spec)};
}

Variant transformer(const char* label, TransformerStrategy s, PrecisionModel p, bool causal,
                    bool norms = false) {
    return {label, [=](const Format& f, std::uint64_t seed) {
                return transformerSetup(s, p, causal, f, seed, norms);
            }};
}

// --- RNNs: chain over 2, 3 or 4 blocks ------------------------------------------------------

Setup chainSetup(std::size_t blocks, const Format& format, std::uint64_t seed) {
    SplitMix64 rng(seed * 31 + blocks);
    const std::size_t n = blocks + rng.below(6);
    const std::size_t d = 1 + rng.below(3);
    const Activation act = seed % 3 == 0   ? Activation::Relu
                           : seed % 3 == 1 ? Activation::Tanh
                                           : Activation::Identity;
    const auto model = makeRandomRnn(d, 1 + rng.below(4), 1 + rng.below(3), 2, act, seed);
    const Matrix x =
        gaussianMatrix(rng, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
    // blocks - 1 distinct starts in [1, n).
    std::vector<std::size_t> starts;
    while (starts.size() + 1 < blocks) {
        const std::size_t s = 1 + rng.below(n - 1);
        if (std::find(starts.begin(), starts.end(), s) == starts.end()) starts.push_back(s);
    }
    std::sort(starts.begin(), starts.end());
    ChainSpec spec;
    spec.format = format;
    spec.tokens = n;
    spec.readout = sign;
    if (blocks == 2)
        spec.split = starts[0];
    else
        spec.splits = starts;
    const PartyInputs inputs = blocks == 2 ? splitPrefix(x, spec.split) : splitBlocks(x, starts);
    return {model, compileChain(model, spec), inputs, x, n - 1, quantizationOf(spec)};
}

Variant chain(const char* label, std::size_t blocks) {
    return {label,
            [=](const Format& f, std::uint64_t seed) { return chainSetup(blocks, f, seed); }};
}

// --- FNNs: first-layer ----------------------------------------------------------------------

Setup firstLayerSetup(const Format& format, std::uint64_t seed) {
    SplitMix64 rng(seed);
    const std::size_t n = 2 + rng.below(7);
    const std::size_t d = 1 + rng.below(3);
    const auto model = makeRandomFnn(n, d, 1 + rng.below(8), rng.below(6), 1 + rng.below(4), seed);
    FirstLayerSpec spec;
    spec.format = format;
    spec.alice.assign(n, false);
    for (std::size_t j = 0; j < n; ++j) spec.alice[j] = rng.below(2) == 1;
    spec.alice[0] = true;  // each party holds a token
    spec.alice[n - 1] = false;
    spec.readout = [](const Vector& out, const PartyInput&) {
        return ProtocolOutput(sign(out), std::vector<double>(out.begin(), out.end()));
    };
    std::vector<PartyId> owner;
    for (bool a : spec.alice) owner.push_back(a ? 0 : 1);
    const Matrix x =
        gaussianMatrix(rng, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d), 2.0);
    return {model,
            compileFirstLayer(model, spec),
            splitTokens(x, owner),
            x,
            n - 1,
            quantizationOf(spec)};
}

// --- third-order attention: nof --------------------------------------------------------------

Setup nofSetup(const Format& format, std::uint64_t seed) {
    SplitMix64 rng(seed);
    const std::size_t n = 2 + rng.below(7);
    const std::size_t d = 1 + rng.below(3);
    const auto model = makeRandomThirdOrder(d, 1 + rng.below(4), 1 + rng.below(4), 1 + rng.below(2),
                                            0.5 + 2.0 * static_cast<double>(rng.below(4)),
                                            rng.below(2) == 1, seed);
    NofSpec spec;
    spec.format = format;
    spec.target = rng.below(n);
    spec.outputParty = static_cast<PartyId>(rng.below(3));
    spec.readout = sign;
    for (std::size_t j = 0; j < n; ++j)
        spec.forehead.push_back(
            j == spec.target || rng.below(6) == 0 ? kPublic : static_cast<PartyId>(rng.below(3)));
    const Matrix x =
        gaussianMatrix(rng, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d), 2.0);
    return {model,       compileNof(model, spec), splitNof(x, spec.forehead), x,
            spec.target, quantizationOf(spec)};
}

/// Every registered strategy, with a random setup for each precision model and model shape
/// it supports.
const std::map<std::string, std::vector<Variant>>& variants() {
    using P = PrecisionModel;
    using T = TransformerStrategy;
    static const std::map<std::string, std::vector<Variant>> all = {
        {"send-token",
         {attention("embeddings", Strategy::SendToken, P::Embeddings, false),
          attention("partial-sums", Strategy::SendToken, P::PartialSums, false),
          attention("token maps", Strategy::SendToken, P::Embeddings, false, Maps::TokenWise)}},
        {"partial-sums",
         {attention("plain", Strategy::PartialSums, P::PartialSums, false),
          attention("residual", Strategy::PartialSums, P::PartialSums, true),
          attention("token maps", Strategy::PartialSums, P::PartialSums, true, Maps::TokenWise)}},
        {"query-then-sums",
         {attention("plain", Strategy::QueryThenSums, P::PartialSums, false),
          attention("residual", Strategy::QueryThenSums, P::PartialSums, true),
          attention("token maps", Strategy::QueryThenSums, P::PartialSums, true, Maps::TokenWise)}},
        {"layerwise",
         {transformer("encoder", T::Layerwise, P::PartialSums, false),
          transformer("causal", T::Layerwise, P::PartialSums, true),
          transformer("layer norms", T::Layerwise, P::PartialSums, false, true)}},
        {"causal-prefix",
         {transformer("embeddings", T::CausalPrefix, P::Embeddings, true),
          transformer("partial-sums", T::CausalPrefix, P::PartialSums, true),
          transformer("layer norms", T::CausalPrefix, P::Embeddings, true, true)}},
        {"causal-last-token",
         {transformer("partial-sums", T::CausalLastToken, P::PartialSums, true),
          transformer("layer norms", T::CausalLastToken, P::PartialSums, true, true)}},
        {"chain", {chain("2 blocks", 2), chain("3 blocks", 3), chain("4 blocks", 4)}},
        {"first-layer", {{"random split", firstLayerSetup}}},
        {"nof", {{"random foreheads", nofSetup}}},
    };
    return all;
}

const char* const kFormats[] = {"fp64", "fp32", "bf16", "e4m3", "fixed:12:8", "fixed:4:2"};

}  // namespace

TEST_SUITE("compile/faithfulness") {
    TEST_CASE("every registered strategy has random setups here") {
        std::set<std::string> covered;
        for (const auto& [name, list] : variants()) {
            covered.insert(name);
            CHECK_FALSE(list.empty());
        }
        const std::vector<std::string> names = StrategyRegistry::instance().names();
        CHECK(covered == std::set<std::string>(names.begin(), names.end()));
    }

    TEST_CASE("every strategy's protocol outputs the quantized model pass, bit for bit") {
        for (const StrategyInfo& info : StrategyRegistry::instance().all()) {
            const auto found = variants().find(info.name);
            REQUIRE(found != variants().end());
            for (const Variant& variant : found->second)
                for (const char* format : kFormats)
                    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
                        CAPTURE(info.name);
                        CAPTURE(variant.label);
                        CAPTURE(format);
                        CAPTURE(seed);
                        const Setup s = variant.make(Format::parse(format), seed);
                        // The strategy compiles the family it is registered for.
                        CHECK(s.model->family() == info.model);
                        ProtocolRunner runner(s.protocol);
                        const ProtocolOutput out = runner.run(s.inputs);
                        const Vector want = s.model->quantizedAt(s.x, s.target, s.quantization);
                        REQUIRE(out.values.size() == static_cast<std::size_t>(want.size()));
                        for (std::size_t k = 0; k < out.values.size(); ++k)
                            CHECK(out.values[k] == want[static_cast<Eigen::Index>(k)]);
                        CHECK(out.answer == sign(want));
                        CHECK(runner.transcript().totalBits() == runner.protocol().declaredBits());
                        // The batch entry, at 1 and 3 threads, holds the same row.
                        const auto row = s.model->outputsEveryPosition()
                                             ? static_cast<Eigen::Index>(s.target)
                                             : 0;
                        for (unsigned threads : {1U, 3U})
                            CHECK(Vector(s.model->quantizedAll(s.x, s.quantization, threads)
                                             .row(row)
                                             .transpose()) == want);
                    }
        }
    }

    TEST_CASE("at fp64 the quantized pass is the reference pass, up to the order of sums") {
        // fp64 rounds nothing, so only the block order of the softmax sums (partial-sums) and
        // the split of the first layer (FNN) can move the result, by rounding errors.
        // (No structured binding: clang's CAPTURE lambda cannot capture one.)
        for (const auto& entry : variants())
            for (const Variant& variant : entry.second)
                for (std::uint64_t seed = 1; seed <= 10; ++seed) {
                    CAPTURE(entry.first);
                    CAPTURE(variant.label);
                    CAPTURE(seed);
                    const Setup s = variant.make(Format::parse("fp64"), seed);
                    const Vector quantized = s.model->quantizedAt(s.x, s.target, s.quantization);
                    const Vector reference = s.model->referenceAt(s.x, s.target);
                    REQUIRE(quantized.size() == reference.size());
                    for (Eigen::Index k = 0; k < reference.size(); ++k)
                        CHECK(quantized[k] == doctest::Approx(reference[k]).epsilon(1e-9).scale(1));
                }
    }

    TEST_CASE("the model families the strategies compile are registered") {
        for (const StrategyInfo& info : StrategyRegistry::instance().all())
            CHECK_MESSAGE(ModelFamilyRegistry::instance().find(info.model) != nullptr, info.name);
    }
}
