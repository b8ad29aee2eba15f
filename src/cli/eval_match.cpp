// ccsim eval match2|match3 [name=value ...]: checks an attention construction's answers to
// Match2 or Match3 (docs/architecture.md: "task", "construction") against the exact reference, on
// every input in [0, M)^N (samples=0) or on seeded random inputs, under a number format and
// precision model. Reports the outputs checked, the wrong ones and the first wrong input.

#include <cmath>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match_solver.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/task/match.hpp>
#include <ccsim/version.hpp>

#include "cli.hpp"
#include "eval_common.hpp"

namespace ccsim::cli {

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
        {"construction",
         ParamType::String,
         match3 ? "match3_histogram" : "match2_trig",
         match3 ? "match3_histogram or match3_tensor" : "match2_trig",
         {},
         {}},
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

int evalMatch(const std::string& task, const EvalRequest& request) {
    const std::uint64_t seed = request.seed;
    const std::string& reportFormat = request.reportFormat;
    const std::optional<std::string>& output = request.output;
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
    std::optional<AtomicFile> outFile;
    if (output) outFile.emplace(*output, "-o");

    std::vector<int> blocks(n);
    for (std::size_t j = 0; j < n; ++j) blocks[j] = j < n / 2 ? 0 : 1;
    // Third-order attention under partial-sums: one pair block per pair of halves.
    const PairBlocks pairBlocks{blocks, {{0, 1}, {2, 3}}};

    struct Wrong {
        std::vector<std::uint64_t> x;
        std::size_t position;
        bool model;
        bool truth;
    };
    std::optional<Wrong> firstWrong;
    std::uint64_t outputs = 0, wrong = 0, positives = 0;
    SplitMix64 rng(seed);
    const auto count = static_cast<std::uint64_t>(sequences);
    for (std::uint64_t s = 0; s < count; ++s) {
        const auto x = samples == 0 ? matchSequence(n, spec.modulus, s) : sampleMatch(n, spec, rng);
        const auto truth = isMatch3 ? match3(x, spec) : match2(x, spec);
        const Matrix tokens = built.tokens(x);
        // Attention: all positions in one pass (each token embedded once).
        const Matrix all =
            built.thirdOrder ? Matrix()
                             : built.attention->forwardQuantized(tokens, format, precision, blocks);
        for (std::size_t i = 0; i < n; ++i) {
            const Vector out =
                built.thirdOrder
                    ? built.thirdOrder->forwardQuantized(tokens, i, format, precision, pairBlocks)
                    : Vector(all.row(static_cast<Eigen::Index>(i)).transpose());
            const bool answer = built.answer(out, x[i]);
            ++outputs;
            if (truth[i]) ++positives;
            if (answer != truth[i]) {
                ++wrong;
                if (!firstWrong) firstWrong = Wrong{x, i, answer, truth[i]};
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
    const std::string distinctText = spec.distinct ? "true" : "false";
    std::string text;
    if (reportFormat == "json") {
        nlohmann::ordered_json j = evalJsonHead(task, params, seed);
        j["model"] = description;
        j["format"] = format.name();
        j["precision_model"] = nameOf(precision);
        j["m"] = keyDim;
        j["d_v"] = valueDim;
        j["heads"] = heads;
        j["inputs"] = {{"mode", samples == 0 ? "all" : "sampled"},
                       {"sequences", count},
                       {"outputs", outputs},
                       {"positive", positives}};
        j["wrong"] = wrong;
        j["first_wrong"] = firstWrong ? nlohmann::ordered_json{{"x", firstWrong->x},
                                                               {"position", firstWrong->position},
                                                               {"model", firstWrong->model ? 1 : 0},
                                                               {"truth", firstWrong->truth ? 1 : 0}}
                                      : nlohmann::ordered_json();
        j["exact"] = wrong == 0;
        text = dumpJson(j);
    } else {
        text += fmt::format("{:<14}{} (N={}, M={}, distinct={})\n", "task", task, n, spec.modulus,
                            distinctText);
        text += fmt::format("{:<14}{}\n", "model", description);
        text += fmt::format("{:<14}{}, precision model {}\n", "precision", format.name(),
                            nameOf(precision));
        text += fmt::format("{:<14}H={} m={} d_v={}\n", "embedding", heads, keyDim, valueDim);
        text += fmt::format("{:<14}{} {} inputs x {} positions = {} outputs ({} true)\n", "checked",
                            samples == 0 ? "all" : "random", count, n, outputs, positives);
        text += exactEvalTail(
            wrong, firstWrong ? fmt::format("x=({}) at i={}: model {}, truth {}",
                                            fmt::join(firstWrong->x, ", "), firstWrong->position,
                                            firstWrong->model ? 1 : 0, firstWrong->truth ? 1 : 0)
                              : std::string());
    }
    return emitEval(text, outFile, fmt::format("{} wrong of {} outputs\n", wrong, outputs));
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

}  // namespace ccsim::cli
