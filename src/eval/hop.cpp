// eval hop: checks the pointer-doubling transformer's hop_k against the exact definition at
// every position of every sequence in [0, S)^N (samples=0) or of seeded random sequences,
// under a number format and precision model.

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/hop.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/task/hop.hpp>

namespace ccsim {
namespace {

constexpr double kMaxExhaustiveSequences = 1e5;

std::vector<ParamSpec> hopEvalParams() {
    return {
        {"N", ParamType::Int, "8", "sequence length", 1, 512},
        {"alphabet", ParamType::Int, "3", "symbols 0..alphabet-1", 1, 512},
        {"k", ParamType::Int, "2", "hops", 1, 64},
        constructionParam("hop_doubling", "eval hop"),
        precisionParam("fp64", "number format of Q, K, V (and block sums)"),
        precisionModelParam(
            "embeddings",
            "embeddings, or partial-sums with blocks [0, N'/2) and [N'/2, N') (N' = N + 1 with ⊥)"),
        {"samples", ParamType::Int, "0",
         "0: every sequence in [0, alphabet)^N; otherwise that many seeded random ones", 0,
         1 << 20},
    };
}

EvalReport evalHop(const EvalRequest& request) {
    const std::uint64_t seed = request.seed;
    Params params(hopEvalParams(), request.words, "eval hop");
    HopShape shape;
    shape.n = static_cast<std::size_t>(params.getInt("N"));
    shape.alphabet = static_cast<std::size_t>(params.getInt("alphabet"));
    shape.k = static_cast<std::size_t>(params.getInt("k"));
    const std::string construction = params.getString("construction");
    const Format format = readPrecision(params);
    const PrecisionModel precision = readPrecisionModel(params);
    const auto samples = static_cast<std::size_t>(params.getInt("samples"));

    const double sequences =
        samples == 0 ? std::pow(static_cast<double>(shape.alphabet), static_cast<double>(shape.n))
                     : static_cast<double>(samples);
    if (samples == 0 && sequences > kMaxExhaustiveSequences)
        throw UsageError(fmt::format(
            "alphabet^N = {}^{} sequences are too many to enumerate (at most {:.0f}); set "
            "samples=S to check S random sequences",
            shape.alphabet, shape.n, kMaxExhaustiveSequences));
    const auto hop = buildConstruction<std::shared_ptr<const HopTransformer>>(
        construction, "hop", shape, params, "eval hop");
    params.checkAllUsed();
    const TransformerModel& model = *hop->model();
    if (sequences * static_cast<double>(model.layers()) *
            std::pow(static_cast<double>(hop->positions()), 2) *
            static_cast<double>(model.tokenDim()) >
        2e11)
        throw UsageError(
            fmt::format("samples={} at N={}, k={} is too large to evaluate; lower samples or N",
                        samples, shape.n, shape.k));
    requireWork(sequences * model.passOperations(hop->positions()),
                fmt::format("eval hop ({:.0f} sequences, N={}, k={})", sequences, shape.n, shape.k),
                "lower samples, N or k");
    if (request.ready) request.ready();

    const std::vector<int> blocks = twoBlocks(hop->positions(), hop->positions() / 2);

    std::optional<EvalReport::FirstWrong> firstWrong;
    std::uint64_t outputs = 0, wrong = 0, defined = 0;
    SplitMix64 rng(seed);
    const auto count = static_cast<std::uint64_t>(sequences);
    for (std::uint64_t s = 0; s < count; ++s) {
        Sequence x(shape.n);
        if (samples == 0) {
            std::uint64_t rest = s;  // base-alphabet digits, position 0 first
            for (std::size_t& symbol : x) {
                symbol = static_cast<std::size_t>(rest % shape.alphabet);
                rest /= shape.alphabet;
            }
        } else {
            x = sampleSequence(shape.n, shape.alphabet, rng);
        }
        const Matrix out = model.forwardQuantized(hop->tokens(x), format, precision, blocks);
        for (std::size_t i = 0; i < shape.n; ++i) {
            const std::optional<std::size_t> truth = hopAt(x, i, shape.k);
            const std::optional<std::size_t> answer =
                hop->decode(out.row(static_cast<Eigen::Index>(i + 1)).transpose());
            ++outputs;
            if (truth) ++defined;
            if (answer != truth) {
                ++wrong;
                if (!firstWrong) {
                    firstWrong = EvalReport::FirstWrong{{x.begin(), x.end()}, i, {}, {}};
                    if (answer) firstWrong->model = *answer;
                    if (truth) firstWrong->truth = *truth;
                }
            }
        }
    }

    EvalReport r = evalReportHead("hop", params, request);
    r.setting = fmt::format("hop (N={}, alphabet={}, k={})", shape.n, shape.alphabet, shape.k);
    r.model = model.description();
    r.format = format.name();
    r.precisionModel = std::string(nameOf(precision));
    r.layers = model.layers();
    r.exact = EvalReport::Exact{.allInputs = samples == 0,
                                .unit = "sequences",
                                .inputs = count,
                                .positions = shape.n,
                                .outputs = outputs,
                                .countedKey = "defined",
                                .countedText = "defined, the rest ⊥",
                                .counted = defined,
                                .wrong = wrong,
                                .firstWrong = firstWrong};
    return r;
}

const EvaluatorRegistry::Registrar registered({"hop", hopEvalParams, evalHop});

}  // namespace
}  // namespace ccsim
