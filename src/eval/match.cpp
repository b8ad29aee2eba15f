// eval match2|match3: checks an attention construction's answers to Match2 or Match3 against
// the exact reference, on every input in [0, M)^N (samples=0) or on seeded random inputs, under
// a number format and precision model: the outputs checked, the wrong ones, the first wrong
// input.

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match_solver.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/task/match.hpp>

namespace ccsim {
namespace {

/// At most this many sequences when every input is enumerated.
constexpr double kMaxExhaustiveSequences = 1e6;

bool parseDistinct(const std::string& text) {
    if (text == "true") return true;
    if (text == "false") return false;
    throw UsageError(fmt::format("parameter distinct={} must be true or false", text));
}

std::vector<ParamSpec> matchEvalParams(bool match3) {
    std::vector<ParamSpec> specs = {
        {"N", ParamType::Int, "5", "sequence length", 1, 4096},
        {"M", ParamType::Int, "7", "modulus: tokens are residues in [0, M)", 2, 1 << 20},
        {"distinct",
         ParamType::String,
         "false",
         match3 ? "true: i, j, k pairwise distinct positions; false: repeats allowed"
                : "true: j != i; false: j = i allowed",
         {},
         {}},
        constructionParam(match3 ? "match3_histogram" : "match2_trig",
                          match3 ? "eval match3" : "eval match2"),
        precisionParam("fp64", "number format of Q, K, V (and block sums)"),
        precisionModelParam("embeddings",
                            "embeddings, or partial-sums with blocks [0, N/2) and [N/2, N)"),
        {"samples", ParamType::Int, "0",
         "0: every input in [0, M)^N; otherwise that many seeded random inputs", 0, 1 << 24},
    };
    // match2_trig and match3_tensor have a temperature (read only for them).
    specs.push_back({"temperature",
                     ParamType::Real,
                     "0",
                     match3 ? "softmax temperature of match3_tensor; 0 = ln(16N^2/gap)/gap"
                            : "softmax temperature of match2_trig; 0 = 2 ln(4(N-1)/gap)/gap",
                     {},
                     {}});
    return specs;
}

EvalReport evalMatch(const std::string& task, const EvalRequest& request) {
    const std::uint64_t seed = request.seed;
    const bool isMatch3 = task == "match3";
    Params params(matchEvalParams(isMatch3), request.words, "eval " + task);
    const auto n = static_cast<std::size_t>(params.getInt("N"));
    MatchSpec spec;
    spec.modulus = static_cast<std::size_t>(params.getInt("M"));
    spec.distinct = parseDistinct(params.getString("distinct"));
    const Format format = readPrecision(params);
    const PrecisionModel precision = readPrecisionModel(params);
    const auto samples = static_cast<std::size_t>(params.getInt("samples"));
    const MatchSolver built = buildConstruction<MatchSolver>(
        params.getString("construction"), task, MatchShape{n, spec}, params, "eval " + task);
    params.checkAllUsed();

    const double sequences =
        samples == 0 ? std::pow(static_cast<double>(spec.modulus), static_cast<double>(n))
                     : static_cast<double>(samples);
    if (samples == 0 && sequences > kMaxExhaustiveSequences)
        throw UsageError(fmt::format(
            "M^N = {}^{} inputs are too many to enumerate (at most {:.0f}); set samples=S to "
            "check S random inputs",
            spec.modulus, n, kMaxExhaustiveSequences));
    if (sequences * static_cast<double>(n) * static_cast<double>(n) > 4e9)
        throw UsageError(fmt::format(
            "samples={} at N={} is too large to evaluate (samples * N^2 > 4e9); lower samples",
            samples, n));
    if (built.attention)
        requireWork(
            sequences * built.attention->passOperations(n, true),
            fmt::format("eval {} ({:.0f} inputs, N={}, M={})", task, sequences, n, spec.modulus),
            "lower samples, N or M");
    if (request.ready) request.ready();

    const std::vector<int> blocks = twoBlocks(n, n / 2);
    // Third-order attention under partial-sums: one pair block per pair of halves.
    const PairBlocks pairBlocks{blocks, {{0, 1}, {2, 3}}};
    const Model& model = built.thirdOrder ? static_cast<const Model&>(*built.thirdOrder)
                                          : static_cast<const Model&>(*built.attention);
    const Quantization quantization{format, precision, {blocks, pairBlocks}};

    std::optional<EvalReport::FirstWrong> firstWrong;
    std::uint64_t outputs = 0, wrong = 0, positives = 0;
    SplitMix64 rng(seed);
    const auto count = static_cast<std::uint64_t>(sequences);
    for (std::uint64_t s = 0; s < count; ++s) {
        const auto x = samples == 0 ? matchSequence(n, spec.modulus, s) : sampleMatch(n, spec, rng);
        const auto truth = isMatch3 ? match3(x, spec) : match2(x, spec);
        const Matrix tokens = built.tokens(x);
        // Every position in one batch (attention embeds each token once).
        const Matrix all = model.quantizedAll(tokens, quantization);
        for (std::size_t i = 0; i < n; ++i) {
            const Vector out = all.row(static_cast<Eigen::Index>(i)).transpose();
            const bool answer = built.answer(out, x[i]);
            ++outputs;
            if (truth[i]) ++positives;
            if (answer != truth[i]) {
                ++wrong;
                if (!firstWrong)
                    firstWrong = EvalReport::FirstWrong{x, i, answer ? 1U : 0U, truth[i] ? 1U : 0U};
            }
        }
    }

    const std::string description =
        built.thirdOrder ? built.thirdOrder->description() : built.attention->description();
    const std::size_t keyDim =
        built.thirdOrder ? built.thirdOrder->keyDim() : built.attention->keyDim();
    const std::size_t valueDim =
        built.thirdOrder ? built.thirdOrder->valueDim() : built.attention->valueDim();
    const std::size_t heads = built.thirdOrder ? 1 : built.attention->heads();
    EvalReport r = evalReportHead(task, params, request);
    r.setting = fmt::format("{} (N={}, M={}, distinct={})", task, n, spec.modulus,
                            spec.distinct ? "true" : "false");
    r.model = description;
    r.format = format.name();
    r.precisionModel = std::string(nameOf(precision));
    r.embedding = EvalReport::Embedding{heads, keyDim, valueDim};
    r.exact = EvalReport::Exact{.allInputs = samples == 0,
                                .unit = "inputs",
                                .inputs = count,
                                .positions = n,
                                .outputs = outputs,
                                .countedKey = "positive",
                                .countedText = "true",
                                .counted = positives,
                                .wrong = wrong,
                                .firstWrong = firstWrong};
    return r;
}

const EvaluatorRegistry::Registrar match2({"match2", [] { return matchEvalParams(false); },
                                           [](const EvalRequest& request) {
                                               return evalMatch("match2", request);
                                           }});
const EvaluatorRegistry::Registrar match3({"match3", [] { return matchEvalParams(true); },
                                           [](const EvalRequest& request) {
                                               return evalMatch("match3", request);
                                           }});

}  // namespace
}  // namespace ccsim
