// ccsim data TASK|REDUCTION [name=value ...] -o FILE.npz|FILE.npy: seeded inputs and exact
// targets as NumPy arrays.

#include <iostream>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/eval/data.hpp>
#include <ccsim/io/atomic_file.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

int dataCommand(const Args& args) {
    po::options_description desc("options");
    std::string output;
    std::string arrayName;
    std::string seedText = "1";
    std::string sampleText = "0";
    desc.add_options()  //
        ("output,o", po::value(&output)->value_name("FILE"),
         "FILE.npz (every array) or FILE.npy (one array, see --array); required")  //
        ("array", po::value(&arrayName)->value_name("NAME"),
         "with a .npy output: the array to write (default x)")  //
        ("seed", po::value(&seedText)->default_value(seedText)->value_name("S"),
         "seed of the random inputs")  //
        ("sample", po::value(&sampleText)->default_value(sampleText)->value_name("N"),
         "reductions: N seeded instances instead of all of them");
    LimitOptionTexts limits;
    addLimitOptions(desc, limits);
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "data", reductionHelp)) return 0;
    applyLimitOptions(limits);
    std::vector<std::string> words = positionalWords(vm);
    if (words.empty())
        throw UsageError("data needs a task (qsa, match2, match3, hop) or a reduction name");
    const std::string name = words.front();
    words.erase(words.begin());
    const std::uint64_t seed = parseCount("--seed", seedText, 0, UINT64_MAX);
    const std::uint64_t sample = parseCount("--sample", sampleText, 0, std::uint64_t{1} << 24);
    const bool npz = output.ends_with(".npz");
    if (output.empty() || output == "-" || (!npz && !output.ends_with(".npy")))
        throw UsageError("data needs -o FILE.npz or -o FILE.npy");
    if (npz && vm.count("array") != 0) throw UsageError("--array applies to a .npy output");
    // Bad input fails before the file is claimed; the file appears whole or not at all.
    const DataSet data = makeData(name, words, seed, sample);
    AtomicFile out(output, "-o");
    if (npz) {
        out.commit(npzBytes(data.arrays));
        std::cout << fmt::format("wrote {}: {} (seed {}): {}\n", output, data.source, seed,
                                 describeArrays(data.arrays));
        return 0;
    }
    const std::string wanted = arrayName.empty() ? "x" : arrayName;
    for (const NamedArray& a : data.arrays)
        if (a.name == wanted) {
            out.commit(npyBytes(a));
            std::cout << fmt::format("wrote {}: {} (seed {}): {}\n", output, data.source, seed,
                                     describeArrays({a}));
            return 0;
        }
    std::vector<std::string> names;
    for (const NamedArray& a : data.arrays) names.push_back(a.name);
    throw UsageError(fmt::format("--array {}: data {} has the arrays {}", wanted, name,
                                 fmt::format("{}", fmt::join(names, ", "))));
}

}  // namespace ccsim::cli
