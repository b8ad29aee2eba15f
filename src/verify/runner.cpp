#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <future>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/parallel.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/verify/engine.hpp>
#include <ccsim/verify/runner.hpp>

#include "watch.hpp"

namespace ccsim {

std::string runName(const Problem& problem, const VerifyOptions& options) {
    const std::string description = problem.describe();
    const std::string name = description.substr(0, description.find(':'));
    if (options.mode == VerifyMode::Exhaustive) return "exhaustive run of " + name;
    return fmt::format("sampled run of {} ({} samples)", name, options.sampleCount);
}

void checkRunSize(const Reduction& reduction, const VerifyOptions& options) {
    const Problem& problem = reduction.problem();
    if (options.mode == VerifyMode::Sample) problem.checkDistribution(options.distribution);
    if (options.mode == VerifyMode::Exhaustive) {
        const double log2n = problem.log2Instances();
        if (log2n > options.maxLog2Instances)
            throw UsageError(fmt::format(
                "{} has 2^{:.4g} instances, over the limit of 2^{:g} (even at 10^9 instances/s "
                "it would take {}); use --sample N to check a seeded sample (or raise "
                "--max-log2-instances)",
                runName(problem, options), log2n, options.maxLog2Instances,
                formatDuration(std::exp2(log2n) / 1e9)));
    }
    const double perInstance = reduction.operationsPerInstance();
    if (perInstance <= 0) return;
    const double instances = options.mode == VerifyMode::Sample
                                 ? static_cast<double>(options.sampleCount)
                                 : std::exp2(problem.log2Instances());
    // The run's own --max-time (options), which the CLI also sets as the process-wide limit.
    const double limit = options.maxSeconds;
    const double seconds = instances * perInstance / kFastestOperationsPerSecond;
    if (limit > 0 && seconds > limit)
        throw UsageError(fmt::format(
            "{} needs about {:.2g} floating-point operations per instance ({:.3g} instances): "
            "even at {:.0e} per second that is {}, over the --max-time limit of {}; {}",
            runName(problem, options), perInstance, instances, kFastestOperationsPerSecond,
            formatDuration(seconds), formatDuration(limit),
            options.mode == VerifyMode::Sample ? "use a smaller --sample N or a smaller model"
                                               : "use --sample N or a smaller model"));
}

std::string transcriptBits(const Transcript& transcript) {
    std::string out;
    for (const MessageRecord& m : transcript.messages()) {
        if (!out.empty()) out += '|';
        out += bitString(m.payload);
    }
    return out;
}

void appendTranscriptLog(std::string& log, std::string_view instance,
                         const Transcript& transcript) {
    for (const MessageRecord& m : transcript.messages()) {
        std::string to;
        if (transcript.costModel() == CostModel::Blackboard) {
            to = "board";
        } else {
            for (PartyId r : m.to) to += (to.empty() ? "" : ",") + std::to_string(r);
        }
        log += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", instance, m.round, m.from, to, m.label,
                           m.payloadBits, bitString(m.payload));
    }
}

InstanceRun runInstance(const Reduction& reduction, ProtocolRunner& runner, Instance instance,
                        std::uint64_t index) {
    InstanceRun run;
    run.index = index;
    run.truth = reduction.problem().truth(instance);
    run.answer = reduction.decode(runner.run(reduction.encode(instance)));
    run.transcript = transcriptBits(runner.transcript());
    run.instance = std::move(instance);
    return run;
}

namespace {

struct Partial {
    std::uint64_t instances = 0;
    std::uint64_t correct = 0;
    std::size_t minBits = SIZE_MAX;
    std::size_t maxBits = 0;
    std::unordered_set<std::string> keys;
    std::optional<InstanceRun> firstIncorrect;
    std::optional<Transcript> firstTranscript;
    std::string log;
};

Partial runRange(const Reduction& reduction, const VerifyOptions& options, std::uint64_t begin,
                 std::uint64_t end, RunWatch& watch) {
    const Problem& problem = reduction.problem();
    ProtocolRunner runner(reduction.protocol());
    Partial part;
    constexpr std::uint64_t kTick = 1024;
    for (std::uint64_t i = begin; i < end; ++i) {
        Instance instance =
            options.mode == VerifyMode::Exhaustive
                ? problem.instance(i)
                : problem.sampleFrom(instanceSeed(options.seed, i), options.distribution);
        const std::uint64_t truth = problem.truth(instance);
        const std::uint64_t answer = reduction.decode(runner.run(reduction.encode(instance)));
        const Transcript& t = runner.transcript();
        ++part.instances;
        part.minBits = std::min(part.minBits, t.totalBits());
        part.maxBits = std::max(part.maxBits, t.totalBits());
        part.keys.insert(t.key());
        if (!part.firstTranscript) part.firstTranscript = t;
        if (options.recordTranscripts) appendTranscriptLog(part.log, std::to_string(i), t);
        if (answer == truth) {
            ++part.correct;
        } else if (!part.firstIncorrect) {
            part.firstIncorrect =
                InstanceRun{i, std::move(instance), answer, truth, transcriptBits(t)};
        }
        if ((i - begin + 1) % kTick == 0) watch.finished(kTick);
    }
    return part;
}

}  // namespace

std::string_view nameOf(Engine engine) {
    switch (engine) {
        case Engine::Auto:
            return "auto";
        case Engine::Tree:
            return "tree";
        case Engine::Reference:
            return "reference";
    }
    return "?";
}

Engine parseEngine(std::string_view name) {
    for (Engine e : {Engine::Auto, Engine::Tree, Engine::Reference})
        if (nameOf(e) == name) return e;
    throw UsageError(fmt::format("unknown engine '{}'{}; known: auto, tree, reference", name,
                                 didYouMean(name, {"auto", "tree", "reference"})));
}

VerifyResult verifyInstances(const Reduction& reduction, const VerifyOptions& options) {
    checkRunSize(reduction, options);
    if (options.engine == Engine::Reference) return verifyReference(reduction, options);
    const std::string obstacle = treeEngineObstacle(reduction, options);
    if (obstacle.empty()) return verifyTree(reduction, options);
    if (options.engine == Engine::Tree)
        throw UsageError(fmt::format("--engine tree cannot run this: {}", obstacle));
    return verifyReference(reduction, options);
}

VerifyResult verifyReference(const Reduction& reduction, const VerifyOptions& options) {
    const Problem& problem = reduction.problem();
    std::uint64_t total = 0;
    if (options.mode == VerifyMode::Exhaustive) {
        const auto count = problem.instanceCount();
        CCSIM_CHECK(count.has_value());
        total = *count;
    } else {
        total = options.sampleCount;
    }
    if (total == 0) throw UsageError("a run needs at least one instance");

    // Contiguous ranges, merged in range order: the result is independent of the thread count.
    const std::uint64_t threads =
        std::max<std::uint64_t>(1, std::min<std::uint64_t>(options.threads, total));
    RunWatch watch(options, total, runName(problem, options));
    std::vector<Partial> parts(threads);
    watch.run([&] {
        parallelRun(threads, [&](std::size_t t) {
            const auto [begin, end] = rangeOf(total, threads, t);
            parts[t] = runRange(reduction, options, begin, end, watch);
        });
    });

    VerifyResult result;
    result.mode = options.mode;
    result.minBits = SIZE_MAX;
    std::unordered_set<std::string> keys;
    for (Partial& part : parts) {
        result.instances += part.instances;
        result.correct += part.correct;
        result.minBits = std::min(result.minBits, part.minBits);
        result.maxBits = std::max(result.maxBits, part.maxBits);
        if (keys.empty())
            keys = std::move(part.keys);
        else
            keys.merge(part.keys);
        if (!result.firstIncorrect && part.firstIncorrect)
            result.firstIncorrect = std::move(part.firstIncorrect);
        if (!result.firstTranscript) result.firstTranscript = std::move(part.firstTranscript);
        result.transcriptLog += part.log;
    }
    result.incorrect = result.instances - result.correct;
    result.rounds = result.firstTranscript ? result.firstTranscript->messages().size() : 0;
    result.distinctTranscripts = keys.size();
    result.effectiveBits = std::log2(static_cast<double>(keys.size()));
    return result;
}

}  // namespace ccsim
