// ccsim sweep REDUCTION name=range ... : a reduction checked over a grid, one row per point,
// with minimal-resource search (name=auto), power-law fits and gnuplot plots.

#include <cstdio>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/io/process.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/sweep/cc_sweep.hpp>
#include <ccsim/sweep/plot.hpp>
#include <ccsim/sweep/resume.hpp>
#include <ccsim/sweep/sweep.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

/// `ccsim sweep cc FUNCTION name=range …`: the exact values over a grid (sweep/cc_sweep.hpp).
int ccSweep(const po::variables_map& vm, std::vector<std::string> words,
            const std::string& reportFormat, const std::string& output,
            const std::string& plotFile) {
    for (const auto& [name, value] : vm)
        if (!value.defaulted() && name != "positional" && name != "report" && name != "output" &&
            name != "plot")
            throw UsageError(fmt::format("sweep cc takes --report, -o and --plot; not --{}", name));
    words.erase(words.begin());
    if (words.empty())
        throw UsageError(
            fmt::format("sweep cc needs a function ({})", fmt::join(cc::functionNames(), ", ")));
    const std::string function = words.front();
    words.erase(words.begin());
    const ReportFormat format = parseReportFormat(reportFormat);
    if (format != ReportFormat::Text && format != ReportFormat::Csv)
        throw UsageError(
            "sweep cc writes --report text or csv (ccsim cc FUNCTION --report json gives one "
            "point's JSON)");
    if (vm.count("plot") != 0) checkPlotTarget(plotFile);
    files::CommandScope scope;
    CcSweep sweep = runCcSweep(function, words, cc::SatWhen::Auto);
    if (vm.count("plot") != 0) checkCcPlot(sweep);
    // Everything is computed before a file is claimed: an error leaves no file behind.
    std::optional<AtomicFile> outFile;
    if (writesFile(vm, output)) outFile.emplace(output, "-o");
    std::optional<PlotFiles> plotFiles;
    if (vm.count("plot") != 0) plotFiles.emplace(plotFile);
    const std::string text = format == ReportFormat::Csv ? ccSweepCsv(sweep) : ccSweepText(sweep);
    if (plotFiles) writeCcPlot(sweep, *plotFiles);
    if (outFile) {
        outFile->commit(text);
        std::cout << fmt::format("wrote {} rows to {}\n", sweep.reports.size(), output);
    } else {
        std::cout << text;
    }
    return 0;
}

}  // namespace

int sweepCommand(const Args& args) {
    po::options_description desc("options");
    CheckOptionTexts checkTexts;
    std::string reportFormat = "text";
    std::string output;
    std::string plotFile;
    std::string series;
    std::string autoMaxText = "1024";
    desc.add_options()  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json|csv")  //
        ("output,o", po::value(&output)->value_name("FILE"),
         "write the table to FILE, rewritten after every grid point")     //
        ("resume", "continue the sweep in -o FILE from the rows it has")  //
        ("plot", po::value(&plotFile)->value_name("FILE.svg|png|pdf"),
         "plot bits and bounds against a swept integer parameter with gnuplot")  //
        ("series", po::value(&series)->value_name("NAME"),
         "with --plot: one series per value of this swept parameter (default: every swept "
         "parameter but the x axis)")  //
        ("auto-max", po::value(&autoMaxText)->default_value(autoMaxText)->value_name("V"),
         "largest value the auto search may try");
    addCheckOptions(desc, checkTexts, "check N seeded instances per point instead of all");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "sweep", reductionHelp)) return 0;
    std::vector<std::string> words = positionalWords(vm);
    if (words.empty()) throw UsageError("sweep needs a reduction name; see 'ccsim list'");
    if (words.front() == "cc") return ccSweep(vm, words, reportFormat, output, plotFile);
    const ReductionInfo& info = ReductionRegistry::instance().get(words.front(), "reduction");
    words.erase(words.begin());

    const ReportFormat format = parseReportFormat(reportFormat);
    const std::int64_t autoMax =
        static_cast<std::int64_t>(parseCount("--auto-max", autoMaxText, 1, 1 << 20));
    const bool resume = vm.count("resume") != 0;
    const bool toFile = writesFile(vm, output);
    if (resume && !toFile) throw UsageError("--resume needs -o FILE");
    if (resume && (format == ReportFormat::Text || format == ReportFormat::Html))
        throw UsageError("--resume reads the rows back from -o FILE: use --report csv or json");

    const SweepPlan plan = planSweep(info, words, autoMax);
    if (vm.count("series") != 0 && vm.count("plot") == 0 && format != ReportFormat::Html)
        throw UsageError("--series applies to --plot and --report html only");
    std::optional<PlotLayout> layout;
    if (vm.count("plot") != 0) {
        checkPlotTarget(plotFile);
        layout = planPlot(plan, series);
    } else if (format == ReportFormat::Html) {
        // The page shows the figure when the sweep has an x axis for one.
        try {
            layout = planPlot(plan, series);
        } catch (const UsageError&) {
            if (vm.count("series") != 0) throw;
        }
    }

    VerifyOptions options;
    applyCheckOptions(vm, checkTexts, options);
    checkSweepPoints(plan, options);
    // Every output is claimed before any work: unwritable, special or clashing paths fail now.
    std::optional<AtomicFile> probe;
    if (toFile) probe.emplace(output, "-o");
    std::optional<PlotFiles> plotFiles;
    if (vm.count("plot") != 0) plotFiles.emplace(plotFile);
    std::map<std::string, SweepRow> previous;
    if (resume)
        previous = readPreviousRows(output, format, sweepCommandLine(plan, options), plan.axes);

    const bool tty = ::isatty(STDERR_FILENO) != 0;
    SweepObserver observer;
    if (tty)
        observer.starting = [](std::size_t i, std::size_t total, const std::string& key) {
            std::fprintf(stderr, "\r[sweep] point %zu/%zu: %s        ", i + 1, total, key.c_str());
        };
    if (probe && format != ReportFormat::Text && format != ReportFormat::Html)
        // Rewrite the file after every point, so an interrupted sweep can resume.
        observer.computed = [&](const SweepReport& soFar) { probe->commit(write(soFar, format)); };
    const SweepReport s = runSweep(plan, options, previous, observer);
    if (tty) std::fprintf(stderr, "\r%*s\r", 100, "");
    std::string figure;
    if (format == ReportFormat::Html && layout && onPath("gnuplot")) {
        try {
            figure = plotSvg(s, *layout);
        } catch (const RunError&) {
            // Nothing to draw (every point missing): the page says there is no figure.
        }
    }
    const std::string text = format == ReportFormat::Html ? writeHtml(s, figure) : write(s, format);
    if (probe) {
        probe->commit(text);
        std::cout << fmt::format("wrote {} rows to {}\n", s.rows.size(), output);
    } else {
        std::cout << text;
    }
    if (plotFiles) writePlot(s, *layout, *plotFiles);
    return s.exitCode();
}

}  // namespace ccsim::cli
