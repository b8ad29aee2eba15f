// ccsim eval hop [name=value ...]: checks the pointer-doubling transformer's hop_k against the
// exact definition (docs/architecture.md: "task", "construction") at every position of every
// sequence in [0, S)^N (samples=0) or of seeded random sequences, under a number format and
// precision model.

#include <cmath>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/hop.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/task/hop.hpp>
#include <ccsim/version.hpp>

#include "cli.hpp"
#include "eval_common.hpp"

namespace ccsim::cli {

namespace {

constexpr double kMaxExhaustiveSequences = 1e5;

std::string symbolText(const std::optional<std::size_t>& s) {
    return s ? std::to_string(*s) : std::string("⊥");
}

std::vector<ParamSpec> hopEvalParams() {
    return {
        {"N", ParamType::Int, "8", "sequence length", 1, 512},
        {"alphabet", ParamType::Int, "3", "symbols 0..alphabet-1", 1, 512},
        {"k", ParamType::Int, "2", "hops", 1, 64},
        {"construction", ParamType::String, "hop_doubling", "hop_doubling", {}, {}},
        precisionParam("fp64", "number format of Q, K, V (and block sums)"),
        precisionModelParam(
            "embeddings",
            "embeddings, or partial-sums with blocks [0, N'/2) and [N'/2, N') (N' = N + 1 with ⊥)"),
        {"samples", ParamType::Int, "0",
         "0: every sequence in [0, alphabet)^N; otherwise that many seeded random ones", 0,
         1 << 20},
    };
}

int evalHop(const EvalRequest& request) {
    const std::uint64_t seed = request.seed;
    const std::string& reportFormat = request.reportFormat;
    const std::optional<std::string>& output = request.output;
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
    std::optional<AtomicFile> outFile;
    if (output) outFile.emplace(*output, "-o");

    std::vector<int> blocks(hop->positions());
    for (std::size_t j = 0; j < blocks.size(); ++j) blocks[j] = j < blocks.size() / 2 ? 0 : 1;

    struct Wrong {
        Sequence x;
        std::size_t position;
        std::optional<std::size_t> model, truth;
    };
    std::optional<Wrong> firstWrong;
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
                if (!firstWrong) firstWrong = Wrong{x, i, answer, truth};
            }
        }
    }

    std::string text;
    if (reportFormat == "json") {
        auto symbolJson = [](const std::optional<std::size_t>& v) {
            return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
        };
        nlohmann::ordered_json j = evalJsonHead("hop", params, seed);
        j["model"] = model.description();
        j["format"] = format.name();
        j["precision_model"] = nameOf(precision);
        j["layers"] = model.layers();
        j["inputs"] = {{"mode", samples == 0 ? "all" : "sampled"},
                       {"sequences", count},
                       {"outputs", outputs},
                       {"defined", defined}};
        j["wrong"] = wrong;
        j["first_wrong"] = firstWrong
                               ? nlohmann::ordered_json{{"x", firstWrong->x},
                                                        {"position", firstWrong->position},
                                                        {"model", symbolJson(firstWrong->model)},
                                                        {"truth", symbolJson(firstWrong->truth)}}
                               : nlohmann::ordered_json();
        j["exact"] = wrong == 0;
        text = dumpJson(j);
    } else {
        text += fmt::format("{:<14}hop (N={}, alphabet={}, k={})\n", "task", shape.n,
                            shape.alphabet, shape.k);
        text += fmt::format("{:<14}{}\n", "model", model.description());
        text += fmt::format("{:<14}{}, precision model {}\n", "precision", format.name(),
                            nameOf(precision));
        text += fmt::format(
            "{:<14}{} {} sequences x {} positions = {} outputs ({} defined, the "
            "rest ⊥)\n",
            "checked", samples == 0 ? "all" : "random", count, shape.n, outputs, defined);
        text += exactEvalTail(
            wrong, firstWrong
                       ? fmt::format("x=({}) at i={}: model {}, truth {}",
                                     fmt::join(firstWrong->x, ", "), firstWrong->position,
                                     symbolText(firstWrong->model), symbolText(firstWrong->truth))
                       : std::string());
    }
    return emitEval(text, outFile, fmt::format("{} wrong of {} outputs\n", wrong, outputs));
}

const EvaluatorRegistry::Registrar registered({"hop", hopEvalParams, evalHop});

}  // namespace

}  // namespace ccsim::cli
