// ccsim sweep REDUCTION name=range ... : a reduction checked over a grid, one row per point,
// with minimal-resource search (name=auto), power-law fits and gnuplot plots.

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/io/process.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/sweep/sweep.hpp>
#include <ccsim/verify/check.hpp>
#include <ccsim/version.hpp>

#include "cli.hpp"
#include "options.hpp"
#include "sweep_resume.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

using Row = SweepRow;

const std::vector<std::string> kColumns = {
    "point",          "auto_value", "auto_evaluations", "bits",      "construction_bits",
    "effective_bits", "bound_bits", "bound_class",      "instances", "correct_fraction",
    "outcome"};

std::vector<std::string> rowFields(const Row& r) {
    return {r.point,
            r.autoValue,
            std::to_string(r.autoEvaluations),
            std::to_string(r.bits),
            std::to_string(r.constructionBits),
            fmt::format("{:.6f}", r.effectiveBits),
            fmt::format("{:g}", r.bound),
            r.boundClass,
            std::to_string(r.instances),
            fmt::format("{:.6f}", r.correctFraction),
            r.outcomeText()};
}

struct Sweep {
    std::string command;
    std::string reduction;
    std::vector<SweepAxis> axes;
    std::vector<Row> rows;
    std::optional<PowerFit> bitsFit, boundFit, constructionFit;
    std::string sizeAxis;
};

std::string writeCsvSweep(const Sweep& s) {
    std::string out = "sweep";
    for (const SweepAxis& a : s.axes) out += "," + csvField(a.name);
    for (const std::string& c : kColumns) out += "," + c;
    out += "\n";
    for (const Row& r : s.rows) {
        out += csvField(s.command);
        for (const SweepAxis& a : s.axes) out += "," + csvField(r.values.at(a.name));
        for (const std::string& f : rowFields(r)) out += "," + csvField(f);
        out += "\n";
    }
    return out;
}

nlohmann::ordered_json fitJson(const std::optional<PowerFit>& f) {
    if (!f) return nullptr;
    return {{"slope", f->slope}, {"constant", f->constant}, {"points", f->points}, {"r2", f->r2}};
}

std::string writeJsonSweep(const Sweep& s) {
    nlohmann::ordered_json j;
    j["schema"] = "ccsim.sweep/1";
    j["provenance"] = {{"version", version()}, {"revision", gitRevision()}};
    j["command"] = s.command;
    j["reduction"] = s.reduction;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const Row& r : s.rows) {
        nlohmann::ordered_json row;
        nlohmann::ordered_json values = nlohmann::ordered_json::object();
        for (const SweepAxis& a : s.axes) values[a.name] = r.values.at(a.name);
        row["parameters"] = values;
        const std::vector<std::string> fields = rowFields(r);
        for (std::size_t i = 0; i < kColumns.size(); ++i) row[kColumns[i]] = fields[i];
        rows.push_back(row);
    }
    j["rows"] = rows;
    j["fit"] = {{"size", s.sizeAxis},
                {"bits", fitJson(s.bitsFit)},
                {"bound", fitJson(s.boundFit)},
                {"construction_bits", fitJson(s.constructionFit)}};
    return dumpJson(j);
}

std::string fitLine(const char* what, const std::string& axis, const std::optional<PowerFit>& f) {
    if (!f) return {};
    const double slope = std::abs(f->slope) < 5e-4 ? 0.0 : f->slope;  // no "-0.000"
    return fmt::format("  {:<18}≈ {:.4g} · {}^{:.3f}   (R² {:.3f}, {} points)\n", what, f->constant,
                       axis, slope, f->r2, f->points);
}

std::string writeTextSweep(const Sweep& s, const std::string& growth) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header;
    for (const SweepAxis& a : s.axes) header.push_back(a.name);
    for (const char* c : {"bits", "constr.", "effective", "bound", "correct", "outcome"})
        header.emplace_back(c);
    rows.push_back(header);
    for (const Row& r : s.rows) {
        std::vector<std::string> row;
        for (const SweepAxis& a : s.axes) row.push_back(r.values.at(a.name));
        row.push_back(std::to_string(r.bits));
        row.push_back(std::to_string(r.constructionBits));
        row.push_back(fmt::format("{:.2f}", r.effectiveBits));
        row.push_back(fmt::format("{:g}", r.bound));
        row.push_back(fmt::format("{:.4f}", r.correctFraction));
        row.push_back(r.outcomeText());
        rows.push_back(row);
    }
    std::vector<std::size_t> width(header.size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::string out = fmt::format("sweep         {}\n\n", s.command);
    for (const auto& row : rows) {
        std::string line = " ";
        for (std::size_t c = 0; c < row.size(); ++c)
            line += " " + std::string(width[c] - row[c].size(), ' ') + row[c];
        out += line + "\n";
    }
    if (!s.sizeAxis.empty() && (s.bitsFit || s.boundFit)) {
        out += fmt::format("\nlog-log fits against {}\n", s.sizeAxis);
        out += fitLine("measured bits", s.sizeAxis, s.bitsFit);
        out += fitLine("construction bits", s.sizeAxis, s.constructionFit);
        out += fitLine("lower bound", s.sizeAxis, s.boundFit);
        if (!growth.empty()) out += fmt::format("  theory: {}\n", growth);
    }
    return out;
}

/// Rows of an earlier run of the same sweep in FILE (csv or json), keyed by point.
std::map<std::string, Row> readPrevious(const std::string& path, ReportFormat format,
                                        const Sweep& s) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return {};  // a fresh start
    // Read back and then rewritten on purpose: not recorded as an input of the command.
    const std::string text =
        files::readInput(path, "--resume file", std::uint64_t{1} << 28, /*record=*/false);
    return parsePreviousRows(text, path, format, s.command, s.axes);
}

bool onPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (!path) return false;
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    return false;
}

bool isControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

/// Text for a comment line of the data file or script: control characters (a newline would
/// end the comment) as '?'.
std::string printable(std::string_view text) {
    std::string out(text);
    std::replace_if(out.begin(), out.end(), isControl, '?');
    return out;
}

/// A gnuplot string constant that is taken literally: single quotes (no backslash escapes,
/// no backquote command substitution), quotes doubled, control characters as '?'.
std::string gnuplotLiteral(std::string_view text) {
    std::string out = "'";
    for (const char c : printable(text)) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

/// The three files of --plot, claimed before any work: the data, the script, the image.
struct PlotFiles {
    explicit PlotFiles(const std::string& target)
        : image(target),
          base(target.substr(0, target.rfind('.'))),
          data(base + ".dat", "--plot data"),
          script(base + ".gp", "--plot script"),
          imageFile(target, "--plot") {}
    std::string image;
    std::string base;
    AtomicFile data;
    AtomicFile script;
    AtomicFile imageFile;
};

void plot(const Sweep& s, PlotFiles& files) {
    const std::string& target = files.image;
    const std::string& base = files.base;
    const std::string ext = target.substr(target.rfind('.') + 1);
    std::string data = fmt::format("# {}\n# {} bits construction_bits bound effective_bits\n",
                                   printable(s.command), s.sizeAxis);
    for (const Row& r : s.rows)
        // 0 bits (nothing built or measured at this point) is missing data, not a point.
        data += fmt::format(
            "{} {} {} {:g} {:.6f}\n", r.values.at(s.sizeAxis),
            r.bits == 0 ? std::string("NaN") : std::to_string(r.bits),
            r.constructionBits == 0 ? std::string("NaN") : std::to_string(r.constructionBits),
            r.bound, r.effectiveBits);
    const std::string terminal =
        ext == "svg" ? "svg size 800,520 dynamic font 'sans,12'" : "pngcairo size 800,520";
    // Every name and the title are literals: nothing in them is run or expanded.
    const std::string dat = gnuplotLiteral(base + ".dat");
    const std::string script = fmt::format(
        "# Written by ccsim sweep; edit and rerun with: gnuplot {0}.gp\n"
        "if (!exists('ccsim_output')) ccsim_output = {1}\n"
        "set terminal {2}\n"
        "set output ccsim_output\n"
        "set title {3} noenhanced font ',9'\n"
        "set xlabel {4} noenhanced\nset ylabel 'bits'\nset logscale xy\nset autoscale xfix\n"
        "set offsets graph 0.03, graph 0.03, 0, 0\nset key top left\nset grid\n"
        "plot {5} using 1:2 with linespoints pt 7 title 'measured bits', \\\n"
        "     {5} using 1:3 with lines dt 2 title 'construction bits', \\\n"
        "     {5} using 1:4 with linespoints pt 5 title 'lower bound'\n",
        printable(base), gnuplotLiteral(target), terminal, gnuplotLiteral(s.command),
        gnuplotLiteral(s.sizeAxis), dat);
    files.data.commit(data);
    files.script.commit(script);
    // gnuplot writes the image to the temporary file, which then replaces the target.
    const std::string scriptPath = base + ".gp";
    const ProgramResult result = runProgram(
        {"gnuplot", "-e", "ccsim_output = " + gnuplotLiteral(files.imageFile.temporaryPath()),
         scriptPath.starts_with('-') ? "./" + scriptPath : scriptPath});
    if (result.status != 0)
        throw RunError(fmt::format("gnuplot failed on {}.gp: {}", base,
                                   result.output.substr(0, result.output.find('\n'))));
    files.imageFile.commitAsWritten();
}

}  // namespace

int sweepCommand(const Args& args) {
    po::options_description desc("options");
    CheckOptionTexts checkTexts;
    std::string reportFormat = "text";
    std::string output;
    std::string plotFile;
    std::string autoMaxText = "1024";
    desc.add_options()  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json|csv")  //
        ("output,o", po::value(&output)->value_name("FILE"),
         "write the table to FILE, rewritten after every grid point")     //
        ("resume", "continue the sweep in -o FILE from the rows it has")  //
        ("plot", po::value(&plotFile)->value_name("FILE.svg|png"),
         "plot bits and bounds against the swept size with gnuplot")  //
        ("auto-max", po::value(&autoMaxText)->default_value(autoMaxText)->value_name("V"),
         "largest value the auto search may try");
    addCheckOptions(desc, checkTexts, "check N seeded instances per point instead of all");
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "sweep", reductionHelp)) return 0;
    std::vector<std::string> words = positionalWords(vm);
    if (words.empty()) throw UsageError("sweep needs a reduction name; see 'ccsim list'");
    const ReductionInfo& info = ReductionRegistry::instance().get(words.front(), "reduction");
    words.erase(words.begin());

    const ReportFormat format = parseReportFormat(reportFormat);
    const std::int64_t autoMax =
        static_cast<std::int64_t>(parseCount("--auto-max", autoMaxText, 1, 1 << 20));
    const bool resume = vm.count("resume") != 0;
    const bool toFile = writesFile(vm, output);
    if (resume && !toFile) throw UsageError("--resume needs -o FILE");
    if (resume && format == ReportFormat::Text)
        throw UsageError("--resume reads the rows back from -o FILE: use --report csv or json");

    Sweep s;
    s.reduction = info.name;
    s.axes = parseAxes(words);
    std::vector<std::string> names;
    for (const ParamSpec& p : info.params) names.push_back(p.name);
    const ParamSpec* autoSpec = nullptr;
    for (const SweepAxis& a : s.axes) {
        const auto it = std::find_if(info.params.begin(), info.params.end(),
                                     [&](const ParamSpec& p) { return p.name == a.name; });
        if (it == info.params.end())
            throw UsageError(fmt::format("unknown parameter '{}' for {}{}", a.name, info.name,
                                         didYouMean(a.name, names)));
        if (a.automatic) {
            if (it->type != ParamType::Int || !it->size) {
                std::vector<std::string> sizes;
                for (const ParamSpec& p : info.params)
                    if (p.size) sizes.push_back(p.name);
                throw UsageError(fmt::format(
                    "{}=auto: auto searches the smallest working size of the model or protocol, "
                    "and {} is not one; {}",
                    a.name, a.name,
                    sizes.empty() ? fmt::format("{} has no size parameter to search", info.name)
                                  : fmt::format("{}'s size parameters: {}", info.name,
                                                fmt::join(sizes, ", "))));
            }
            autoSpec = &*it;
        }
        if (!a.automatic && a.values.size() >= 2 && s.sizeAxis.empty() &&
            it->type == ParamType::Int)
            s.sizeAxis = a.name;
    }
    std::size_t varying = 0;
    for (const SweepAxis& a : s.axes) varying += a.values.size() >= 2 ? 1 : 0;
    if (varying != 1) s.sizeAxis.clear();  // fits and plots need exactly one swept size
    if (vm.count("plot") != 0) {
        if (s.sizeAxis.empty())
            throw UsageError("--plot needs exactly one swept integer parameter (like q=2..12)");
        const auto dot = plotFile.rfind('.');
        const std::string ext = dot == std::string::npos ? "" : plotFile.substr(dot + 1);
        if (ext != "svg" && ext != "png")
            throw UsageError(fmt::format("--plot {}: the file must end in .svg or .png", plotFile));
        if (std::any_of(plotFile.begin(), plotFile.end(), isControl))
            throw UsageError("--plot: the file name contains a control character");
        if (!onPath("gnuplot"))
            throw UsageError(
                "--plot needs gnuplot, which is not installed (Debian package "
                "gnuplot-nox; scripts/setup installs it)");
    }

    VerifyOptions options;
    applyCheckOptions(vm, checkTexts, options);
    s.command = "ccsim sweep " + info.name;
    for (const std::string& w : words) s.command += " " + w;
    s.command += fmt::format(" --seed {}", options.seed);
    if (options.mode == VerifyMode::Sample)
        s.command += fmt::format(" --sample {}", options.sampleCount);
    if (options.mode == VerifyMode::Sample && options.distribution != "uniform")
        s.command += " --distribution " + options.distribution;
    if (autoSpec) s.command += fmt::format(" --auto-max {}", autoMax);

    const std::vector<std::vector<std::string>> points = expandGrid(s.axes);
    // Without an auto parameter every point must be valid: check them all before any work.
    // (With one, a point's default value may be invalid; the search tells what works.)
    if (!autoSpec) {
        for (const auto& point : points) {
            const BuiltReduction built = buildReduction(info.name, point);
            checkRunSize(*built.reduction, options);
        }
    }
    // Every output is claimed before any work: unwritable, special or clashing paths fail now.
    std::optional<AtomicFile> probe;
    if (toFile) probe.emplace(output, "-o");
    std::optional<PlotFiles> plotFiles;
    if (vm.count("plot") != 0) plotFiles.emplace(plotFile);
    std::map<std::string, Row> previous;
    if (resume) previous = readPrevious(output, format, s);

    const bool tty = ::isatty(STDERR_FILENO) != 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const std::vector<std::string>& point = points[i];
        std::string key;
        for (const std::string& w : point) key += (key.empty() ? "" : " ") + w;
        if (tty)
            std::fprintf(stderr, "\r[sweep] point %zu/%zu: %s        ", i + 1, points.size(),
                         key.c_str());
        if (const auto it = previous.find(key); it != previous.end()) {
            s.rows.push_back(it->second);
            continue;
        }
        s.rows.push_back(sweepPoint(info, point, autoSpec, autoMax, options));
        if (probe && format != ReportFormat::Text) {
            // Rewrite the file after every point, so an interrupted sweep can resume.
            probe->commit(format == ReportFormat::Csv ? writeCsvSweep(s) : writeJsonSweep(s));
        }
    }
    if (tty) std::fprintf(stderr, "\r%*s\r", 100, "");

    if (!s.sizeAxis.empty()) {
        std::vector<double> x, bits, bound, construction;
        for (const Row& r : s.rows) {
            if (r.bits == 0) continue;
            x.push_back(std::stod(r.values.at(s.sizeAxis)));
            bits.push_back(static_cast<double>(r.bits));
            bound.push_back(r.bound);
            construction.push_back(static_cast<double>(r.constructionBits));
        }
        s.bitsFit = fitPowerLaw(x, bits);
        s.boundFit = fitPowerLaw(x, bound);
        s.constructionFit = fitPowerLaw(x, construction);
    }
    const std::string text = format == ReportFormat::Csv    ? writeCsvSweep(s)
                             : format == ReportFormat::Json ? writeJsonSweep(s)
                                                            : writeTextSweep(s, info.growth);
    if (probe) {
        probe->commit(text);
        std::cout << fmt::format("wrote {} rows to {}\n", s.rows.size(), output);
    } else {
        std::cout << text;
    }
    if (plotFiles) plot(s, *plotFiles);
    int code = 0;
    for (const Row& r : s.rows) code = std::max(code, r.exitCode());
    return code;
}

}  // namespace ccsim::cli
