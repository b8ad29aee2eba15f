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
#include <ccsim/construct/match2.hpp>
#include <ccsim/construct/match3.hpp>
#include <ccsim/construct/match3_tensor.hpp>
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

/// A construction with its read-out ψ (model output, x_i → answer).
struct MatchModel {
    std::shared_ptr<const AttentionModel> model;  ///< or:
    std::shared_ptr<const ThirdOrderModel> thirdOrder;
    std::function<bool(const Vector&, std::uint64_t)> readout;
    /// The model's input rows for a sequence (residues, or residues and positions).
    std::function<Matrix(const std::vector<std::uint64_t>&)> tokens;
};

MatchModel buildModel(const std::string& task, Params& params, const MatchSpec& spec,
                      std::size_t n) {
    const std::string construction = params.getString("construction");
    MatchModel built;
    const std::size_t m = spec.modulus;
    built.tokens = [m](const std::vector<std::uint64_t>& x) { return matchTokens(x, m); };
    if (task == "match2" && construction == "match2_trig") {
        built.model = makeMatch2Trig(m, n, params.getReal("temperature"), spec.distinct);
        const std::size_t tokens = spec.distinct ? n : 0;
        built.readout = [m, tokens](const Vector& out, std::uint64_t v) {
            return match2FromTrig(out, v, m, tokens);
        };
        if (spec.distinct)
            built.tokens = [m](const std::vector<std::uint64_t>& x) {
                return match2PositionTokens(x, m);
            };
    } else if (task == "match3" && construction == "match3_histogram") {
        built.model = makeMatch3Histogram(spec.modulus);
        // ψ: the output is the residue histogram / N; recover the counts and decide.
        built.readout = [spec, n](const Vector& out, std::uint64_t v) {
            std::vector<std::size_t> counts(spec.modulus);
            for (std::size_t r = 0; r < spec.modulus; ++r) {
                const long c =
                    std::lround(out[static_cast<Eigen::Index>(r)] * static_cast<double>(n));
                counts[r] = c > 0 ? static_cast<std::size_t>(c) : 0;
            }
            // A format too coarse for the counts can lose the token's own residue.
            if (counts[v] == 0) return false;
            return match3FromResidueCounts(counts, v, spec);
        };
    } else if (task == "match3" && construction == "match3_tensor") {
        const double tau = params.getReal("temperature");
        if (!(tau >= 0))
            throw UsageError(fmt::format("temperature={} must be >= 0 (0: the rule)", tau));
        built.thirdOrder = makeMatch3Tensor(n, spec.modulus, tau);
        // The model appends x_i to its output; ψ reads it from there.
        built.readout = [m](const Vector& out, std::uint64_t) { return match3FromTensor(out, m); };
    } else {
        const char* known = task == "match2" ? "match2_trig" : "match3_histogram, match3_tensor";
        throw UsageError(
            fmt::format("unknown construction '{}' for {}; known: {}", construction, task, known));
    }
    return built;
}

}  // namespace

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
        {"precision",
         ParamType::String,
         "fp64",
         "number format of Q, K, V (and block sums)",
         {},
         {}},
        {"precision_model",
         ParamType::String,
         "embeddings",
         "embeddings, or partial-sums with blocks [0, N/2) and [N/2, N)",
         {},
         {}},
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

int evalMatch(const std::string& task, const std::vector<std::string>& words, std::uint64_t seed,
              const std::string& reportFormat, const std::optional<std::string>& output) {
    const bool isMatch3 = task == "match3";
    Params params(matchEvalParams(isMatch3), words, "eval " + task);
    const auto n = static_cast<std::size_t>(params.getInt("N"));
    MatchSpec spec;
    spec.modulus = static_cast<std::size_t>(params.getInt("M"));
    spec.distinct = parseDistinct(params.getString("distinct"));
    const Format format = readFormat(params, "precision");
    const PrecisionModel precision = parsePrecisionModel(params.getString("precision_model"));
    const auto samples = static_cast<std::size_t>(params.getInt("samples"));
    const MatchModel built = buildModel(task, params, spec, n);
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
    if (built.model)
        requireWork(
            sequences * built.model->passOperations(n, true),
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
        const Matrix all = built.thirdOrder
                               ? Matrix()
                               : built.model->forwardQuantized(tokens, format, precision, blocks);
        for (std::size_t i = 0; i < n; ++i) {
            const Vector out =
                built.thirdOrder
                    ? built.thirdOrder->forwardQuantized(tokens, i, format, precision, pairBlocks)
                    : Vector(all.row(static_cast<Eigen::Index>(i)).transpose());
            const bool answer = built.readout(out, x[i]);
            ++outputs;
            if (truth[i]) ++positives;
            if (answer != truth[i]) {
                ++wrong;
                if (!firstWrong) firstWrong = Wrong{x, i, answer, truth[i]};
            }
        }
    }

    const std::string description =
        built.thirdOrder ? built.thirdOrder->description() : built.model->description();
    const std::size_t keyDim =
        built.thirdOrder ? built.thirdOrder->keyDim() : built.model->keyDim();
    const std::size_t valueDim =
        built.thirdOrder ? built.thirdOrder->valueDim() : built.model->valueDim();
    const std::size_t heads = built.thirdOrder ? 1 : built.model->heads();
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

}  // namespace ccsim::cli
