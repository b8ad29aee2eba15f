#pragma once
/// \file
/// `ccsim sweep --plot FILE`: the measured bits, the construction's bits and the lower bound
/// against a swept integer parameter, one series per value of the other swept parameters (or
/// of `--series NAME`), as a gnuplot data file, a script that can be edited and rerun, and
/// the image gnuplot draws from them (SVG, PNG or PDF, by the file's extension; the cairo
/// terminals for PNG and PDF). Points where some instance was answered wrongly are marked;
/// points without a measurement are named, with the reason, on the figure. Every name and
/// title is passed to gnuplot as a literal: nothing in them is run or expanded.

#include <string>
#include <string_view>
#include <vector>

#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/sweep_report.hpp>
#include <ccsim/sweep/sweep.hpp>

namespace ccsim {

/// Which swept parameter is the x axis and which make the series.
struct PlotLayout {
    std::string x;                    ///< a swept integer parameter (two or more values)
    std::vector<std::string> series;  ///< one series per combination of their values
};

/// The layout of a sweep's plot: with `series` given, that swept parameter makes the series
/// and x is the first other swept integer parameter; without it, x is the first swept
/// integer parameter and every other swept parameter (two or more values, not auto) makes
/// the series. UsageError if there is no x axis or `series` is not a swept parameter.
PlotLayout planPlot(const SweepPlan& plan, const std::string& series);

/// The three files of --plot, claimed before any work: the data, the script, the image.
struct PlotFiles {
    /// target ends in .svg, .png or .pdf (checkPlotTarget); data and script go beside it.
    explicit PlotFiles(const std::string& target);
    std::string image;
    std::string base;  ///< target without its extension
    AtomicFile data;
    AtomicFile script;
    AtomicFile imageFile;
};

/// UsageError unless plotFile is a .svg, .png or .pdf name without control characters and
/// gnuplot is installed.
void checkPlotTarget(const std::string& plotFile);

/// Writes the data and the script, runs gnuplot and commits the image; RunError if gnuplot
/// fails.
void writePlot(const SweepReport& sweep, const PlotLayout& layout, PlotFiles& files);

/// gnuplot's terminal line for an image file name ending in .svg, .png or .pdf.
std::string gnuplotTerminal(const std::string& image);
/// A gnuplot string constant taken literally: nothing in it is run or expanded.
std::string gnuplotString(std::string_view text);
/// Commits the data and the script, runs gnuplot on the script with the image going to
/// its temporary file, and commits the image; RunError with gnuplot's message if it fails.
void runGnuplot(PlotFiles& files, const std::string& data, const std::string& script);

/// The same figure as SVG text, drawn in a temporary directory that is removed again (for
/// the HTML report, which shows it inline).
std::string plotSvg(const SweepReport& sweep, const PlotLayout& layout);

}  // namespace ccsim
