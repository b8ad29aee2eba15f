// ccsim demo: the first run a newcomer sees. Two protocols for set disjointness on 8-bit
// sets: one that meets the one-way lower bound, and one below it, with the input on which it
// must fail; the same pair for one attention layer; and a multi-layer transformer that no
// two-party bound can refute.

#include <algorithm>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/report/report.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

void printRun(const Report& r) {
    std::string out;
    out += fmt::format("  $ {}\n", r.provenance.command);
    out += fmt::format("  protocol   {}\n", r.protocolSummary);
    if (!r.model.empty()) out += fmt::format("  model      {}\n", r.model);
    out += fmt::format("  bits       {} per instance, {} distinct transcripts\n", r.maxBits,
                       r.distinctTranscripts);
    out += fmt::format("  checked    {} instances: {} correct, {} wrong\n", r.instances, r.correct,
                       r.incorrect);
    out += fmt::format("  bound      {:g} bits ({}): {}\n", r.bound.bits, nameOf(r.bound.cls),
                       r.bound.source);
    if (!r.witness.runs.empty()) {
        out += fmt::format("  witness    ({} argument)\n", nameOf(r.witness.argument));
        for (const auto& run : r.witness.runs)
            out += fmt::format("    {:<13}{}  message {}  answer {}, truth {}{}\n", run.role,
                               run.instance, run.transcript, run.answer, run.truth,
                               run.wrong ? "  <- WRONG" : "");
    }
    out += fmt::format("  verdict    {}: {}\n", nameOf(r.outcome), r.explanation);
    std::cout << out;
}

}  // namespace

int demoCommand(const Args& args) {
    po::options_description desc("options");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "demo")) return 0;
    if (vm.count("positional") != 0)
        throw UsageError(fmt::format("demo takes no arguments, got '{}'",
                                     vm["positional"].as<std::vector<std::string>>().front()));

    VerifyOptions options;
    options.threads = std::max(1U, std::thread::hardware_concurrency());

    std::cout << "ccsim demo: set disjointness on 8-bit sets (DISJ_8). Alice holds a, Bob holds "
                 "b;\nBob must say whether they share an element. Any one-way protocol needs 8 "
                 "bits.\n\n1. Alice sends all 8 bits: it meets the bound and is always right.\n";
    const Report trivial = checkAndReport("disj_trivial", {"n=8"}, options);
    printRun(trivial);
    std::cout << "\n2. Alice sends only her first 5 bits: below the bound, so two of her inputs\n"
                 "   share a message and Bob cannot tell them apart. ccsim finds the pair and\n"
                 "   the instance Bob must get wrong.\n";
    const Report truncated = checkAndReport("disj_truncated", {"n=8", "k=5"}, options);
    printRun(truncated);
    std::cout << "\n3. The same problem inside a transformer (Sanford-Hsu-Telgarsky, Thm 4): "
                 "Bob's\n   tokens hold b in pairs, Alice's token asks for the q-sparse "
                 "average that\n   reveals a AND b. One attention unit with the qsa_random "
                 "construction,\n   compiled to send-token: Alice sends Q, K, V of her token, "
                 "H(2m + d_v)p bits.\n";
    const Report construction = checkAndReport("disj_qsa", {"q=8"}, options);
    printRun(construction);
    std::cout << "\n4. A unit too small for the theorem: m = 1 and 2-bit numbers give "
                 "H(2m + d_v)p = 6\n   bits < 8, so whatever its weights, it must fail; "
                 "here is where.\n";
    const Report small = checkAndReport(
        "disj_qsa", {"q=8", "construction=random", "m=1", "precision=fixed:2:1"}, options);
    printRun(small);
    std::cout << "\n5. Beyond one layer the bounds stop biting. INDEX_4 put into hop_k (k = 3): "
                 "a\n   3-layer causal transformer computes it by pointer doubling, and compiled "
                 "layer by\n   layer (2L + 1 messages) it costs far more than any two-party "
                 "bound of its size.\n";
    const Report deep = checkAndReport("hop_transformer", {"n=4", "k=3"}, options);
    printRun(deep);
    std::cout << "\nnext: ccsim list, ccsim explain disj_qsa, "
                 "ccsim eval qsa construction=qsa_cyclic precision=fp64\n";
    return std::max(
        {trivial.exitCode(), truncated.exitCode(), construction.exitCode(), small.exitCode()});
}

}  // namespace ccsim::cli
