#pragma once
/// \file
/// The report of a run: one value, built once from the run's results and only formatted by
/// the writers (text, JSON, CSV; see writers.hpp and docs/report-format.md). Everything in it
/// is a plain value, so that writing it cannot change it and two writers cannot disagree.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <ccsim/io/files.hpp>
#include <ccsim/numeric/stats.hpp>
#include <ccsim/problem/problem.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>
#include <ccsim/verify/runner.hpp>
#include <ccsim/verify/verdict.hpp>
#include <ccsim/verify/witness.hpp>

namespace ccsim {

/// Version of the JSON and CSV layout; bump on any incompatible change.
inline constexpr std::string_view kReportSchema = "ccsim.run/2";

/// The one rule for exit codes of checks (run, sweep, demo): 1 if something went wrong that
/// no lower bound predicts, that is an INCONSISTENT verdict, or wrong answers under any
/// outcome other than fails-as-predicted (fails-above-bound, no-bound); else 0. A protocol
/// below its bound that fails, as the theory says it must, is a successful check.
/// (fails-above-bound always has a wrong answer: a wrong instance or a witness.)
inline int exitCodeFor(Outcome outcome, bool wrongAnswers) {
    if (outcome == Outcome::Inconsistent) return 1;
    if (outcome == Outcome::FailsAboveBound) return 1;
    return wrongAnswers && outcome != Outcome::FailsAsPredicted ? 1 : 0;
}

struct Report {
    struct Provenance {
        std::string version;
        std::string revision;
        std::string command;  ///< canonical: only flags that change results
        /// The files the command read (weights, tokens), with their SHA-256.
        std::vector<files::InputRecord> inputs;
    };
    struct Round {
        int round = 0;
        std::string from;
        std::string to;
        std::string label;
        std::size_t payloadBits = 0;
        std::size_t chargedBits = 0;
        std::string widthFormula;
    };
    struct Party {
        std::string name;
        std::size_t sentBits = 0;
        std::size_t receivedBits = 0;
    };
    struct Link {
        std::string from;
        std::string to;
        std::size_t bits = 0;
    };
    struct Run {
        std::string role;  ///< e.g. "collision 1", "separating 2"
        std::string instance;
        std::string transcript;
        std::uint64_t answer = 0;
        std::uint64_t truth = 0;
        bool wrong = false;
    };
    struct WitnessSearchInfo {
        WitnessArgument argument = WitnessArgument::None;
        std::uint64_t searched = 0;
        std::uint64_t limit = 0;
        bool complete = false;
        std::vector<Run> runs;  ///< empty if no witness was found
        std::string wrongInstance;
    };

    Provenance provenance;
    std::string reduction;
    std::string problem;
    std::string problemDescription;
    std::vector<ParamValue> parameters;
    std::uint64_t seed = 0;
    std::string mode;          ///< exhaustive | sample
    std::string distribution;  ///< sample mode: the problem's distribution drawn from
    std::string format = "none";
    std::string precisionModel = "none";
    std::string strategy;  ///< compile strategy, empty for problem-level protocols
    std::string model;     ///< the model's description, empty for problem-level protocols

    std::string protocolSummary;
    int parties = 2;
    std::string costModel;
    std::string costModelDescription;
    std::vector<Round> rounds;
    std::string bitsFormula;
    std::size_t closedFormBits = 0;  ///< the formula's value (= declaredBits, checked)
    std::size_t declaredBits = 0;

    std::size_t minBits = 0;
    std::size_t maxBits = 0;
    std::vector<Party> partyTotals;
    std::vector<Link> links;

    std::uint64_t instances = 0;
    std::uint64_t correct = 0;
    std::uint64_t incorrect = 0;
    /// incorrect / instances; for sampled runs with its 95% Clopper–Pearson interval, for
    /// exhaustive runs exact (lower = upper = estimate).
    ErrorRate errorRate;
    std::uint64_t distinctTranscripts = 0;
    double effectiveBits = 0;
    std::optional<Run> firstIncorrect;

    LowerBound bound;  ///< formula "none" and bits NaN when the outcome is no-bound
    /// The exact optimum of the bound's class at this size, when ccsim computed it.
    std::optional<ExactBound> exactBound;
    std::vector<LowerBound> otherBounds;
    /// Bounds of related problems (Problem::relatedBounds): context only, never compared.
    std::vector<LowerBound> relatedBounds;

    Outcome outcome = Outcome::Inconsistent;
    std::string explanation;
    WitnessSearchInfo witness;
    /// Reduction::certificates(), in its order; empty for most reductions.
    std::vector<Reduction::Certificate> certificates;

    /// The process exit code this report implies (exitCodeFor).
    int exitCode() const { return exitCodeFor(outcome, incorrect > 0); }
    bool hasBound() const { return outcome != Outcome::NoBound; }
};

/// Party names: Alice, Bob for two parties, else P0, P1, ...
std::string partyName(PartyId party, int parties);

struct ReportInputs {
    const BuiltReduction& built;
    const VerifyOptions& options;
    const CheckResult& checked;
    std::string command;
};

Report makeReport(const ReportInputs& in);

/// The command that reproduces a run: every parameter the run read, resolved, and only the
/// flags that change results (threads, output files and report format do not).
std::string canonicalRunCommand(const BuiltReduction& built, const VerifyOptions& options);

/// Checks a built reduction and returns its report (nothing written): what `ccsim run` and
/// `ccsim demo` do. transcriptLog, if given, receives the message log of the instances and
/// of the witness runs (docs/report-format.md).
Report checkAndReport(const BuiltReduction& built, VerifyOptions options,
                      std::string* transcriptLog = nullptr);
/// The same, building the reduction from its name and words first.
Report checkAndReport(const std::string& reduction, const std::vector<std::string>& words,
                      VerifyOptions options, std::string* transcriptLog = nullptr);

}  // namespace ccsim
