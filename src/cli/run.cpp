// ccsim run REDUCTION [name=value ...] [options]

#include <charconv>
#include <cstdio>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/report/atomic_file.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/verify/check.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

/// The command that reproduces the report: every parameter resolved, and only the flags
/// that change results (threads, output files and report format do not).
std::string canonicalCommand(const BuiltReduction& built, const VerifyOptions& options) {
    std::string out = "ccsim run " + built.info->name;
    for (const auto& [name, value] : built.params.resolved()) out += " " + name + "=" + value;
    out += fmt::format(" --seed {}", options.seed);
    if (options.mode == VerifyMode::Sample) out += fmt::format(" --sample {}", options.sampleCount);
    return out;
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
std::function<void(std::uint64_t, std::uint64_t)> progressBar() {
    if (::isatty(STDERR_FILENO) == 0) return {};
    return [](std::uint64_t done, std::uint64_t total) {
        constexpr int kWidth = 30;
        const double f = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
        const int filled = static_cast<int>(f * kWidth);
        std::fprintf(stderr, "\r[%s%s] %3d%% %llu/%llu instances", std::string(filled, '#').c_str(),
                     std::string(kWidth - filled, ' ').c_str(), static_cast<int>(f * 100),
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
        if (done >= total) std::fprintf(stderr, "\r%*s\r", kWidth + 40, "");
        std::fflush(stderr);
    };
}

}  // namespace

Report checkAndReport(const std::string& reduction, const std::vector<std::string>& words,
                      VerifyOptions options, std::string* transcriptLog) {
    BuiltReduction built = buildReduction(reduction, words);
    options.recordTranscripts = transcriptLog != nullptr;
    const CheckResult checked = check(*built.reduction, options);
    Report report = makeReport({built, options, checked.result, checked.search, checked.verdict,
                                canonicalCommand(built, options)});
    if (transcriptLog) {
        *transcriptLog = "instance\tround\tfrom\tto\tlabel\tbits\tpayload\n";
        *transcriptLog += checked.result.transcriptLog;
        if (checked.search.witness) {
            // Re-run the witness instances to log their messages too.
            ProtocolRunner runner(built.reduction->protocol());
            const Witness& w = *checked.search.witness;
            const InstanceRun* runs[] = {&w.first, &w.second, &w.third, &w.fourth};
            for (int i = 0; i < 4; ++i) {
                runner.run(built.reduction->encode(runs[i]->instance));
                appendTranscriptLog(*transcriptLog, fmt::format("witness{}", i + 1),
                                    runner.transcript());
            }
        }
    }
    return report;
}

int runCommand(const Args& args) {
    po::options_description desc("options");
    std::string seedText = "1";
    std::string reportFormat = "text";
    std::string output;
    std::string transcript;
    unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    std::uint64_t sample = 0;
    double maxLog2 = 26;
    std::uint64_t witnessBudget = std::uint64_t{1} << 22;
    desc.add_options()  //
        ("seed", po::value(&seedText)->default_value(seedText)->value_name("S"),
         "seed of every random choice")  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json|csv")  //
        ("output,o", po::value(&output)->value_name("FILE"),
         "write the report to FILE (atomically)")  //
        ("transcript", po::value(&transcript)->value_name("FILE"),
         "write every message to FILE (TSV)")  //
        ("threads", po::value(&threads)->default_value(threads, "all cores"),
         "worker threads (results do not depend on it)")  //
        ("sample", po::value(&sample)->value_name("N"),
         "check N seeded random instances instead of all of them")  //
        ("max-log2-instances", po::value(&maxLog2)->default_value(maxLog2)->value_name("X"),
         "refuse exhaustive runs over more than 2^X instances")  //
        ("witness-budget", po::value(&witnessBudget)->default_value(witnessBudget)->value_name("N"),
         "inputs the witness search may run");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "run")) return 0;

    std::vector<std::string> words;
    if (vm.count("positional") != 0) words = vm["positional"].as<std::vector<std::string>>();
    if (words.empty()) throw UsageError("run needs a reduction name; see 'ccsim list'");
    const std::string name = words.front();
    words.erase(words.begin());

    const ReportFormat format = parseReportFormat(reportFormat);
    std::uint64_t seed = 0;
    {
        const char* end = seedText.data() + seedText.size();
        const auto [ptr, ec] = std::from_chars(seedText.data(), end, seed);
        if (ec != std::errc() || ptr != end)
            throw UsageError(fmt::format("--seed {} is not an integer in [0, 2^64)", seedText));
    }
    if (threads < 1 || threads > 1024)
        throw UsageError(fmt::format("--threads {} out of range [1, 1024]", threads));
    if (vm.count("sample") != 0 && (sample < 1 || sample > (std::uint64_t{1} << 40)))
        throw UsageError(fmt::format("--sample {} out of range [1, 2^40]", sample));
    if (!(maxLog2 >= 0 && maxLog2 <= 60))
        throw UsageError(fmt::format("--max-log2-instances {} out of range [0, 60]", maxLog2));
    if (witnessBudget < 1) throw UsageError("--witness-budget must be at least 1");

    VerifyOptions options;
    options.mode = vm.count("sample") != 0 ? VerifyMode::Sample : VerifyMode::Exhaustive;
    options.sampleCount = sample;
    options.seed = seed;
    options.threads = threads;
    options.maxLog2Instances = maxLog2;
    options.witnessBudget = witnessBudget;
    options.progress = progressBar();

    // Fail on bad parameters, sizes and paths before any work or any file is created.
    {
        BuiltReduction built = buildReduction(name, words);
        checkRunSize(built.reduction->problem(), options);
    }
    std::optional<AtomicFile> outFile;
    std::optional<AtomicFile> transcriptFile;
    if (vm.count("output") != 0) outFile.emplace(output, "-o");
    if (vm.count("transcript") != 0) transcriptFile.emplace(transcript, "--transcript");

    std::string log;
    const Report report = checkAndReport(name, words, options, transcriptFile ? &log : nullptr);
    const std::string text = write(report, format);
    if (transcriptFile) transcriptFile->commit(log);
    if (outFile) {
        outFile->commit(text);
        std::cout << fmt::format("{}: {}\n", report.outcome, report.explanation);
    } else {
        std::cout << text;
    }
    return report.exitCode();
}

}  // namespace ccsim::cli
