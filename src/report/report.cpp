#include <fmt/format.h>

#include <ccsim/report/report.hpp>
#include <ccsim/version.hpp>

namespace ccsim {

std::string partyName(PartyId party, int parties) {
    if (party == kBoard) return "board";
    if (parties == 2) return party == 0 ? "Alice" : "Bob";
    return "P" + std::to_string(party);
}

namespace {

Report::Run toRun(const Problem& problem, std::string role, const InstanceRun& run) {
    return {std::move(role), problem.show(run.instance), run.transcript, run.answer,
            run.truth,       run.answer != run.truth};
}

}  // namespace

Report makeReport(const ReportInputs& in) {
    const Reduction& reduction = *in.built.reduction;
    const Problem& problem = reduction.problem();
    Report r;
    r.provenance = {std::string(version()), std::string(gitRevision()), in.command,
                    files::recordedInputs()};
    r.reduction = in.built.info->name;
    r.problem = std::string(problem.name());
    r.problemDescription = problem.describe();
    r.parameters = in.built.params.usedValues();
    r.seed = in.options.seed;
    r.mode = in.options.mode == VerifyMode::Exhaustive ? "exhaustive" : "sample";
    if (in.options.mode == VerifyMode::Sample) r.distribution = in.options.distribution;
    if (const auto info = reduction.modelInfo()) {
        r.format = info->format;
        r.precisionModel = info->precisionModel;
        r.strategy = info->strategy;
        r.model = info->model;
    }

    const ProtocolSchedule& schedule = in.checked.schedule;
    r.protocolSummary = schedule.summary;
    r.parties = schedule.parties;
    r.costModel = std::string(nameOf(schedule.costModel));
    r.costModelDescription = std::string(describe(schedule.costModel));
    r.bitsFormula = schedule.closedForm.text;
    r.closedFormBits = schedule.closedForm.bits;
    r.declaredBits = schedule.declaredBits;
    for (std::size_t i = 0; i < schedule.rounds.size(); ++i) {
        const ScheduledRound& round = schedule.rounds[i];
        std::string to;
        if (schedule.costModel == CostModel::Blackboard) {
            to = "board";
        } else if (round.to.empty()) {
            to = "all";
        } else {
            for (PartyId p : round.to)
                to += (to.empty() ? "" : ",") + partyName(p, schedule.parties);
        }
        r.rounds.push_back({static_cast<int>(i), partyName(round.from, schedule.parties), to,
                            round.label, round.payloadBits, round.chargedBits, round.widthFormula});
    }

    const VerifyResult& res = in.checked.result;
    r.minBits = res.minBits;
    r.maxBits = res.maxBits;
    if (res.firstTranscript) {
        const Transcript& t = *res.firstTranscript;
        for (PartyId p = 0; p < t.parties(); ++p)
            r.partyTotals.push_back({partyName(p, t.parties()), t.sentBits(p), t.receivedBits(p)});
        for (const auto& [link, bits] : t.linkBits())
            r.links.push_back(
                {partyName(link.first, t.parties()), partyName(link.second, t.parties()), bits});
    }
    r.instances = res.instances;
    r.correct = res.correct;
    r.incorrect = res.incorrect;
    if (res.instances > 0) {
        r.errorRate = clopperPearson(res.incorrect, res.instances);
        if (res.mode == VerifyMode::Exhaustive)
            r.errorRate.lower = r.errorRate.upper = r.errorRate.estimate;
    }
    r.distinctTranscripts = res.distinctTranscripts;
    r.effectiveBits = res.effectiveBits;
    if (res.firstIncorrect) r.firstIncorrect = toRun(problem, "first wrong", *res.firstIncorrect);

    const Verdict& verdict = in.checked.verdict;
    r.bound = verdict.bound;
    r.exactBound = verdict.exact;
    for (const LowerBound& b : problem.lowerBounds())
        if (b.cls != r.bound.cls) r.otherBounds.push_back(b);
    r.relatedBounds = problem.relatedBounds();
    r.outcome = verdict.outcome;
    r.explanation = verdict.explanation;
    r.certificates = reduction.certificates();

    const WitnessSearch& s = in.checked.search;
    r.witness.argument = s.argument;
    r.witness.searched = s.searched;
    r.witness.limit = s.limit;
    r.witness.complete = s.complete;
    if (s.witness) {
        const Witness& w = *s.witness;
        for (WitnessRole role : kWitnessRoles)
            r.witness.runs.push_back(toRun(problem, roleName(role, w.argument), w.run(role)));
        r.witness.wrongInstance = problem.show(w.wrongRun().instance);
    }
    return r;
}

/// The command that reproduces the report: every parameter resolved, and only the flags
/// that change results (threads, output files and report format do not).
std::string canonicalRunCommand(const BuiltReduction& built, const VerifyOptions& options) {
    std::string out = "ccsim run " + built.info->name;
    // The parameters the run read: a parameter the chosen settings ignore (model_seed of a
    // deterministic construction, say) would be refused if the command were replayed.
    for (const auto& [name, value] : built.params.used())
        if (!value.empty()) out += " " + name + "=" + value;  // empty means: not set
    out += fmt::format(" --seed {}", options.seed);
    if (options.mode == VerifyMode::Sample) out += fmt::format(" --sample {}", options.sampleCount);
    if (options.mode == VerifyMode::Sample && options.distribution != "uniform")
        out += " --distribution " + options.distribution;
    if (options.witnessBudget != VerifyOptions{}.witnessBudget)
        out += fmt::format(" --witness-budget {}", options.witnessBudget);
    return out;
}

Report checkAndReport(const std::string& reduction, const std::vector<std::string>& words,
                      VerifyOptions options, std::string* transcriptLog) {
    return checkAndReport(buildReduction(reduction, words), std::move(options), transcriptLog);
}

Report checkAndReport(const BuiltReduction& built, VerifyOptions options,
                      std::string* transcriptLog) {
    options.recordTranscripts = transcriptLog != nullptr;
    const CheckResult checked = check(*built.reduction, options);
    Report report = makeReport({built, options, checked, canonicalRunCommand(built, options)});
    if (transcriptLog) {
        *transcriptLog = "instance\tround\tfrom\tto\tlabel\tbits\tpayload\n";
        *transcriptLog += checked.result.transcriptLog;
        if (checked.search.witness) {
            // Re-run the witness instances to log their messages too.
            ProtocolRunner runner(built.reduction->protocol());
            const Witness& w = *checked.search.witness;
            int i = 0;
            for (WitnessRole role : kWitnessRoles) {
                runner.run(built.reduction->encode(w.run(role).instance));
                appendTranscriptLog(*transcriptLog, fmt::format("witness{}", ++i),
                                    runner.transcript());
            }
        }
    }
    return report;
}

}  // namespace ccsim
