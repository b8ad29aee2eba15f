// data: seeded task inputs and reduction instances with exact targets, as arrays.

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/data.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/task/hop.hpp>
#include <ccsim/task/match.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {

namespace {

constexpr double kMaxEnumerated = 1e6;

ParamSpec samplesParam(const char* fallback, bool zeroEnumerates) {
    return {"samples",
            ParamType::Int,
            fallback,
            zeroEnumerates ? "seeded random inputs; 0 = every input" : "seeded random inputs",
            zeroEnumerates ? 0 : 1,
            1 << 24};
}

/// UsageError if `values` doubles would pass the memory limit.
void requireArrays(double values, const std::string& what) {
    requireMemory(values * 2 * sizeof(double), what, "the arrays and their file, as bytes",
                  "lower samples or the sizes");
}

NamedArray array(std::string name, std::vector<std::size_t> shape, bool integer) {
    NamedArray a{std::move(name), std::move(shape), {}, integer};
    std::size_t count = 1;
    for (std::size_t d : a.shape) count *= d;
    a.data.reserve(count);
    return a;
}

/// How many inputs: `samples`, or all `total` of them when samples is 0.
std::size_t inputCount(std::size_t samples, double total, const std::string& what) {
    if (samples != 0) return samples;
    if (total > kMaxEnumerated)
        throw UsageError(
            fmt::format("{} has {:.0f} inputs, more than {:.0f} to enumerate; set "
                        "samples=S",
                        what, total, kMaxEnumerated));
    return static_cast<std::size_t>(total);
}

DataSet qsaData(const std::vector<std::string>& words, std::uint64_t seed) {
    Params params(dataParams("qsa"), words, "data qsa");
    QsaShape shape;
    shape.n = static_cast<std::size_t>(params.getInt("N"));
    shape.q = static_cast<std::size_t>(
        params.getInt("q", 1, static_cast<std::int64_t>(shape.n), "q <= N"));
    shape.dprime = static_cast<std::size_t>(params.getInt("dprime"));
    shape.validate();
    const auto samples = static_cast<std::size_t>(params.getInt("samples"));
    params.checkAllUsed();
    const std::size_t d = shape.tokenDim();
    requireArrays(static_cast<double>(samples) * static_cast<double>(shape.n) *
                      static_cast<double>(d + shape.dprime),
                  fmt::format("data qsa ({} samples of N={})", samples, shape.n));
    NamedArray x = array("x", {samples, shape.n, d}, false);
    NamedArray y = array("y", {samples, shape.n, shape.dprime}, false);
    for (std::size_t b = 0; b < samples; ++b) {
        SplitMix64 rng(instanceSeed(seed, b));
        const Matrix tokens = sampleQsa(shape, rng);
        const Matrix target = qsaReference(shape, tokens);
        for (Eigen::Index i = 0; i < tokens.rows(); ++i) {
            for (Eigen::Index c = 0; c < tokens.cols(); ++c) x.data.push_back(tokens(i, c));
            for (Eigen::Index c = 0; c < target.cols(); ++c) y.data.push_back(target(i, c));
        }
    }
    return {"qsa", params.resolvedValues(), seed, {std::move(x), std::move(y)}};
}

DataSet matchData(const std::string& task, const std::vector<std::string>& words,
                  std::uint64_t seed) {
    Params params(dataParams(task), words, "data " + task);
    const auto n = static_cast<std::size_t>(params.getInt("N"));
    MatchSpec spec;
    spec.modulus = static_cast<std::size_t>(params.getInt("M"));
    const std::string distinct = params.getString("distinct");
    if (distinct != "true" && distinct != "false")
        throw UsageError(fmt::format("parameter distinct={} must be true or false", distinct));
    spec.distinct = distinct == "true";
    spec.validate();
    const std::size_t count =
        inputCount(static_cast<std::size_t>(params.getInt("samples")),
                   std::pow(static_cast<double>(spec.modulus), static_cast<double>(n)),
                   fmt::format("{} with M={}, N={}", task, spec.modulus, n));
    params.checkAllUsed();
    requireArrays(2.0 * static_cast<double>(count) * static_cast<double>(n),
                  fmt::format("data {} ({} inputs of N={})", task, count, n));
    NamedArray x = array("x", {count, n}, true);
    NamedArray y = array("y", {count, n}, true);
    const bool all = params.getInt("samples") == 0;
    for (std::size_t b = 0; b < count; ++b) {
        SplitMix64 rng(instanceSeed(seed, b));
        const auto seq = all ? matchSequence(n, spec.modulus, b) : sampleMatch(n, spec, rng);
        const std::vector<bool> out = task == "match3" ? match3(seq, spec) : match2(seq, spec);
        for (std::size_t i = 0; i < n; ++i) {
            x.data.push_back(static_cast<double>(seq[i]));
            y.data.push_back(out[i] ? 1.0 : 0.0);
        }
    }
    return {task, params.resolvedValues(), seed, {std::move(x), std::move(y)}};
}

DataSet hopData(const std::vector<std::string>& words, std::uint64_t seed) {
    Params params(dataParams("hop"), words, "data hop");
    const auto n = static_cast<std::size_t>(params.getInt("N"));
    const auto alphabet = static_cast<std::size_t>(params.getInt("alphabet"));
    const auto k = static_cast<std::size_t>(params.getInt("k"));
    const bool all = params.getInt("samples") == 0;
    const std::size_t count =
        inputCount(static_cast<std::size_t>(params.getInt("samples")),
                   std::pow(static_cast<double>(alphabet), static_cast<double>(n)),
                   fmt::format("hop with alphabet={}, N={}", alphabet, n));
    params.checkAllUsed();
    requireArrays(2.0 * static_cast<double>(count) * static_cast<double>(n),
                  fmt::format("data hop ({} inputs of N={})", count, n));
    NamedArray x = array("x", {count, n}, true);
    NamedArray y = array("y", {count, n}, true);
    for (std::size_t b = 0; b < count; ++b) {
        Sequence seq(n);
        if (all) {
            std::size_t rest = b;  // b in base `alphabet`, x_0 most significant
            for (std::size_t i = n; i-- > 0;) {
                seq[i] = rest % alphabet;
                rest /= alphabet;
            }
        } else {
            SplitMix64 rng(instanceSeed(seed, b));
            seq = sampleSequence(n, alphabet, rng);
        }
        for (std::size_t i = 0; i < n; ++i) {
            x.data.push_back(static_cast<double>(seq[i]));
            const auto h = hopAt(seq, i, k);
            y.data.push_back(h ? static_cast<double>(*h) : -1.0);
        }
    }
    return {"hop", params.resolvedValues(), seed, {std::move(x), std::move(y)}};
}

DataSet reductionData(const std::string& name, const std::vector<std::string>& words,
                      std::uint64_t seed, std::uint64_t sample) {
    const BuiltReduction built = buildReduction(name, words);
    const Reduction& r = *built.reduction;
    const Problem& problem = r.problem();
    const auto instanceAt = [&](std::uint64_t i) {
        return sample == 0 ? problem.instance(i) : problem.sample(instanceSeed(seed, i));
    };
    const auto first = r.modelPass(sample == 0 && problem.instanceCount().value_or(0) > 0
                                       ? problem.instance(0)
                                       : problem.sample(instanceSeed(seed, 0)));
    if (!first)
        throw UsageError(fmt::format(
            "{} has no model whose inputs could be written (its parties exchange the problem's "
            "own bits, or run a model each on their own); data takes a task ({}) or a reduction "
            "into a model",
            name, "qsa, match2, match3, hop"));
    std::uint64_t count = sample;
    if (sample == 0) {
        const auto total = problem.instanceCount();
        if (!total || static_cast<double>(*total) > kMaxEnumerated)
            throw UsageError(fmt::format(
                "{} has {} instances, more than {:.0f} to enumerate; sample them with --sample N",
                name, total ? fmt::format("{}", *total) : "too many", kMaxEnumerated));
        count = *total;
    }
    const auto n = static_cast<std::size_t>(first->tokens.rows());
    const auto d = static_cast<std::size_t>(first->tokens.cols());
    requireArrays(static_cast<double>(count) * static_cast<double>(n * d + 2),
                  fmt::format("data {} ({} instances of {} tokens)", name, count, n));
    NamedArray x = array("x", {static_cast<std::size_t>(count), n, d}, false);
    NamedArray target = array("target", {static_cast<std::size_t>(count)}, true);
    NamedArray y = array("y", {static_cast<std::size_t>(count)}, true);
    NamedArray block = array("block", {n}, true);
    const std::vector<int>& blocks = first->quantization.partition.blockOf;
    for (std::size_t j = 0; j < n; ++j)
        block.data.push_back(j < blocks.size() ? static_cast<double>(blocks[j]) : -1.0);
    for (std::uint64_t i = 0; i < count; ++i) {
        const Instance instance = instanceAt(i);
        const auto pass = r.modelPass(instance);
        if (!pass || static_cast<std::size_t>(pass->tokens.rows()) != n ||
            static_cast<std::size_t>(pass->tokens.cols()) != d)
            throw RunError(fmt::format(
                "data {}: instance {} encodes to {} tokens, not the {}×{} of instance 0; one "
                "array cannot hold both",
                name, i,
                pass ? fmt::format("{}×{}", pass->tokens.rows(), pass->tokens.cols()) : "no", n,
                d));
        for (Eigen::Index t = 0; t < pass->tokens.rows(); ++t)
            for (Eigen::Index c = 0; c < pass->tokens.cols(); ++c)
                x.data.push_back(pass->tokens(t, c));
        target.data.push_back(static_cast<double>(pass->target));
        y.data.push_back(static_cast<double>(problem.truth(instance)));
    }
    return {name,
            built.params.resolvedValues(),
            seed,
            {std::move(x), std::move(y), std::move(target), std::move(block)}};
}

}  // namespace

std::vector<ParamSpec> dataParams(const std::string& task) {
    if (task == "qsa")
        return {{"N", ParamType::Int, "16", "sequence length", 1, 1 << 12},
                {"q", ParamType::Int, "3", "|y_i|, q <= N", 1, 1 << 12},
                {"dprime", ParamType::Int, "1", "dimension d' of z", 1, 64},
                samplesParam("1000", false)};
    if (task == "match2" || task == "match3")
        return {{"N", ParamType::Int, "5", "sequence length", 1, 4096},
                {"M", ParamType::Int, "7", "modulus: tokens are residues in [0, M)", 2, 1 << 20},
                {"distinct",
                 ParamType::String,
                 "false",
                 "true: witnesses at other positions only; false: repeats allowed",
                 {},
                 {}},
                samplesParam("1000", true)};
    if (task == "hop")
        return {{"N", ParamType::Int, "8", "sequence length", 1, 4096},
                {"alphabet", ParamType::Int, "3", "symbols 0..alphabet-1", 1, 1 << 16},
                {"k", ParamType::Int, "2", "hops", 1, 64},
                samplesParam("1000", true)};
    return {};
}

DataSet makeData(const std::string& name, const std::vector<std::string>& words, std::uint64_t seed,
                 std::uint64_t sample) {
    const bool task = !dataParams(name).empty();
    if (task && sample != 0)
        throw UsageError(
            fmt::format("--sample applies to reductions; data {} takes samples=", name));
    if (name == "qsa") return qsaData(words, seed);
    if (name == "match2" || name == "match3") return matchData(name, words, seed);
    if (name == "hop") return hopData(words, seed);
    if (ReductionRegistry::instance().find(name) != nullptr)
        return reductionData(name, words, seed, sample);
    std::vector<std::string> known = {"qsa", "match2", "match3", "hop"};
    for (const std::string& n : ReductionRegistry::instance().names()) known.push_back(n);
    throw UsageError(
        fmt::format("'{}' is neither a task (qsa, match2, match3, hop) nor a "
                    "reduction{}; see 'ccsim list'",
                    name, didYouMean(name, known)));
}

std::string describeArrays(const std::vector<NamedArray>& arrays) {
    std::vector<std::string> parts;
    for (const NamedArray& a : arrays)
        parts.push_back(fmt::format("{} [{}] {}", a.name, fmt::join(a.shape, ", "),
                                    a.integer ? "int64" : "float64"));
    return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace ccsim
