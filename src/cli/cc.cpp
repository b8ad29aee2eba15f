// ccsim cc NAME [n=K] | matrix=FILE: the exact communication complexity of a small function,
// its lower-bound certificates and an optimal protocol tree (cc/report.hpp).

#include <iostream>
#include <optional>

#include <fmt/format.h>

#include <ccsim/cc/report.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/report/writers.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

int ccCommand(const Args& args) {
    po::options_description desc("options");
    std::string reportFormat = "text";
    std::string output;
    std::string dot;
    std::string primeText = "2";
    desc.add_options()  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json")                                                                     //
        ("output,o", po::value(&output)->value_name("FILE"), "write the report to FILE")  //
        ("dot", po::value(&dot)->value_name("FILE"),
         "also write the protocol tree in Graphviz DOT to FILE")  //
        ("prime", po::value(&primeText)->default_value(primeText)->value_name("P"),
         "the prime of the rank modulo p");
    LimitOptionTexts limits;
    addLimitOptions(desc, limits);
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "cc")) return 0;
    applyLimitOptions(limits);
    std::vector<std::string> words = positionalWords(vm);
    if (words.empty())
        throw UsageError("cc needs a function (disj, eq, gt, index, ip) or matrix=FILE");
    std::string name = words.front();
    words.erase(words.begin());
    if (name.rfind("matrix=", 0) == 0) {
        words.insert(words.begin(), "file=" + name.substr(7));
        name = "matrix";
    }
    const ReportFormat format = parseReportFormat(reportFormat);
    if (format != ReportFormat::Text && format != ReportFormat::Json)
        throw UsageError(fmt::format("cc writes --report text or json, not {}", reportFormat));
    const std::uint64_t prime = parseCount("--prime", primeText, 2, std::uint64_t{1} << 62);

    files::CommandScope scope;
    // Everything is computed before a file is claimed: an error leaves no file behind.
    const cc::Report report = cc::analyse(cc::sourceOf(name, words), prime);
    const std::string text =
        format == ReportFormat::Json ? cc::jsonReport(report) : cc::textReport(report);
    std::optional<AtomicFile> outFile, dotFile;
    if (writesFile(vm, output)) outFile.emplace(output, "-o");
    if (!dot.empty()) dotFile.emplace(dot, "--dot");
    if (dotFile) dotFile->commit(cc::dotTree(report));
    if (outFile) {
        outFile->commit(text);
        std::cout << fmt::format("wrote {}: D = {} bits\n", output, report.exact.bits);
    } else {
        std::cout << text;
    }
    return 0;
}

}  // namespace ccsim::cli
