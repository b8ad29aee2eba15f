// ccsim forward weights=FILE input=TOKENS.npy [...]: a model's outputs on given tokens,
// reference and quantized. How a user checks that an exported model means what they think.

#include <iostream>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/eval/forward.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/writers.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

int forwardCommand(const Args& args) {
    po::options_description desc("options");
    std::string reportFormat = "text";
    std::string output;
    desc.add_options()  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json|csv")  //
        ("output,o", po::value(&output)->value_name("FILE"), "write the result to FILE");
    LimitOptionTexts limits;
    addLimitOptions(desc, limits);
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "forward", [](const std::vector<std::string>&) {
            return "parameters (name=value)\n" + parameterTable(forwardParams());
        }))
        return 0;
    applyLimitOptions(limits);
    std::vector<std::string> words = positionalWords(vm);
    const ReportFormat format = parseReportFormat(reportFormat);
    if (format == ReportFormat::Html)
        throw UsageError(
            "--report html writes run reports only (ccsim run); use text, json or csv");

    const ForwardReport report = forwardPass(words, parseThreads("auto"));
    std::optional<AtomicFile> outFile;
    if (writesFile(vm, output)) outFile.emplace(output, "-o");
    const std::string text = write(report, format);
    if (outFile) {
        outFile->commit(text);
        std::cout << summaryLine(report);
    } else {
        std::cout << text;
    }
    return 0;
}

}  // namespace ccsim::cli
