#pragma once
/// \file
/// The verifier's first half: run a reduction's protocol over all instances of its problem
/// (exhaustive) or over a seeded sample, and collect what happened — correctness, bits,
/// distinct transcripts. Parallel over instances; the result does not depend on the number
/// of threads (contiguous index ranges, merged in order).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <ccsim/comm/transcript.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {

enum class VerifyMode { Exhaustive, Sample };

/// Which engine runs the instances (verify/engine.hpp). Auto: the tree engine wherever it
/// applies, else the reference runner. Reference: the instance-by-instance runner of this
/// file, kept as the definition the tree engine is tested against. Tree: the tree engine, or
/// a UsageError naming why it cannot run. Reports do not depend on the choice.
enum class Engine { Auto, Tree, Reference };
std::string_view nameOf(Engine engine);
/// auto | tree | reference; UsageError otherwise.
Engine parseEngine(std::string_view name);

struct VerifyOptions {
    VerifyMode mode = VerifyMode::Exhaustive;
    std::uint64_t sampleCount = 0;  ///< Sample mode: how many instances
    std::uint64_t seed = 1;
    /// Sample mode: the problem's distribution to draw from (Problem::distributions()).
    std::string distribution = "uniform";
    unsigned threads = 1;
    Engine engine = Engine::Auto;
    /// Exhaustive runs over more than 2^maxLog2Instances instances are refused before they
    /// start.
    double maxLog2Instances = 40;
    /// A run whose length, estimated from its own rate after a short warm-up, exceeds this
    /// many seconds is stopped and refused (UsageError saying how long it would take); 0: no
    /// limit.
    double maxSeconds = 3600;
    /// The witness search runs at most this many inputs: 2^22 + 1 guarantees a witness for
    /// every protocol of at most 22 payload bits below its bound.
    std::uint64_t witnessBudget = (std::uint64_t{1} << 22) + 1;
    /// Write every message of every instance to VerifyResult::transcriptLog.
    bool recordTranscripts = false;
    /// Called from the calling thread now and then with (done, total); may be empty.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
};

/// One instance, run: what the protocol answered and what the truth is.
struct InstanceRun {
    std::uint64_t index = 0;  ///< enumeration index (exhaustive) or sample number
    Instance instance;
    std::uint64_t answer = 0;  ///< decoded protocol output
    std::uint64_t truth = 0;
    std::string transcript;  ///< the messages' bits, messages separated by '|'
};

struct VerifyResult {
    VerifyMode mode = VerifyMode::Exhaustive;
    std::uint64_t instances = 0;
    std::uint64_t correct = 0;
    std::uint64_t incorrect = 0;
    std::size_t minBits = 0;  ///< charged bits per instance, min and max over instances
    std::size_t maxBits = 0;
    std::size_t rounds = 0;
    std::uint64_t distinctTranscripts = 0;
    double effectiveBits = 0;  ///< log2(distinctTranscripts)
    std::optional<InstanceRun> firstIncorrect;
    /// The transcript of the first instance: per-party, per-round and per-link totals are
    /// the same for every instance because message widths are fixed.
    std::optional<Transcript> firstTranscript;
    /// Tab-separated message log (see docs/report-format.md), if requested.
    std::string transcriptLog;
};

/// "exhaustive run of DISJ_12" or "sampled run of DISJ_12 (1000 samples)": how refusals
/// name a run.
std::string runName(const Problem& problem, const VerifyOptions& options);

/// Throws UsageError if an exhaustive run of this problem exceeds the options' instance
/// limit, or if the instances times the reduction's operationsPerInstance() could not finish
/// within the time limit even at kFastestOperationsPerSecond (ccsim/budget.hpp), with a message
/// that suggests sampling (the time limit is also checked, by measurement, while it runs).
/// Call before any expensive set-up (and before files are created) so that bad requests fail
/// fast.
void checkRunSize(const Reduction& reduction, const VerifyOptions& options);

/// Runs every instance (or the sample) with the engine the options choose.
VerifyResult verifyInstances(const Reduction& reduction, const VerifyOptions& options);
/// The reference runner: every instance on its own, encode, run, decode. Does not check the
/// run's size: verifyInstances does, before it picks an engine.
VerifyResult verifyReference(const Reduction& reduction, const VerifyOptions& options);

/// Runs one instance through the reduction (encode, protocol, decode).
InstanceRun runInstance(const Reduction& reduction, ProtocolRunner& runner, Instance instance,
                        std::uint64_t index);

/// The bits of a transcript as '0'/'1', messages separated by '|'.
std::string transcriptBits(const Transcript& transcript);

/// Appends the messages of transcript as log lines tagged with instance.
void appendTranscriptLog(std::string& log, std::string_view instance, const Transcript& transcript);

}  // namespace ccsim
