// ccsim export NAME [name=value ...] -o FILE.safetensors: a reduction's model as weights.

#include <iostream>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/eval/export.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/reduction.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

int exportCommand(const Args& args) {
    po::options_description desc("options");
    std::string output;
    bool f32 = false;
    desc.add_options()  //
        ("output,o", po::value(&output)->value_name("FILE"),
         "the .safetensors file to write (required)")  //
        ("f32", po::bool_switch(&f32), "store float32 instead of float64 (not exact)");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "export", reductionHelp)) return 0;
    std::vector<std::string> words = positionalWords(vm);
    if (words.empty())
        throw UsageError("export needs a reduction or construction name; see 'ccsim list'");
    const std::string name = words.front();
    words.erase(words.begin());
    if (output.empty() || output == "-")
        throw UsageError("export needs -o FILE.safetensors (the weights are binary)");
    if (!output.ends_with(".safetensors"))
        throw UsageError(fmt::format("-o {}: the file name must end in .safetensors", output));
    const ModelExport model = exportModel(name, words);
    writeSafetensors(output, model.file, f32);
    std::cout << fmt::format("wrote {}: {} model of {} ({} tensors): {}\n", output, model.family,
                             model.reduction, model.file.tensors.size(), model.description);
    return 0;
}

}  // namespace ccsim::cli
