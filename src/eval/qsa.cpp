// eval qsa: how well an attention model approximates qSA, measured on seeded random inputs
// (and on every q-set at one position, when there are few), under a number format and
// precision model, against the target error ε.

#include <algorithm>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {
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
    EvalReport::Errors summary() const { return {count, worst, mean()}; }
};

std::vector<ParamSpec> evalParams() {
    return concatParams(
        {{
             {"N", ParamType::Int, "16", "sequence length", 1, 1 << 12},
             {"q", ParamType::Int, "3", "|y_i|", 1, 1 << 12},
             {"dprime", ParamType::Int, "1", "dimension d' of z", 1, 64},
             precisionParam("fp64", "number format of Q, K, V (and block sums)"),
             precisionModelParam("embeddings",
                                 "embeddings, or partial-sums with blocks [0, N/2) and [N/2, N)"),
             {"samples", ParamType::Int, "50", "random inputs to evaluate", 1, 1 << 20},
         },
         qsaModelParams("eval qsa")});
}

EvalReport evalQsa(const EvalRequest& request) {
    const std::uint64_t seed = request.seed;
    const unsigned threads = request.threads;
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
    if (request.ready) request.ready();

    const std::vector<int> blocks = twoBlocks(shape.n, shape.n / 2);
    const auto dprime = static_cast<Eigen::Index>(shape.dprime);

    auto error = [&](const Matrix& x, std::size_t i, const Matrix& truth) {
        // The qSA answer is the first d' coordinates of the output (qsaModelFromParams).
        const Vector out = model->forwardQuantized(x, i, format, precision, blocks).head(dprime);
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
            random.add((out.row(r).head(dprime) - truth.row(r)).norm());
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

    EvalReport r = evalReportHead("qsa", params, request);
    r.model = model->description();
    r.format = format.name();
    r.precisionModel = std::string(nameOf(precision));
    r.embedding = EvalReport::Embedding{model->heads(), model->keyDim(), model->valueDim()};
    // Sending one token's embedding is what send-token sends: the compiler's own formula.
    CompileSpec sendToken;
    sendToken.strategy = Strategy::SendToken;
    sendToken.format = format;
    r.tokenBits = EvalReport::TokenBits{closedFormula(Strategy::SendToken),
                                        closedFormBits(*model, sendToken)};
    EvalReport::Approximate a;
    a.eps = eps;
    a.inputs = samples;
    a.positions = shape.n;
    a.random = random.summary();
    if (exhaustive) a.allSets = allSets.summary();
    a.withinEps = random.worst <= eps && (!exhaustive || allSets.worst <= eps);
    r.approximate = a;
    return r;
}

const EvaluatorRegistry::Registrar registered({"qsa", evalParams, evalQsa});

}  // namespace
}  // namespace ccsim
