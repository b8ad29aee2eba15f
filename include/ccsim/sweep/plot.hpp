#pragma once
/// \file
/// `ccsim sweep --plot FILE`: the measured bits, the construction's bits and the lower bound
/// against the swept size, as a gnuplot data file, a script that can be edited and rerun,
/// and the image (SVG or PNG) gnuplot draws from them. Every name and title is passed to
/// gnuplot as a literal: nothing in them is run or expanded.

#include <string>

#include <ccsim/io/atomic_file.hpp>
#include <ccsim/report/sweep_report.hpp>

namespace ccsim {

/// The three files of --plot, claimed before any work: the data, the script, the image.
struct PlotFiles {
    /// target ends in .svg or .png (checkPlotTarget); data and script go beside it.
    explicit PlotFiles(const std::string& target);
    std::string image;
    std::string base;  ///< target without its extension
    AtomicFile data;
    AtomicFile script;
    AtomicFile imageFile;
};

/// UsageError unless a plot of a sweep with this size axis can be written to plotFile: one
/// swept integer parameter, a .svg or .png name without control characters, gnuplot installed.
void checkPlotTarget(const std::string& plotFile, const std::string& sizeAxis);

/// Writes the data and the script, runs gnuplot and commits the image; RunError if gnuplot
/// fails.
void writePlot(const SweepReport& sweep, PlotFiles& files);

}  // namespace ccsim
