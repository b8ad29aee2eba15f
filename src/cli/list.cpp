// ccsim list, ccsim explain NAME

#include <iostream>

#include <fmt/format.h>

#include <ccsim/comm/transcript.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/construct/qsa.hpp>
#include <ccsim/error.hpp>
#include <ccsim/numeric/format.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/suggest.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

int listCommand(const Args& args) {
    po::options_description desc("options");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "list")) return 0;
    if (vm.count("positional") != 0)
        throw UsageError(fmt::format("list takes no arguments, got '{}'",
                                     vm["positional"].as<std::vector<std::string>>().front()));

    std::string out = "reductions (ccsim run NAME, ccsim explain NAME)\n";
    for (const ReductionInfo& r : ReductionRegistry::instance().all())
        out += fmt::format("  {:<16}{:<7}{}\n", r.name, r.problem, r.summary);
    out += "\nproblems\n";
    for (const ProblemInfo& p : knownProblems())
        out += fmt::format("  {:<16}{}\n", p.name, p.summary);
    out += "\ntasks (ccsim eval TASK)\n";
    out += fmt::format("  {:<16}{}\n", "qsa",
                       "q-sparse averaging: token i averages z_j over its q positions y_i");
    out += "\nmodels\n";
    out += fmt::format("  {:<16}{}\n", "attention",
                       "self-attention unit / multi-head layer (weights: construction, random, "
                       "safetensors)");
    out += fmt::format("  {:<16}{}\n", "rnn",
                       "stacked recurrent network, tanh/relu/identity cells, state quantized to "
                       "the format");
    out += "\nconstructions (construction=...)\n";
    for (const auto& [name, help] : qsaConstructions())
        out += fmt::format("  {:<16}{}\n", name, help);
    out += fmt::format("  {:<16}{}\n", "index_memory",
                       "RNN storing token j's z in state coordinate j (index_qsa_rnn)");
    out += fmt::format("  {:<16}{}\n", "match3_histogram",
                       "uniform attention over one-hot residues, d_v = M (disj_match3)");
    out += "\ncompile strategies (strategy=...)\n";
    for (Strategy st : {Strategy::SendToken, Strategy::PartialSums, Strategy::QueryThenSums})
        out += fmt::format("  {:<16}{} bits\n", nameOf(st), closedFormula(st));
    out += fmt::format("  {:<16}{} bits\n", "chain", "L·m·p (an RNN's state, prefix to suffix)");
    out += "\nprecision models (precision_model=...)\n";
    out += fmt::format("  {:<16}{}\n", "embeddings",
                       "Q, K, V are p-bit numbers; attention arithmetic is exact");
    out += fmt::format("  {:<16}{}\n", "partial-sums",
                       "block partial softmax sums are p-bit numbers too");
    out += "\nnumber formats (precision=...)\n";
    out += fmt::format("  {:<16}{}\n", "fixed:P:F", "two's complement, P bits, F fractional");
    out += fmt::format("  {:<16}{}\n", "float:E:M", "IEEE-754 style, 1 + E + M bits");
    for (const std::string& name : Format::names()) {
        const Format f = Format::parse(name);
        const std::string spelled =
            f.kind() == Format::Kind::Fixed
                ? fmt::format("fixed:{}:{}", f.widthBits(), f.fracBits())
                : fmt::format("float:{}:{}{}", f.expBits(), f.mantBits(),
                              f.kind() == Format::Kind::FloatFiniteNan ? " (finite, no inf)" : "");
        out += fmt::format("  {:<16}{} bits, {}\n", name, f.widthBits(), spelled);
    }
    out += "\ncost models\n";
    for (CostModel m : {CostModel::PointToPoint, CostModel::Blackboard})
        out += fmt::format("  {:<16}{}\n", nameOf(m), describe(m));
    std::cout << out;
    return 0;
}

namespace {

std::string explainReduction(const ReductionInfo& info) {
    std::string out = fmt::format("{}: {}\n\n{}\n\n", info.name, info.summary, info.details);
    out += "parameters\n";
    std::vector<std::vector<std::string>> rows;
    for (const ParamSpec& p : info.params) {
        std::string range;
        if (p.min || p.max)
            range = fmt::format(" (range [{}, {}])", p.min ? std::to_string(*p.min) : "-inf",
                                p.max ? std::to_string(*p.max) : "inf");
        rows.push_back({p.name, std::string(nameOf(p.type)),
                        p.defaultValue.empty() ? "(none)" : p.defaultValue, p.help + range});
    }
    std::size_t widths[3] = {0, 0, 0};
    for (const auto& row : rows)
        for (std::size_t c = 0; c < 3; ++c) widths[c] = std::max(widths[c], row[c].size());
    for (const auto& row : rows)
        out += fmt::format("  {:<{}}  {:<{}}  default {:<{}}  {}\n", row[0], widths[0], row[1],
                           widths[1], row[2], widths[2], row[3]);
    // Describe the protocol and the bounds at the default parameters.
    const BuiltReduction built = buildReduction(info.name, {});
    const Problem& problem = built.reduction->problem();
    ProtocolRunner runner(built.reduction->protocol());
    const Protocol& protocol = runner.protocol();
    out += fmt::format("\nat the defaults ({})\n", [&] {
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
    out += fmt::format("  bits      {} = {} ({})\n", built.reduction->bitsFormula(),
                       protocol.declaredBits(), nameOf(protocol.costModel));
    out += "\nlower bounds of the problem\n";
    for (const LowerBound& b : problem.lowerBounds())
        out += fmt::format("  {:<40}{} = {:g}   {}\n", nameOf(b.cls), b.formula, b.bits, b.source);
    out += fmt::format("\nexample\n  ccsim run {}\n", info.name);
    return out;
}

}  // namespace

int explainCommand(const Args& args) {
    po::options_description desc("options");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "explain")) return 0;
    std::vector<std::string> words = positionalWords(vm);
    if (words.size() != 1) throw UsageError("explain needs exactly one name; see 'ccsim list'");
    const std::string& name = words.front();
    if (const ReductionInfo* info = ReductionRegistry::instance().find(name)) {
        std::cout << explainReduction(*info);
        return 0;
    }
    for (const ProblemInfo& p : knownProblems()) {
        if (p.name != name) continue;
        std::string out = fmt::format("{}: {}\n\nreductions of this problem\n", p.name, p.summary);
        for (const ReductionInfo& r : ReductionRegistry::instance().all())
            if (r.problem == name) out += fmt::format("  {:<16}{}\n", r.name, r.summary);
        std::cout << out;
        return 0;
    }
    std::vector<std::string> names = ReductionRegistry::instance().names();
    for (const ProblemInfo& p : knownProblems()) names.emplace_back(p.name);
    throw UsageError(fmt::format("nothing called '{}' to explain{}; see 'ccsim list'", name,
                                 didYouMean(name, names)));
}

}  // namespace ccsim::cli
