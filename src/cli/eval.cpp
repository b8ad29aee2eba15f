// ccsim eval TASK [name=value ...]: how well a model computes a task (src/eval/), written by a
// registered writer.

#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/error.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/eval_report.hpp>
#include <ccsim/report/writers.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

std::string evalHelp(const std::vector<std::string>& words) {
    std::string out;
    for (const Evaluator& e : EvaluatorRegistry::instance().all())
        if (words.empty() || words.front() == e.name)
            out += fmt::format("parameters of eval {} (name=value)\n{}\n", e.name,
                               parameterTable(e.params()));
    if (out.empty()) EvaluatorRegistry::instance().get(words.front(), "task");
    return out;
}

}  // namespace

int evalCommand(const Args& args) {
    po::options_description desc("options");
    std::string seedText = "1";
    std::string reportFormat = "text";
    std::string output;
    std::string threadsText = "auto";
    desc.add_options()  //
        ("seed", po::value(&seedText)->default_value(seedText)->value_name("S"),
         "seed of the random inputs")  //
        ("threads", po::value(&threadsText)->default_value(threadsText)->value_name("T"),
         "worker threads for the model passes (results do not depend on it)")  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json|csv")  //
        ("output,o", po::value(&output)->value_name("FILE"), "write the result to FILE");
    LimitOptionTexts limits;
    addLimitOptions(desc, limits);
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "eval", evalHelp)) return 0;
    applyLimitOptions(limits);
    std::vector<std::string> words = positionalWords(vm);
    const EvaluatorRegistry& evaluators = EvaluatorRegistry::instance();
    if (words.empty())
        throw UsageError(
            fmt::format("eval needs a task name; known: {}", fmt::join(evaluators.names(), ", ")));
    const std::string task = evaluators.get(words.front(), "task").name;
    words.erase(words.begin());
    EvalRequest request;
    request.words = std::move(words);
    request.seed = parseCount("--seed", seedText, 0, UINT64_MAX);
    request.threads = parseThreads(threadsText);
    const ReportFormat format = parseReportFormat(reportFormat);
    if (format == ReportFormat::Html)
        throw UsageError(
            "--report html writes run reports only (ccsim run); use text, json or csv");
    // The output file is claimed once the parameters are accepted, before the work.
    std::optional<AtomicFile> outFile;
    const bool toFile = writesFile(vm, output);
    request.ready = [&] {
        if (toFile) outFile.emplace(output, "-o");
    };
    const EvalReport report = evaluate(task, request);
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
