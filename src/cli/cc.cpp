// ccsim cc NAME [n=K] | matrix=FILE: the exact communication complexity of a small function,
// its lower-bound certificates and an optimal protocol tree (cc/report.hpp).

#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/cc/report.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/answers.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/report/writers.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

/// Analyses the matrix and writes the report; everything is computed before a file is
/// claimed, so an error leaves no file behind.
int finish(const po::variables_map& vm, const std::string& output, const std::string& dot,
           ReportFormat format, std::uint64_t prime, cc::SatWhen sat, cc::Source source) {
    const cc::Report report = cc::analyse(std::move(source), prime, sat);
    const std::string text = format == ReportFormat::Json  ? cc::jsonReport(report)
                             : format == ReportFormat::Csv ? cc::csvReport(report)
                                                           : cc::textReport(report);
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

}  // namespace

int ccCommand(const Args& args) {
    po::options_description desc("options");
    std::string reportFormat = "text";
    std::string output;
    std::string dot;
    std::string primeText = "2";
    std::string fromRun;
    std::string satText = "auto";
    desc.add_options()  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json|csv")                                                                 //
        ("output,o", po::value(&output)->value_name("FILE"), "write the report to FILE")  //
        ("dot", po::value(&dot)->value_name("FILE"),
         "also write the protocol tree in Graphviz DOT to FILE")  //
        ("from-run", po::value(&fromRun)->value_name("REDUCTION"),
         "the function REDUCTION's protocol computes (its answers on every instance); the "
         "name=value words are the reduction's parameters")  //
        ("sat", po::value(&satText)->default_value(satText)->value_name("WHEN"),
         "auto|on|off: also compute D by SAT (CaDiCaL), which must agree with the search; auto "
         "runs it up to 8×8 distinct rows and columns")  //
        ("prime", po::value(&primeText)->default_value(primeText)->value_name("P"),
         "the prime of the rank modulo p");
    LimitOptionTexts limits;
    addLimitOptions(desc, limits);
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "cc")) return 0;
    applyLimitOptions(limits);
    std::vector<std::string> words = positionalWords(vm);
    const ReportFormat format = parseReportFormat(reportFormat);
    if (format == ReportFormat::Html)
        throw UsageError(
            "--report html writes run reports only (ccsim run); use text, json or csv");
    const std::uint64_t prime = parseCount("--prime", primeText, 2, std::uint64_t{1} << 62);
    if (satText != "auto" && satText != "on" && satText != "off")
        throw UsageError(fmt::format("--sat {}: expected auto, on or off", satText));
    const cc::SatWhen sat = satText == "on"    ? cc::SatWhen::On
                            : satText == "off" ? cc::SatWhen::Off
                                               : cc::SatWhen::Auto;
    files::CommandScope scope;
    if (!fromRun.empty())
        return finish(vm, output, dot, format, prime, sat, answerSource(fromRun, words));
    if (words.empty())
        throw UsageError(fmt::format("cc needs a function ({}) or matrix=FILE",
                                     fmt::join(cc::functionNames(), ", ")));
    std::string name = words.front();
    words.erase(words.begin());
    if (name.rfind("matrix=", 0) == 0) {
        words.insert(words.begin(), "file=" + name.substr(7));
        name = "matrix";
    }
    return finish(vm, output, dot, format, prime, sat, cc::sourceOf(name, words));
}

}  // namespace ccsim::cli
