// ccsim run REDUCTION [name=value ...] [options]

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/verify/check.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

/// --transcript keeps the whole log in memory until it is written atomically.
constexpr std::uint64_t kMaxTranscriptInstances = std::uint64_t{1} << 20;

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
std::function<void(std::uint64_t, std::uint64_t)> progressBar() {
    if (::isatty(STDERR_FILENO) == 0) return {};
    const auto start = std::chrono::steady_clock::now();
    return [start](std::uint64_t done, std::uint64_t total) {
        constexpr int kWidth = 30;
        const double f = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
        const int filled = static_cast<int>(f * kWidth);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // Rate and time left from the instances finished so far (the tree engine counts an
        // instance when its leaf is answered).
        std::string rate;
        if (done > 0 && seconds > 0) {
            const double perSecond = static_cast<double>(done) / seconds;
            rate = fmt::format(", {:.3g} instances/s, ETA {}", perSecond,
                               formatDuration(static_cast<double>(total - done) / perSecond));
        }
        std::fprintf(stderr, "\r[%s%s] %3d%% %llu/%llu instances%s",
                     std::string(filled, '#').c_str(), std::string(kWidth - filled, ' ').c_str(),
                     static_cast<int>(f * 100), static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total), rate.c_str());
        if (done >= total) std::fprintf(stderr, "\r%*s\r", kWidth + 80, "");
        std::fflush(stderr);
    };
}

}  // namespace

int runCommand(const Args& args) {
    po::options_description desc("options");
    CheckOptionTexts checkTexts;
    std::string reportFormat = "text";
    std::string output;
    std::string transcript;
    std::string budgetText = std::to_string(VerifyOptions{}.witnessBudget);
    desc.add_options()  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json|csv")  //
        ("output,o", po::value(&output)->value_name("FILE"),
         "write the report to FILE (atomically)")  //
        ("transcript", po::value(&transcript)->value_name("FILE"),
         "write every message to FILE (TSV)")  //
        ("witness-budget", po::value(&budgetText)->default_value(budgetText)->value_name("N"),
         "inputs the witness search may run");
    addCheckOptions(desc, checkTexts, "check N seeded random instances instead of all of them");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "run", reductionHelp)) return 0;

    std::vector<std::string> words = positionalWords(vm);
    if (words.empty()) throw UsageError("run needs a reduction name; see 'ccsim list'");
    const std::string name = words.front();
    words.erase(words.begin());

    const ReportFormat format = parseReportFormat(reportFormat);
    const std::uint64_t witnessBudget =
        parseCount("--witness-budget", budgetText, 1, std::uint64_t{1} << 40);

    VerifyOptions options;
    applyCheckOptions(vm, checkTexts, options);
    options.witnessBudget = witnessBudget;
    options.progress = progressBar();

    // Fail on bad parameters, sizes and paths before any work or any file is created.
    // The reduction (and its model) is built once, here, and checked as built.
    const BuiltReduction built = buildReduction(name, words);
    checkRunSize(*built.reduction, options);
    if (vm.count("transcript") != 0) {
        const std::uint64_t instances =
            options.mode == VerifyMode::Sample
                ? options.sampleCount
                : built.reduction->problem().instanceCount().value_or(0);
        if (instances > kMaxTranscriptInstances)
            throw UsageError(fmt::format(
                "--transcript logs every message of every instance; {} instances are over the "
                "limit of {}; check fewer instances with --sample N",
                instances, kMaxTranscriptInstances));
    }
    std::optional<AtomicFile> outFile;
    std::optional<AtomicFile> transcriptFile;
    if (writesFile(vm, output)) outFile.emplace(output, "-o");
    if (vm.count("transcript") != 0) transcriptFile.emplace(transcript, "--transcript");

    std::string log;
    const Report report = checkAndReport(built, options, transcriptFile ? &log : nullptr);
    const std::string text = write(report, format);
    if (transcriptFile) transcriptFile->commit(log);
    if (outFile) {
        outFile->commit(text);
        std::cout << fmt::format("{}: {}\n", nameOf(report.outcome), report.explanation);
    } else {
        std::cout << text;
    }
    return report.exitCode();
}

}  // namespace ccsim::cli
