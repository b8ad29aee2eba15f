// ccsim list, ccsim explain NAME

#include <iostream>
#include <optional>

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

namespace {

/// Everything besides reductions and problems that `list` shows and `explain` explains.
struct CatalogEntry {
    const char* section;
    std::string name;
    std::string summary;
    std::string details;
};

const std::vector<CatalogEntry>& catalog() {
    static const std::vector<CatalogEntry> entries = [] {
        std::vector<CatalogEntry> e = {
            {"tasks (ccsim eval TASK)", "qsa",
             "q-sparse averaging: token i averages z_j over its q positions y_i",
             "Tokens x_i = (z_i, y_i, i) with z_i in the unit ball of R^d', y_i a q-subset of "
             "[N]; qSA(X)_i = (1/q) sum_{j in y_i} z_j. Used by disj_qsa (q = set size) and "
             "index_qsa_rnn (q = 1); `ccsim eval qsa` measures a model's error. See "
             "docs/theory/disj_qsa.md."},
            {"models", "attention",
             "self-attention unit / multi-head layer (weights: construction, random, "
             "safetensors)",
             "H heads over a public feature map: Q, K in R^m, V in R^{d_v}, stable softmax with "
             "a public temperature, per-head output maps summed (+ x_i if residual). Reference "
             "and quantized passes (embeddings, partial-sums). Compiled by send-token, "
             "partial-sums, query-then-sums. See include/ccsim/model/attention.hpp."},
            {"models", "rnn",
             "stacked recurrent network, tanh/relu/identity cells, state quantized to the "
             "format",
             "L layers h_t = act(W h_{t-1} + U in_t + b) of width m over a public feature map, "
             "a public read-out at the last token; every state coordinate is quantized after "
             "every step. Compiled by chain: L*m*p bits. See include/ccsim/model/rnn.hpp."},
        };
        for (const auto& [name, help] : qsaConstructions())
            e.push_back({"constructions (construction=...)", name, help,
                         help + ". For disj_qsa and eval qsa; see docs/theory/disj_qsa.md."});
        e.push_back({"constructions (construction=...)", "index_memory",
                     "RNN storing token j's z in state coordinate j (index_qsa_rnn)",
                     "One linear layer writing z of token j into state coordinate j (j < m); "
                     "the read-out returns coordinate y_N. Exact for m >= n; see "
                     "docs/theory/index_qsa_rnn.md."});
        e.push_back({"constructions (construction=...)", "match3_histogram",
                     "uniform attention over one-hot residues, d_v = M (disj_match3)",
                     "Q = K = 0, V(x) = e_{x mod M}: the output is the residue histogram / N, and "
                     "the read-out looks for two residues completing a triple. See "
                     "docs/theory/disj_match3.md."});
        for (Strategy st : {Strategy::SendToken, Strategy::PartialSums, Strategy::QueryThenSums})
            e.push_back({"compile strategies (strategy=...)", std::string(nameOf(st)),
                         closedFormula(st) + " bits",
                         "An attention layer compiled into a protocol: " + closedFormula(st) +
                             " bits. See include/ccsim/compile/compiler.hpp."});
        e.push_back({"compile strategies (strategy=...)", "chain",
                     "L·m·p bits (an RNN's state, prefix to suffix)",
                     "An RNN over a contiguous split: Alice sends the state after her prefix, "
                     "L*m numbers. See include/ccsim/compile/chain.hpp."});
        e.push_back({"precision models (precision_model=...)", "embeddings",
                     "Q, K, V are p-bit numbers; attention arithmetic is exact",
                     "P1: every coordinate of Q, K, V is a value of the format; the softmax "
                     "is exact. A party holding a token's quantized embeddings recomputes "
                     "exactly."});
        e.push_back({"precision models (precision_model=...)", "partial-sums",
                     "block partial softmax sums are p-bit numbers too",
                     "P2: additionally each party block's (s_max, numerator, denominator) is "
                     "quantized; blocks combine in a fixed order, the same in the model and the "
                     "protocol."});
        return e;
    }();
    return entries;
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
        out += fmt::format("  {:<16}{:<7}{}\n", r.name, r.problem, r.summary);
    out += "\nproblems\n";
    for (const ProblemInfo& p : knownProblems())
        out += fmt::format("  {:<16}{}\n", p.name, p.summary);
    const char* section = "";
    for (const CatalogEntry& e : catalog()) {
        if (std::string_view(section) != e.section) {
            section = e.section;
            out += fmt::format("\n{}\n", section);
        }
        out += fmt::format("  {:<16}{}\n", e.name, e.summary);
    }
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
    for (const CatalogEntry& e : catalog()) {
        if (e.name != name) continue;
        std::cout << fmt::format("{}: {}\n\n{}\n", e.name, e.summary, e.details);
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
    for (const ProblemInfo& p : knownProblems()) names.emplace_back(p.name);
    for (const CatalogEntry& e : catalog()) names.push_back(e.name);
    for (const std::string& f : Format::names()) names.push_back(f);
    throw UsageError(fmt::format("nothing called '{}' to explain{}; see 'ccsim list'", name,
                                 didYouMean(name, names)));
}

}  // namespace ccsim::cli
