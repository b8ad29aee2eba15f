#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdlib.h>

#include <ccsim/error.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/io/process.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/sweep/plot.hpp>

namespace ccsim {

namespace {

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

std::string extensionOf(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? "" : path.substr(dot + 1);
}

/// Log-axis ticks that label the data's own range: 1, 2, 5 per decade (every integer step
/// when that leaves fewer than three), written plainly ('%g').
std::vector<double> logTicks(double lo, double hi) {
    std::vector<double> ticks;
    for (const std::vector<double>& steps :
         {std::vector<double>{1, 2, 5}, std::vector<double>{1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9}}) {
        ticks.clear();
        for (int e = static_cast<int>(std::floor(std::log10(lo))) - 1;
             e <= static_cast<int>(std::ceil(std::log10(hi))); ++e)
            for (const double s : steps) {
                const double v = s * std::pow(10.0, e);
                if (v >= lo && v <= hi) ticks.push_back(v);
            }
        if (ticks.size() >= 3) break;
    }
    return ticks;
}

std::string tickList(const std::vector<double>& ticks) {
    std::vector<std::string> parts;
    for (const double t : ticks) parts.push_back(fmt::format("'{:g}' {:g}", t, t));
    return "(" + fmt::format("{}", fmt::join(parts, ", ")) + ")";
}

}  // namespace

PlotLayout planPlot(const SweepPlan& plan, const std::string& series) {
    std::vector<std::string> swept;  // two or more values, not auto
    for (const SweepAxis& a : plan.axes)
        if (!a.automatic && a.values.size() >= 2) swept.push_back(a.name);
    if (!series.empty() && std::find(swept.begin(), swept.end(), series) == swept.end())
        throw UsageError(
            fmt::format("--series {}: not a swept parameter of this sweep{}; swept: {}", series,
                        didYouMean(series, swept),
                        swept.empty() ? "none" : fmt::format("{}", fmt::join(swept, ", "))));
    PlotLayout layout;
    for (std::size_t a = 0; a < plan.axes.size() && layout.x.empty(); ++a) {
        const std::string& name = plan.axes[a].name;
        const bool isSwept = std::find(swept.begin(), swept.end(), name) != swept.end();
        if (isSwept && name != series && plan.axisTypes.at(a) == ParamType::Int) layout.x = name;
    }
    if (layout.x.empty())
        throw UsageError("--plot needs a swept integer parameter for the x axis (like q=2..12)" +
                         std::string(series.empty() ? "" : ", besides the --series parameter"));
    if (!series.empty())
        layout.series = {series};
    else
        for (const std::string& name : swept)
            if (name != layout.x) layout.series.push_back(name);
    return layout;
}

PlotFiles::PlotFiles(const std::string& target)
    : image(target),
      base(target.substr(0, target.rfind('.'))),
      data(base + ".dat", "--plot data"),
      script(base + ".gp", "--plot script"),
      imageFile(target, "--plot") {}

void checkPlotTarget(const std::string& plotFile) {
    const std::string ext = extensionOf(plotFile);
    if (ext != "svg" && ext != "png" && ext != "pdf")
        throw UsageError(
            fmt::format("--plot {}: the file must end in .svg, .png or .pdf", plotFile));
    if (std::any_of(plotFile.begin(), plotFile.end(), isControl))
        throw UsageError("--plot: the file name contains a control character");
    if (!onPath("gnuplot"))
        throw UsageError(
            "--plot needs gnuplot, which is not installed (Debian package "
            "gnuplot-nox; scripts/setup installs it)");
}

void writePlot(const SweepReport& s, const PlotLayout& layout, PlotFiles& files) {
    const std::string& target = files.image;
    const std::string& base = files.base;

    // The series in the order they first appear, each with its rows in x order.
    std::vector<std::string> names;
    std::map<std::string, std::vector<const SweepRow*>> rowsOf;
    for (const SweepRow& r : s.rows) {
        std::string name;
        for (const std::string& a : layout.series)
            name += (name.empty() ? "" : " ") + a + "=" + r.values.at(a);
        if (rowsOf.count(name) == 0) names.push_back(name);
        rowsOf[name].push_back(&r);
    }
    auto xOf = [&](const SweepRow* r) { return std::stod(r->values.at(layout.x)); };

    std::string data = fmt::format(
        "# {}\n# one block per series; columns: {} bits construction_bits bound effective_bits "
        "wrong (1 if some instance was answered wrongly)\n",
        printable(s.command), layout.x);
    struct Missing {
        std::string series, x, why;
    };
    std::vector<Missing> missing;
    double lo = INFINITY, hi = 0;
    std::vector<double> xs;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::vector<const SweepRow*> rows = rowsOf[names[i]];
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const SweepRow* a, const SweepRow* b) { return xOf(a) < xOf(b); });
        data += fmt::format("{}# series {}\n", i == 0 ? "" : "\n\n",
                            printable(names[i].empty() ? "all" : names[i]));
        for (const SweepRow* r : rows) {
            xs.push_back(xOf(r));
            // 0 bits (nothing built or measured at this point) is missing data, not a point.
            if (r->bits == 0)
                missing.push_back({names[i], r->values.at(layout.x),
                                   !r->outcome ? r->failure.substr(0, r->failure.find(" ("))
                                   : r->instances > 0 && r->correctFraction < 1.0
                                       ? "0 bits, not drawable on a log axis; answered wrongly"
                                       : "0 bits, not drawable on a log axis"});
            for (const double v :
                 {static_cast<double>(r->bits), static_cast<double>(r->constructionBits), r->bound})
                if (v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
            const bool wrong = r->instances > 0 && r->correctFraction < 1.0;
            data += fmt::format(
                "{} {} {} {} {:.6f} {}\n", r->values.at(layout.x),
                r->bits == 0 ? std::string("NaN") : std::to_string(r->bits),
                r->constructionBits == 0 ? std::string("NaN") : std::to_string(r->constructionBits),
                r->bound > 0 ? fmt::format("{:g}", r->bound) : std::string("NaN"), r->effectiveBits,
                wrong ? 1 : 0);
        }
    }
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());

    const std::string terminal = gnuplotTerminal(target);
    const std::string caption =
        fmt::format("{}: bits against {}{}", s.reduction, layout.x,
                    layout.series.empty()
                        ? ""
                        : fmt::format(", one series per {}", fmt::join(layout.series, " × ")));
    std::string axes;
    if (xs.size() <= 16) {
        std::vector<std::string> parts;
        for (const double x : xs) parts.push_back(fmt::format("'{:g}' {:g}", x, x));
        axes += fmt::format("set xtics ({})\n", fmt::join(parts, ", "));
    }
    if (hi > 0) {
        const double ylo = lo / 1.4, yhi = hi * 1.4;
        axes += fmt::format("set yrange [{:g}:{:g}]\nset ytics {}\n", ylo, yhi,
                            tickList(logTicks(ylo, yhi)));
    }
    std::string note;
    if (!missing.empty()) {
        // Grouped by reason and series, in order of appearance:
        // "missing (why): precision=fixed:8:4 at q = 5, 6, 7".
        struct Group {
            std::string why, series;
            std::vector<std::string> xs;
        };
        std::vector<Group> groups;
        for (const Missing& m : missing) {
            auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
                return g.why == m.why && g.series == m.series;
            });
            if (it == groups.end()) it = groups.insert(groups.end(), {m.why, m.series, {}});
            it->xs.push_back(m.x);
        }
        std::string list;
        for (const Group& g : groups)
            list += fmt::format("{}missing ({}): {}{}{} = {}", list.empty() ? "" : "; ", g.why,
                                g.series, g.series.empty() ? "" : " at ", layout.x,
                                fmt::join(g.xs, ", "));
        if (list.size() > 150) {
            std::size_t cut = 147;  // at a UTF-8 character boundary
            while (cut > 0 && (static_cast<unsigned char>(list[cut]) & 0xC0) == 0x80) --cut;
            list = list.substr(0, cut) + "...";
        }
        // A second title line (a fixed "\n" joins two literals), where it covers no data.
        note = " . \"\\n\" . " + gnuplotLiteral(list);
    }

    // Every name and the caption are literals: nothing in them is run or expanded.
    const std::string dat = gnuplotLiteral(base + ".dat");
    std::vector<std::string> clauses;
    const bool several = names.size() > 1;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string label = several ? names[i] + ": " : "";
        const std::size_t color = i + 1;
        clauses.push_back(fmt::format("{} index {} using 1:2 with linespoints pt 7 lc {} title {}",
                                      dat, i, color, gnuplotLiteral(label + "measured bits")));
        clauses.push_back(fmt::format("{} index {} using 1:3 with lines dt 2 lc {} title {}", dat,
                                      i, color, gnuplotLiteral(label + "construction bits")));
    }
    // The bound does not depend on the series' parameter in general: drawn for each series
    // in black, titled once (identical curves overlap).
    for (std::size_t i = 0; i < names.size(); ++i)
        clauses.push_back(
            fmt::format("{} index {} using 1:4 with linespoints pt 5 ps 0.8 lc rgb 'black' {}", dat,
                        i, i == 0 ? "title 'lower bound'" : "notitle"));
    const bool anyWrong = std::any_of(s.rows.begin(), s.rows.end(), [](const SweepRow& r) {
        return r.instances > 0 && r.correctFraction < 1.0;
    });
    for (std::size_t i = 0; anyWrong && i < names.size(); ++i)
        clauses.push_back(fmt::format(
            "{} index {} using 1:($6 > 0 ? $2 : NaN) with points pt 6 ps 2.2 lw 2 lc rgb "
            "'#d62728' {}",
            dat, i, i == 0 ? "title 'some instance answered wrongly'" : "notitle"));
    const std::string script = fmt::format(
        "# Written by ccsim sweep; edit and rerun with: gnuplot {0}.gp\n"
        "# command: {1}\n"
        "if (!exists('ccsim_output')) ccsim_output = {2}\n"
        "set terminal {3}\n"
        "set termoption noenhanced\n"
        "set output ccsim_output\n"
        "set title {4}{7} font ',10'\n"
        "set xlabel {5}\nset ylabel 'bits'\nset logscale xy\nset autoscale xfix\n"
        "set offsets graph 0.03, graph 0.03, 0, 0\nset key below font ',9'\nset grid\n"
        "{6}"
        "plot {8}\n",
        printable(base), printable(s.command), gnuplotLiteral(target), terminal,
        gnuplotLiteral(caption), gnuplotLiteral(layout.x), axes, note,
        fmt::join(clauses, ", \\\n     "));
    if (hi == 0)
        throw RunError(
            "--plot: no point of the sweep has bits to draw (every point is missing), so no plot "
            "was written");
    runGnuplot(files, data, script);
}

std::string gnuplotTerminal(const std::string& image) {
    const std::string ext = extensionOf(image);
    return ext == "svg"   ? "svg size 800,520 dynamic font 'sans,12'"
           : ext == "png" ? "pngcairo size 800,520 font 'sans,11'"
                          : "pdfcairo size 6in,3.9in font 'sans,9'";
}

std::string gnuplotString(std::string_view text) { return gnuplotLiteral(text); }

void runGnuplot(PlotFiles& files, const std::string& data, const std::string& script) {
    const std::string& base = files.base;
    files.data.commit(data);
    files.script.commit(script);
    // gnuplot writes the image to the temporary file, which then replaces the target.
    const std::string scriptPath = base + ".gp";
    const ProgramResult result = runProgram(
        {"gnuplot", "-e", "ccsim_output = " + gnuplotLiteral(files.imageFile.temporaryPath()),
         scriptPath.starts_with('-') ? "./" + scriptPath : scriptPath});
    if (result.status != 0) {
        // gnuplot's message is its first non-blank line.
        std::istringstream lines(result.output);
        std::string line, first;
        while (first.empty() && std::getline(lines, line))
            if (line.find_first_not_of(" \t") != std::string::npos) first = line;
        throw RunError(fmt::format("gnuplot failed on {}.gp: {}", base, printable(first)));
    }
    files.imageFile.commitAsWritten();
}

std::string plotSvg(const SweepReport& sweep, const PlotLayout& layout) {
    std::string pattern = (std::filesystem::temp_directory_path() / "ccsim-figure-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw RunError(
            fmt::format("cannot create a temporary directory: {}", std::strerror(errno)));
    struct Remove {
        std::string dir;
        ~Remove() {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    } remove{pattern};
    {
        PlotFiles files(pattern + "/figure.svg");
        writePlot(sweep, layout, files);
    }
    return files::readInput(pattern + "/figure.svg", "figure", files::kMaxInputBytes, false);
}

}  // namespace ccsim
