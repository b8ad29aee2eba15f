#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/io/process.hpp>
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

}  // namespace

PlotFiles::PlotFiles(const std::string& target)
    : image(target),
      base(target.substr(0, target.rfind('.'))),
      data(base + ".dat", "--plot data"),
      script(base + ".gp", "--plot script"),
      imageFile(target, "--plot") {}

void checkPlotTarget(const std::string& plotFile, const std::string& sizeAxis) {
    if (sizeAxis.empty())
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

void writePlot(const SweepReport& s, PlotFiles& files) {
    const std::string& target = files.image;
    const std::string& base = files.base;
    const std::string ext = target.substr(target.rfind('.') + 1);
    std::string data = fmt::format("# {}\n# {} bits construction_bits bound effective_bits\n",
                                   printable(s.command), s.sizeAxis);
    for (const SweepRow& r : s.rows)
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

}  // namespace ccsim
