// ccsim list, ccsim explain NAME

#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/cc/report.hpp>
#include <ccsim/comm/transcript.hpp>
#include <ccsim/compile/strategy.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/numeric/format.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/task/task.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

/// "  name              summary" lines of a registry's entries.
template <class Entry>
std::string lines(const Registry<Entry>& registry, auto summaryOf) {
    std::string out;
    for (const Entry& e : registry.all()) out += fmt::format("  {:<18}{}\n", e.name, summaryOf(e));
    return out;
}

template <class Entry>
std::string lines(const Registry<Entry>& registry) {
    return lines(registry, [](const Entry& e) { return e.summary; });
}

std::string joined(const std::vector<std::string>& names) {
    return fmt::format("{}", fmt::join(names, ", "));
}

/// The parameter specs of a command that accepts constructions: a reduction's, or an
/// evaluator's ("eval TASK").
std::vector<ParamSpec> paramsOf(const std::string& user) {
    if (user.rfind("eval ", 0) == 0)
        return EvaluatorRegistry::instance().get(user.substr(5), "task").params();
    return ReductionRegistry::instance().get(user, "reduction").params;
}

}  // namespace

int listCommand(const Args& args) {
    po::options_description desc("options");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "list")) return 0;
    if (vm.count("positional") != 0)
        throw UsageError(fmt::format("list takes no arguments, got '{}'",
                                     vm["positional"].as<std::vector<std::string>>().front()));

    std::string out = "reductions (ccsim run NAME, ccsim explain NAME)\n";
    for (const ReductionInfo& r : ReductionRegistry::instance().all())
        out += fmt::format("  {:<18}{:<11}{}\n", r.name, r.problem, r.summary);
    out += "\nproblems\n" + lines(ProblemRegistry::instance());
    out += "\ntasks (ccsim eval TASK)\n" + lines(TaskRegistry::instance());
    out += "\nmodels\n" + lines(ModelFamilyRegistry::instance());
    out += "\nconstructions (construction=...; most users also take random, a seeded draw)\n" +
           lines(ConstructionRegistry::instance(), [](const ConstructionInfo& c) {
               return fmt::format("{} ({})", c.summary, joined(c.users));
           });
    out += "\ncompile strategies (strategy=...)\n" + lines(StrategyRegistry::instance());
    out += "\nprecision models (precision_model=...)\n" + lines(PrecisionModelRegistry::instance());
    out += "\nnumber formats (precision=...)\n" + lines(FormatRegistry::instance());
    out += "\nreport writers (--report NAME)\n" +
           lines(WriterRegistry::instance(),
                 [](const WriterInfo& w) { return fmt::format("{} ({})", w.summary, w.results); });
    out += "\ncost models\n";
    for (CostModel m : {CostModel::PointToPoint, CostModel::Blackboard})
        out += fmt::format("  {:<18}{}\n", nameOf(m), describe(m));
    std::cout << out;
    return 0;
}

namespace {

std::string explainReduction(const ReductionInfo& info, const std::vector<std::string>& words) {
    std::string out = fmt::format("{}: {}\n\n{}\n\n", info.name, info.summary, info.details);
    out += "parameters\n" + parameterTable(info.params);
    // Describe the protocol and the bounds at the given parameters (nothing runs).
    const BuiltReduction built = buildReduction(info.name, words);
    const Problem& problem = built.reduction->problem();
    ProtocolRunner runner(built.reduction->protocol());
    const Protocol& protocol = runner.protocol();
    out += fmt::format("\nat {} ({})\n", words.empty() ? "the defaults" : "these parameters", [&] {
        std::string s;
        for (const auto& [name, value] : built.params.resolved())
            s += (s.empty() ? "" : " ") + name + "=" + value;
        return s;
    }());
    out += fmt::format("  problem   {}\n", problem.describe());
    out += fmt::format("  protocol  {}\n", protocol.summary);
    for (std::size_t i = 0; i < protocol.rounds.size(); ++i) {
        const Round& r = protocol.rounds[i];
        std::string to;
        for (PartyId p : r.to) to += (to.empty() ? "" : ",") + partyName(p, protocol.parties);
        out += fmt::format("  round {}   {} -> {}: '{}', {} bits ({})\n", i,
                           partyName(r.from, protocol.parties), to.empty() ? "all" : to, r.label,
                           r.payloadBits, r.widthFormula);
    }
    const ClosedForm form = checkedClosedForm(*built.reduction, protocol);
    out +=
        fmt::format("  bits      {} = {} ({})\n", form.text, form.bits, nameOf(protocol.costModel));
    if (const auto bound = boundFor(problem, protocol))
        out += fmt::format("  held to   {:g} bits, {} [{}]\n", bound->bits, nameOf(bound->cls),
                           bound->formula);
    else
        out += fmt::format("  held to   no bound ({} has none in the class {})\n", problem.name(),
                           nameOf(boundClassOf(protocol)));
    out += "\nlower bounds of the problem\n";
    for (const LowerBound& b : problem.lowerBounds())
        out += fmt::format("  {:<40}{} = {:g}   {}\n", nameOf(b.cls), b.formula, b.bits, b.source);
    if (problem.lowerBounds().empty()) out += "  none in any class\n";
    const std::vector<LowerBound> related = problem.relatedBounds();
    if (!related.empty()) {
        out += "\nbounds of related problems (context only, never compared)\n";
        for (const LowerBound& b : related)
            out +=
                fmt::format("  {}: {:<40}{}   {}\n", b.problem, nameOf(b.cls), b.formula, b.source);
    }
    out += "\nsampling distributions (--sample N --distribution D)\n";
    for (const Problem::Distribution& d : problem.distributions())
        out += fmt::format("  {:<10}{}\n", d.name, d.summary);
    std::string example = "ccsim run " + info.name;
    for (const std::string& w : words) example += " " + w;
    out += fmt::format("\nexample\n  {}\n", example);
    return out;
}

}  // namespace

namespace {

/// For a problem `ccsim cc` can tabulate: the textbook bounds beside the exact values at
/// n = 1..4, computed now (ccsim cc, docs/theory/exact-cc.md).
std::string exactTable(const std::string& name) {
    if (name != "disj" && name != "eq" && name != "gt" && name != "index" && name != "ip")
        return {};
    std::string out =
        "\nexact values, computed now (ccsim cc): D in the standard convention (the answer "
        "known to both),\nD_nc in ccsim's (the answer not charged, the convention of these "
        "textbook bounds; searched up to 8x8)\n";
    out += fmt::format("  {:<4}{:<22}{:<10}{:<8}{:<24}{}\n", "n", "textbook two-way", "exact D",
                       "D_nc", "textbook one-way A->B", "exact D-> A->B");
    for (std::size_t size = name == "index" ? 2 : 1; size <= 4; ++size) {
        const cc::Source source = cc::sourceOf(name, {fmt::format("n={}", size)});
        const cc::ExactResult exact = cc::exactTwoWay(source.matrix);
        const auto bound = [&](BoundClass cls) {
            for (const LowerBound& b : source.textbook)
                if (b.cls == cls) return fmt::format("{} = {:g}", b.formula, b.bits);
            return std::string("-");
        };
        const bool small = cc::roundSearchFits(cc::distinctLines(source.matrix, false),
                                               cc::classesOf(source.matrix, true).first.size());
        out += fmt::format(
            "  {:<4}{:<22}{:<10}{:<8}{:<24}{}\n", size, bound(BoundClass::TwoWay), exact.bits,
            small ? std::to_string(cc::answerNotChargedBits(source.matrix)) : "-",
            bound(BoundClass::OneWayAliceToBob), cc::oneWayBits(source.matrix, true));
    }
    return out;
}

}  // namespace

int explainCommand(const Args& args) {
    po::options_description desc("options");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "explain")) return 0;
    std::vector<std::string> words = positionalWords(vm);
    if (words.empty()) throw UsageError("explain needs a name; see 'ccsim list'");
    const std::string name = words.front();
    words.erase(words.begin());
    if (const ReductionInfo* info = ReductionRegistry::instance().find(name)) {
        std::cout << explainReduction(*info, words);
        return 0;
    }
    if (!words.empty())
        throw UsageError(fmt::format(
            "explain takes name=value parameters only for reductions; {} is not one", name));
    // A name may have several meanings (match2 is a problem and a task, partial-sums a
    // strategy and a precision model): explain every one, in this order.
    std::string out;
    auto section = [&out](std::string text) {
        if (!out.empty()) out += "\n";
        out += text;
    };
    if (const ProblemInfo* p = ProblemRegistry::instance().find(name)) {
        std::string text =
            fmt::format("{}: {}\n\nreductions of this problem\n", p->name, p->summary);
        bool any = false;
        for (const ReductionInfo& r : ReductionRegistry::instance().all())
            if (r.problem == name) {
                text += fmt::format("  {:<18}{}\n", r.name, r.summary);
                any = true;
            }
        if (!any) text += "  none yet (ccsim cc computes its exact complexity at small n)\n";
        text += exactTable(name);
        section(text);
    }
    if (const TaskInfo* t = TaskRegistry::instance().find(name)) {
        std::string text = fmt::format("{}: {}\n\n{}\n", t->name, t->summary, t->details);
        if (const Evaluator* e = EvaluatorRegistry::instance().find(name))
            text +=
                fmt::format("\nparameters of ccsim eval {}\n{}", name, parameterTable(e->params()));
        std::vector<std::string> solvers;
        for (const ConstructionInfo& c : ConstructionRegistry::instance().all())
            if (c.task == name) solvers.push_back(c.name);
        if (!solvers.empty()) text += fmt::format("\nconstructions  {}\n", joined(solvers));
        section(text);
    }
    if (const ModelFamily* m = ModelFamilyRegistry::instance().find(name)) {
        std::string text = fmt::format("{}: {}\n\n{}\n", m->name, m->summary, m->details);
        std::vector<std::string> built, strategies;
        for (const ConstructionInfo& c : ConstructionRegistry::instance().all())
            if (c.model == name) built.push_back(c.name);
        for (const StrategyInfo& st : StrategyRegistry::instance().all())
            if (st.model == name) strategies.push_back(st.name);
        if (!built.empty()) text += fmt::format("\nconstructions  {}\n", joined(built));
        if (!strategies.empty()) text += fmt::format("strategies     {}\n", joined(strategies));
        section(text);
    }
    if (const ConstructionInfo* c = ConstructionRegistry::instance().find(name)) {
        std::string text = fmt::format("{}: {}\n\n{}\n\n", c->name, c->summary, c->details);
        text += fmt::format("  task      {}\n  model     {}\n  used by   {}\n", c->task, c->model,
                            joined(c->users));
        if (!c->reads.empty()) {
            // The parameters as its first user declares them (every user declares them).
            std::vector<ParamSpec> reads;
            for (const ParamSpec& spec : paramsOf(c->users.front()))
                for (const std::string& r : c->reads)
                    if (spec.name == r) reads.push_back(spec);
            text += fmt::format("\nparameters it reads (as {} declares them)\n{}", c->users.front(),
                                parameterTable(reads));
        }
        section(text);
    }
    if (const StrategyInfo* st = StrategyRegistry::instance().find(name))
        section(fmt::format("{}: {}\n\n{}\n\n  model     {}\n  bits      {}\n", st->name,
                            st->summary, st->details, st->model, st->formula));
    if (const PrecisionModelInfo* pm = PrecisionModelRegistry::instance().find(name))
        section(fmt::format("{}: {}\n\n{}\n", pm->name, pm->summary, pm->details));
    if (const WriterInfo* w = WriterRegistry::instance().find(name))
        section(fmt::format("{}: report writer, {}\n\nwrites the results of {} (--report {})\n",
                            w->name, w->summary, w->results, w->name));
    if (!out.empty()) {
        std::cout << out;
        return 0;
    }
    // A number format in any spelling. A word with ':' must be one, so its parse error
    // (`malformed format ...`) is the right message; other words may just be unknown names.
    std::optional<Format> format;
    if (name.find(':') != std::string::npos) {
        format = Format::parse(name);
    } else {
        try {
            format = Format::parse(name);
        } catch (const UsageError&) {
        }
    }
    if (format) {
        std::cout << fmt::format(
            "{}: number format of {} bits\n\nlargest finite value {:g}, smallest positive "
            "{:g}\nsee docs/formats.md\n",
            format->name(), format->widthBits(), format->maxFinite(), format->minPositive());
        return 0;
    }
    std::vector<std::string> names = ReductionRegistry::instance().names();
    for (const std::vector<std::string>& more :
         {ProblemRegistry::instance().names(), TaskRegistry::instance().names(),
          ModelFamilyRegistry::instance().names(), ConstructionRegistry::instance().names(),
          StrategyRegistry::instance().names(), PrecisionModelRegistry::instance().names(),
          WriterRegistry::instance().names(), Format::names()})
        names.insert(names.end(), more.begin(), more.end());
    throw UsageError(fmt::format("nothing called '{}' to explain{}; see 'ccsim list'", name,
                                 didYouMean(name, names)));
}

}  // namespace ccsim::cli
