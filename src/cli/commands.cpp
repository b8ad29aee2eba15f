#include <iostream>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/version.hpp>

#include "cli.hpp"

namespace ccsim::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"list", "list",
         "list reductions, problems, tasks, models, constructions, strategies, formats",
         listCommand},
        {"explain", "explain NAME",
         "explain any name from list: reduction, problem, task, model, construction, ...",
         explainCommand},
        {"run", "run REDUCTION [name=value ...] [options]",
         "run a reduction over all (or sampled) instances and check it against its lower bound",
         runCommand},
        {"sweep", "sweep REDUCTION name=range ... | sweep cc FUNCTION n=range [options]",
         "check a reduction over a grid (q=2..16, m=auto): bits, bounds, fits, plots; or the "
         "exact complexity of a function over sizes",
         sweepCommand},
        {"eval", "eval TASK [name=value ...] [options]",
         "measure how well a model computes a task (qsa, match2, match3, hop) under a number "
         "format",
         evalCommand},
        {"forward", "forward weights=FILE input=TOKENS.npy [name=value ...] [options]",
         "print a model's outputs on given tokens, reference and quantized", forwardCommand},
        {"export", "export REDUCTION|CONSTRUCTION [name=value ...] -o FILE.safetensors",
         "write the model a reduction builds as weights ccsim (and PyTorch) can read",
         exportCommand},
        {"data", "data TASK|REDUCTION [name=value ...] -o FILE.npz|FILE.npy",
         "write seeded inputs and exact targets (qsa, match2, match3, hop, or a reduction's "
         "encoded instances) as NumPy arrays",
         dataCommand},
        {"cc", "cc FUNCTION [n=K] | matrix=FILE [options]",
         "exact communication complexity of a small function: D, one-way, ranks, an optimal "
         "protocol tree",
         ccCommand},
        {"demo", "demo",
         "the tour: protocols that meet the bound, ones that must fail, a deep transformer",
         demoCommand},
    };
    return table;
}

namespace {

std::string globalHelp() {
    std::string out =
        "ccsim: a communication-complexity simulator for neural sequence models\n\n"
        "usage: ccsim COMMAND [ARGS...]\n"
        "       ccsim COMMAND --help\n"
        "       ccsim --help | --version\n\ncommands:\n";
    for (const Command& c : commands()) out += fmt::format("  {:<9}{}\n", c.name, c.summary);
    out +=
        "\nexit codes: 0 success, 1 wrong answers no bound predicts, INCONSISTENT or run failed,\n"
        "2 usage error, 130/143 interrupted\n"
        "documentation: README.md and docs/ in the source tree\n";
    return out;
}

std::vector<std::string> commandNames() {
    std::vector<std::string> names;
    for (const Command& c : commands()) names.emplace_back(c.name);
    return names;
}

}  // namespace

std::string commandHelp(std::string_view name) {
    for (const Command& c : commands())
        if (c.name == name) return fmt::format("usage: ccsim {}\n{}\n", c.synopsis, c.summary);
    return {};
}

int dispatch(const Args& args) {
    if (args.empty()) throw UsageError("no command given; see 'ccsim --help'");
    const std::string& first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        if (args.size() > 1 && first == "help" && args[1] != "help") {
            const std::string help = commandHelp(args[1]);
            if (help.empty())
                throw UsageError(fmt::format("unknown command '{}'{}", args[1],
                                             didYouMean(args[1], commandNames())));
            return dispatch({args[1], "--help"});
        }
        std::cout << globalHelp();
        return 0;
    }
    if (first == "--version" || first == "-V") {
        std::cout << fmt::format("ccsim {} (git {})\n", version(), gitRevision());
        return 0;
    }
    for (const Command& c : commands())
        if (c.name == first) return c.run(Args(args.begin() + 1, args.end()));
    if (!first.empty() && first[0] == '-')
        throw UsageError(
            fmt::format("unknown option '{}' (options follow the command; see "
                        "'ccsim --help')",
                        first));
    throw UsageError(fmt::format("unknown command '{}'{}; see 'ccsim --help'", first,
                                 didYouMean(first, commandNames())));
}

}  // namespace ccsim::cli
