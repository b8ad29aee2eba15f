// ccsim list, ccsim explain NAME

#include <iostream>
#include <optional>

#include <fmt/format.h>

#include <ccsim/comm/transcript.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/transformer.hpp>
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
            {"tasks (ccsim eval TASK)", "match2",
             "Match2 over Z_M: token i is 1 iff some x_j has x_i + x_j = 0 mod M",
             "Tokens are residues in [0, M); Match2(X)_i = 1 iff some j has x_i + x_j = 0 mod "
             "M (distinct=true: j != i; distinct=false: j = i allowed). An OR over tokens of "
             "a pair predicate, so two parties need 1 bit (match2_or). `ccsim eval match2` "
             "checks match2_trig on every input. See docs/theory/match2_or.md."},
            {"tasks (ccsim eval TASK)", "match3",
             "Match3 over Z_M: token i is 1 iff some x_j, x_k have x_i + x_j + x_k = 0 mod M",
             "Tokens are residues in [0, M); Match3(X)_i = 1 iff some j, k have x_i + x_j + "
             "x_k = 0 mod M (distinct=true: i, j, k pairwise distinct; distinct=false: "
             "repeats allowed). One attention layer needs H(d_v + 2)p >= n bits on the DISJ "
             "inputs of disj_match3. `ccsim eval match3` checks match3_histogram or "
             "match3_tensor. See "
             "docs/theory/disj_match3.md."},
            {"tasks (ccsim eval TASK)", "hop",
             "hop_k: follow the previous occurrence of your symbol, step right, k times",
             "sigma(X, i) = 1 + max{j < i : x_j = x_i}; hop_k(X)_i = x at sigma^k(X, i), or "
             "undefined. hop_1 is the induction head. `ccsim eval hop` checks hop_doubling at "
             "every position; hop_transformer puts INDEX into it. See "
             "docs/theory/hop_transformer.md."},
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
            {"models", "fnn", "fully connected net f(X) = g(W vec(X) + b), g a ReLU MLP (qsa_fnn)",
             "First layer W (width w) over all N*d coordinates, then a ReLU MLP g with its own "
             "weights (construction, seeded random draw, or safetensors: first.weight, "
             "first.bias, rest.L.weight, rest.L.bias). Compiled by first-layer: r*p bits, "
             "r <= w. See include/ccsim/model/fnn.hpp and docs/theory/qsa_fnn.md."},
            {"models", "third_order",
             "third-order attention: softmax over all N^2 ordered token pairs (Alman-Song)",
             "One head: score tau <Q(x_i), K1(x_j) * K2(x_k)>, value V1(x_j) * V2(x_k) "
             "(coordinate-wise), summed over all ordered pairs (j, k) with a stable softmax; "
             "output W_o f + b_o, followed by x_i when the read-out needs it. Reference and "
             "quantized passes; under partial-sums the pairs are cut into blocks. Compiled by "
             "nof. See include/ccsim/model/third_order.hpp."},
            {"models", "transformer",
             "L multi-head layers with residuals and ReLU MLPs; encoder or causal decoder",
             "y_i = x_i + sum_h W_o^h attn_h(X)_i + b_o, then x'_i = y_i + W_2 relu(W_1 y_i + "
             "b_1) + b_2, layer by layer; encoder (full attention) or causal (j <= i). "
             "Quantized passes apply the attention precision models per layer. Compiled by "
             "layerwise, causal-prefix, causal-last-token. See "
             "include/ccsim/model/transformer.hpp."},
        };
        for (const auto& [name, help] : qsaConstructions())
            e.push_back({"constructions (construction=...)", name, help,
                         help + ". For disj_qsa and eval qsa; see docs/theory/disj_qsa.md."});
        e.push_back({"constructions (construction=...)", "index_memory",
                     "RNN storing token j's z in state coordinate j (index_qsa_rnn)",
                     "One linear layer writing z of token j into state coordinate j (j < m); "
                     "the read-out returns coordinate y_N. Exact for m >= n; see "
                     "docs/theory/index_qsa_rnn.md."});
        e.push_back({"constructions (construction=...)", "fnn_copy",
                     "FNN copying every z and y (w = N(d'+q)) with an exact ReLU g for qSA "
                     "(qsa_fnn)",
                     "The first layer copies z_j and y_j of every token; g computes the "
                     "indicator 1[y = j] = relu(y-j+1) - 2relu(y-j) + relu(y-j-1) and the "
                     "product z*1[...] = relu(z+ind-1) - relu(-z+ind-1), then averages: qSA "
                     "exactly on every input. See docs/theory/qsa_fnn.md."});
        e.push_back({"constructions (construction=...)", "pc_memory",
                     "RNN storing f_A(u), f_B(u) in state coordinates u, n + u; read-out "
                     "chases k pointers (pc_rnn)",
                     "One identity layer over the pointer-chasing tokens (s, u, f_s(u)): "
                     "coordinate s*n + u holds f_s(u) (dropped beyond m); the read-out walks "
                     "v_0 = 0, v_{t+1} = round(h[(t mod 2) n + v_t]) for k steps. Exact for "
                     "m = 2n and a format holding 0..n-1; see docs/theory/pc_rnn.md."});
        e.push_back({"constructions (construction=...)", "match3_histogram",
                     "uniform attention over one-hot residues, d_v = M (disj_match3)",
                     "Q = K = 0, V(x) = e_{x mod M}: the output is the residue histogram / N, and "
                     "the read-out looks for two residues completing a triple. See "
                     "docs/theory/disj_match3.md."});
        e.push_back({"constructions (construction=...)", "match3_tensor",
                     "third-order attention, score tau*cos(2pi(x_i + x_j + x_k)/M), m = d_v = 4 "
                     "(match3_nof, eval match3)",
                     "phi(x) = (cos, sin) of 2pi x/M; Q, K1, K2 expand cos(a + b + g) into four "
                     "products, V1 * V2 averages (cos, sin)(b + g); the read-out projects it on "
                     "angle -a and answers 1 iff it exceeds (1 + cos(2pi/M))/2. Exact with "
                     "repeats allowed (distinct=false) for tau = ln(16N^2/g)/g, g = 1 - "
                     "cos(2pi/M). See docs/theory/match3_nof.md."});
        e.push_back({"constructions (construction=...)", "match2_trig",
                     "one attention unit, score tau*cos(2pi(x_i + x_j)/M), m = d_v = 2 "
                     "(eval match2, match2_or)",
                     "phi(x) = (cos, sin) of 2pi x/M; Q = (cos, sin), K = (cos, -sin), V = (cos, "
                     "sin). The read-out needs x_i: it projects the output on (cos, -sin) of "
                     "x_i and answers 1 iff that exceeds 1 - gap/2, gap = 1 - cos(2pi/M). Exact "
                     "for temperature > ln(4(N-1)/gap)/gap; the default is twice that. Under "
                     "distinct=true tokens carry their position and the score gains "
                     "-3[i = j] (one-hot positions, m = 2 + N). See docs/theory/match2_or.md."});
        e.push_back({"constructions (construction=...)", "hop_doubling",
                     "causal transformer computing hop_k by pointer doubling, floor(log2 k) + 2 "
                     "layers (hop_transformer, eval hop)",
                     "A sigma layer (the latest earlier occurrence of x_i, or the start token; the "
                     "step right is folded into the next query), then one-head doubling layers "
                     "that square the pointer and advance a symbol table by the bits of k. "
                     "One-hot blocks, hard attention by temperature, no MLP. See "
                     "docs/theory/hop_transformer.md."});
        e.push_back({"constructions (construction=...)", "pc_chase",
                     "causal decoder chasing PC_k pointers, two steps per layer (pc_decoder)",
                     "Alice's tokens carry f_A one-hot, Bob's last token all of f_B; each layer "
                     "looks up f_A by attention and f_B by an n^2-unit ReLU MLP, so ceil(k/2) "
                     "layers reach v_k. See docs/theory/pc_decoder.md."});
        for (Strategy st : {Strategy::SendToken, Strategy::PartialSums, Strategy::QueryThenSums})
            e.push_back({"compile strategies (strategy=...)", std::string(nameOf(st)),
                         closedFormula(st) + " bits",
                         "An attention layer compiled into a protocol: " + closedFormula(st) +
                             " bits. See include/ccsim/compile/compiler.hpp."});
        for (TransformerStrategy st :
             {TransformerStrategy::Layerwise, TransformerStrategy::CausalPrefix,
              TransformerStrategy::CausalLastToken})
            e.push_back(
                {"compile strategies (strategy=...)", std::string(nameOf(st)),
                 closedFormula(st) + " bits (multi-layer transformers)",
                 "A multi-layer transformer compiled into a protocol: " + closedFormula(st) +
                     " bits. See include/ccsim/compile/transformer.hpp."});
        e.push_back({"compile strategies (strategy=...)", "chain",
                     "k-1 messages of L·m·p bits (an RNN's state, block to block)",
                     "An RNN over k contiguous blocks, one per party: each party continues "
                     "from the state it received and sends the state after its block, L*m "
                     "numbers, to the next; with two blocks Alice sends the state after her "
                     "prefix. See include/ccsim/compile/chain.hpp."});
        e.push_back({"compile strategies (strategy=...)", "first-layer",
                     "1 message of r·p bits, r <= w (an FNN's first-layer share)",
                     "An FNN f(X) = g(W vec(X) + b) with tokens split between two parties: "
                     "Alice sends her share of W vec(X), one number per row of W touching her "
                     "tokens; Bob adds his share and b and applies g. See "
                     "include/ccsim/compile/first_layer.hpp."});
        e.push_back({"compile strategies (strategy=...)", "nof",
                     "3 players on a blackboard, 2(d_v + 2)p bits (third-order attention)",
                     "Number-on-forehead: tokens in 3 blocks, player i sees all but block i; "
                     "each ordered pair of blocks is summed by a player who sees both, two "
                     "players write their normalised pair partial sums on the board and the "
                     "third reads out. See include/ccsim/compile/nof.hpp and "
                     "docs/theory/match3_nof.md."});
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
        out += fmt::format("  {:<18}{:<11}{}\n", r.name, r.problem, r.summary);
    out += "\nproblems\n";
    for (const ProblemInfo& p : knownProblems())
        out += fmt::format("  {:<18}{}\n", p.name, p.summary);
    const char* section = "";
    for (const CatalogEntry& e : catalog()) {
        if (std::string_view(section) != e.section) {
            section = e.section;
            out += fmt::format("\n{}\n", section);
        }
        out += fmt::format("  {:<18}{}\n", e.name, e.summary);
    }
    out += "\nnumber formats (precision=...)\n";
    out += fmt::format("  {:<18}{}\n", "fixed:P:F", "two's complement, P bits, F fractional");
    out += fmt::format("  {:<18}{}\n", "float:E:M", "IEEE-754 style, 1 + E + M bits");
    for (const std::string& name : Format::names()) {
        const Format f = Format::parse(name);
        const std::string spelled =
            f.kind() == Format::Kind::Fixed
                ? fmt::format("fixed:{}:{}", f.widthBits(), f.fracBits())
                : fmt::format("float:{}:{}{}", f.expBits(), f.mantBits(),
                              f.kind() == Format::Kind::FloatFiniteNan ? " (finite, no inf)" : "");
        out += fmt::format("  {:<18}{} bits, {}\n", name, f.widthBits(), spelled);
    }
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
    // A name may be both a problem and a catalog entry (match2 is a problem and a task):
    // explain every meaning, in that order.
    std::string out;
    for (const ProblemInfo& p : knownProblems()) {
        if (p.name != name) continue;
        out += fmt::format("{}: {}\n\nreductions of this problem\n", p.name, p.summary);
        for (const ReductionInfo& r : ReductionRegistry::instance().all())
            if (r.problem == name) out += fmt::format("  {:<18}{}\n", r.name, r.summary);
    }
    for (const CatalogEntry& e : catalog()) {
        if (e.name != name) continue;
        if (!out.empty()) out += "\n";
        out += fmt::format("{}: {}\n\n{}\n", e.name, e.summary, e.details);
    }
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
    for (const ProblemInfo& p : knownProblems()) names.emplace_back(p.name);
    for (const CatalogEntry& e : catalog()) names.push_back(e.name);
    for (const std::string& f : Format::names()) names.push_back(f);
    throw UsageError(fmt::format("nothing called '{}' to explain{}; see 'ccsim list'", name,
                                 didYouMean(name, names)));
}

}  // namespace ccsim::cli
