// ccsim eval qsa [name=value ...]: how well an attention model approximates qSA, measured
// on seeded random inputs (and on every q-set at one position, when there are few), under a
// number format and precision model, against the target error ε.

#include <algorithm>
#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ccsim/budget.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/version.hpp>

#include "cli.hpp"
#include "eval_common.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

struct ErrorStats {
    double worst = 0;
    double sum = 0;
    std::size_t count = 0;
    void add(double e) {
        worst = std::max(worst, e);
        sum += e;
        ++count;
    }
    double mean() const { return count == 0 ? 0 : sum / static_cast<double>(count); }
};

}  // namespace

namespace {

std::vector<ParamSpec> evalParams() {
    std::vector<ParamSpec> specs = {
        {"N", ParamType::Int, "16", "sequence length", 1, 1 << 12},
        {"q", ParamType::Int, "3", "|y_i|", 1, 1 << 12},
        {"dprime", ParamType::Int, "1", "dimension d' of z", 1, 64},
        precisionParam("fp64", "number format of Q, K, V (and block sums)"),
        precisionModelParam("embeddings",
                            "embeddings, or partial-sums with blocks [0, N/2) and [N/2, N)"),
        {"samples", ParamType::Int, "50", "random inputs to evaluate", 1, 1 << 20},
    };
    for (ParamSpec& s : qsaModelParams()) specs.push_back(std::move(s));
    return specs;
}

}  // namespace

std::string evalHelp(const std::vector<std::string>& words) {
    std::string out;
    for (const Evaluator& e : EvaluatorRegistry::instance().all())
        if (words.empty() || words.front() == e.name)
            out += fmt::format("parameters of eval {} (name=value)\n{}\n", e.name,
                               parameterTable(e.params()));
    if (out.empty()) EvaluatorRegistry::instance().get(words.front(), "task");
    return out;
}

int evalCommand(const Args& args) {
    po::options_description desc("options");
    std::string seedText = "1";
    std::string reportFormat = "text";
    std::string output;
    std::string threadsText = "auto";
    desc.add_options()  //
        ("seed", po::value(&seedText)->default_value(seedText)->value_name("S"),
         "seed of the random inputs")  //
        ("threads", po::value(&threadsText)->default_value(threadsText)->value_name("T"),
         "worker threads for the model passes (results do not depend on it)")  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json")  //
        ("output,o", po::value(&output)->value_name("FILE"), "write the result to FILE");
    LimitOptionTexts limits;
    addLimitOptions(desc, limits);
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "eval", evalHelp)) return 0;
    applyLimitOptions(limits);
    std::vector<std::string> words = positionalWords(vm);
    const EvaluatorRegistry& evaluators = EvaluatorRegistry::instance();
    if (words.empty())
        throw UsageError(
            fmt::format("eval needs a task name; known: {}", fmt::join(evaluators.names(), ", ")));
    const Evaluator& evaluator = evaluators.get(words.front(), "task");
    words.erase(words.begin());
    EvalRequest request;
    request.words = std::move(words);
    request.seed = parseCount("--seed", seedText, 0, UINT64_MAX);
    request.threads = parseThreads(threadsText);
    if (reportFormat != "text" && reportFormat != "json")
        throw UsageError(
            fmt::format("unknown report format '{}' for eval; known: text, json", reportFormat));
    request.reportFormat = reportFormat;
    if (writesFile(vm, output)) request.output = output;
    return evaluator.run(request);
}

namespace {

int evalQsa(const EvalRequest& request) {
    const std::uint64_t seed = request.seed;
    const unsigned threads = request.threads;
    const std::string& reportFormat = request.reportFormat;
    Params params(evalParams(), request.words, "eval qsa");
    QsaShape shape;
    shape.n = static_cast<std::size_t>(params.getInt("N"));
    shape.q = static_cast<std::size_t>(
        params.getInt("q", 1, static_cast<std::int64_t>(shape.n), "q <= N"));
    shape.dprime = static_cast<std::size_t>(params.getInt("dprime"));
    const Format format = readPrecision(params);
    const PrecisionModel precision = readPrecisionModel(params);
    const auto samples = static_cast<std::size_t>(params.getInt("samples"));
    // The accuracy target: eps, or 1/(2q) (what DISJ needs); also the construction's target.
    double eps = params.getReal("eps");
    if (eps == 0) eps = 1.0 / (2.0 * static_cast<double>(shape.q));
    const auto model = qsaModelFromParams(params, shape);
    params.checkAllUsed();
    if (model->outputDim() != shape.dprime)
        throw UsageError(
            fmt::format("the model's output has {} coordinates; qSA outputs have "
                        "d' = dprime = {}",
                        model->outputDim(), shape.dprime));
    if (static_cast<double>(samples) * static_cast<double>(shape.n) * static_cast<double>(shape.n) >
        4e9)
        throw UsageError(
            fmt::format("samples={} at N={} is too large to evaluate (about "
                        "samples * N^2 > 4e9 score computations); lower samples",
                        samples, shape.n));
    requireWork(
        static_cast<double>(samples) * model->passOperations(shape.n, true),
        fmt::format("eval qsa ({} samples, N={}, {})", samples, shape.n, model->description()),
        "lower samples, N or the model's size");
    std::optional<AtomicFile> outFile;
    if (request.output) outFile.emplace(*request.output, "-o");

    std::vector<int> blocks(shape.n);
    for (std::size_t j = 0; j < shape.n; ++j) blocks[j] = j < shape.n / 2 ? 0 : 1;

    auto error = [&](const Matrix& x, std::size_t i, const Matrix& truth) {
        const Vector out = model->forwardQuantized(x, i, format, precision, blocks);
        return (out - truth.row(static_cast<Eigen::Index>(i)).transpose()).norm();
    };

    // Random inputs, every position: one pass over all positions per input (each token
    // embedded once), the same numbers as position by position.
    ErrorStats random;
    SplitMix64 rng(seed);
    for (std::size_t s = 0; s < samples; ++s) {
        const Matrix x = sampleQsa(shape, rng);
        const Matrix truth = qsaReference(shape, x);
        const Matrix out = model->forwardQuantized(x, format, precision, blocks, threads);
        for (std::size_t i = 0; i < shape.n; ++i) {
            const auto r = static_cast<Eigen::Index>(i);
            random.add((out.row(r) - truth.row(r)).norm());
        }
    }
    // Every q-set as y_0 (with random z), when there are at most 20000 of them.
    ErrorStats allSets;
    double sets = 1;
    for (std::size_t k = 0; k < shape.q; ++k)
        sets = sets * static_cast<double>(shape.n - k) / static_cast<double>(k + 1);
    const bool exhaustive = sets <= 20000;
    if (exhaustive) {
        Matrix x = sampleQsa(shape, rng);
        std::vector<std::size_t> set(shape.q);
        for (std::size_t k = 0; k < shape.q; ++k) set[k] = k;
        for (;;) {
            const Vector z = x.row(0).head(static_cast<Eigen::Index>(shape.dprime)).transpose();
            x.row(0) = qsaToken(shape, z, set, 0).transpose();
            allSets.add(error(x, 0, qsaReference(shape, x)));
            std::size_t k = shape.q;
            while (k > 0 && set[k - 1] == shape.n - shape.q + k - 1) --k;
            if (k == 0) break;
            ++set[k - 1];
            for (std::size_t j = k; j < shape.q; ++j) set[j] = set[j - 1] + 1;
        }
    }

    const std::size_t bitsPerToken = model->heads() * (2 * model->keyDim() + model->valueDim()) *
                                     static_cast<std::size_t>(format.widthBits());
    const bool within = random.worst <= eps && (!exhaustive || allSets.worst <= eps);
    std::string text;
    if (reportFormat == "json") {
        nlohmann::ordered_json j = evalJsonHead("qsa", params, seed);
        j["model"] = model->description();
        j["format"] = format.name();
        j["precision_model"] = nameOf(precision);
        j["m"] = model->keyDim();
        j["d_v"] = model->valueDim();
        j["heads"] = model->heads();
        j["bits_per_token"] = bitsPerToken;
        j["eps"] = eps;
        j["random"] = {{"inputs", samples},
                       {"outputs", random.count},
                       {"worst_error", random.worst},
                       {"mean_error", random.mean()}};
        j["all_sets"] = exhaustive ? nlohmann::ordered_json{{"sets", allSets.count},
                                                            {"worst_error", allSets.worst},
                                                            {"mean_error", allSets.mean()}}
                                   : nlohmann::ordered_json();
        j["within_eps"] = within;
        text = dumpJson(j);
    } else {
        text += fmt::format("{:<14}{}\n", "model", model->description());
        text += fmt::format("{:<14}{}, precision model {}\n", "precision", format.name(),
                            nameOf(precision));
        text +=
            fmt::format("{:<14}H={} m={} d_v={}: H(2m + d_v)p = {} bits per token\n", "embedding",
                        model->heads(), model->keyDim(), model->valueDim(), bitsPerToken);
        text += fmt::format("{:<14}{} random inputs x {} positions: worst {:.3g}, mean {:.3g}\n",
                            "error", samples, shape.n, random.worst, random.mean());
        if (exhaustive)
            text += fmt::format("{:<14}all {} q-sets as y_0: worst {:.3g}, mean {:.3g}\n", "",
                                allSets.count, allSets.worst, allSets.mean());
        text += fmt::format("{:<14}eps = {:.3g}: {}\n", "verdict", eps,
                            within ? "every error within eps" : "some error exceeds eps");
    }
    return emitEval(text, outFile,
                    fmt::format("worst error {:.3g} (eps {:.3g})\n", random.worst, eps));
}

const EvaluatorRegistry::Registrar registered({"qsa", evalParams, evalQsa});

}  // namespace

nlohmann::ordered_json evalJsonHead(const std::string& task, const Params& params,
                                    std::uint64_t seed) {
    nlohmann::ordered_json j;
    j["schema"] = "ccsim.eval/1";
    j["provenance"] = {{"version", version()}, {"revision", gitRevision()}};
    j["task"] = task;
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    for (const auto& [name, value] : params.resolved()) p[name] = value;
    j["parameters"] = p;
    j["seed"] = seed;
    return j;
}

std::string exactEvalTail(std::uint64_t wrong, const std::string& firstWrong) {
    std::string text = fmt::format("{:<14}{}\n", "wrong", wrong);
    if (!firstWrong.empty()) text += fmt::format("{:<14}{}\n", "first wrong", firstWrong);
    text += fmt::format("{:<14}{}\n", "verdict",
                        wrong == 0 ? "exact on every input checked" : "wrong on some input");
    return text;
}

int emitEval(const std::string& text, std::optional<AtomicFile>& outFile,
             const std::string& summary) {
    if (outFile) {
        outFile->commit(text);
        std::cout << summary;
    } else {
        std::cout << text;
    }
    return 0;
}

}  // namespace ccsim::cli
