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
    r.provenance = {std::string(version()), std::string(gitRevision()), in.command};
    r.reduction = in.built.info->name;
    r.problem = std::string(problem.name());
    r.problemDescription = problem.describe();
    r.parameters = in.built.params.used();
    r.seed = in.options.seed;
    r.mode = in.options.mode == VerifyMode::Exhaustive ? "exhaustive" : "sample";
    if (in.options.mode == VerifyMode::Sample) r.distribution = in.options.distribution;
    if (const auto info = reduction.modelInfo()) {
        r.format = info->format;
        r.precisionModel = info->precisionModel;
        r.strategy = info->strategy;
        r.model = info->model;
    }

    ProtocolRunner runner(reduction.protocol());
    const Protocol& protocol = runner.protocol();
    r.protocolSummary = protocol.summary;
    r.parties = protocol.parties;
    r.costModel = std::string(nameOf(protocol.costModel));
    r.costModelDescription = std::string(describe(protocol.costModel));
    const ClosedForm form = checkedClosedForm(reduction, protocol);
    r.bitsFormula = form.text;
    r.closedFormBits = form.bits;
    r.declaredBits = protocol.declaredBits();
    for (std::size_t i = 0; i < protocol.rounds.size(); ++i) {
        const Round& round = protocol.rounds[i];
        std::string to;
        if (protocol.costModel == CostModel::Blackboard) {
            to = "board";
        } else if (round.to.empty()) {
            to = "all";
        } else {
            for (PartyId p : round.to)
                to += (to.empty() ? "" : ",") + partyName(p, protocol.parties);
        }
        const std::size_t receivers =
            round.to.empty() ? static_cast<std::size_t>(protocol.parties - 1) : round.to.size();
        const std::size_t charged = protocol.costModel == CostModel::Blackboard
                                        ? round.payloadBits
                                        : round.payloadBits * receivers;
        r.rounds.push_back({static_cast<int>(i), partyName(round.from, protocol.parties), to,
                            round.label, round.payloadBits, charged, round.widthFormula});
    }

    const VerifyResult& res = in.result;
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

    r.bound = in.verdict.bound;
    for (const LowerBound& b : problem.lowerBounds())
        if (b.cls != r.bound.cls) r.otherBounds.push_back(b);
    r.relatedBounds = problem.relatedBounds();
    r.outcome = in.verdict.outcome;
    r.explanation = in.verdict.explanation;
    r.certificates = reduction.certificates();

    const WitnessSearch& s = in.search;
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

}  // namespace ccsim
