#pragma once
/// \file
/// `ccsim sweep cc FUNCTION n=1..4 …`: the exact communication complexity (cc/report.hpp) of
/// one registered function over a grid of sizes, beside its textbook bounds, as a table, CSV
/// or a figure, to show where the exact values meet the formulas.

#include <string>
#include <vector>

#include <ccsim/cc/report.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/sweep/plot.hpp>

namespace ccsim {

struct CcSweep {
    std::string function;                          ///< "disj", "pc", …
    std::string command;                           ///< the command line, for the figure
    std::vector<std::string> swept;                ///< the parameters with two or more values
    std::vector<std::vector<std::string>> points;  ///< each point's name=value words
    std::vector<cc::Report> reports;               ///< one per point, in grid order
};

/// At most this many grid points (each is one exact analysis).
inline constexpr std::size_t kMaxCcSweepPoints = 256;

/// Every point's size is checked before any is analysed: UsageError for an unknown function,
/// an auto axis, too many points or a point beyond the exact search (naming the largest).
CcSweep runCcSweep(const std::string& function, const std::vector<std::string>& words,
                   cc::SatWhen sat);

/// One line per point: the parameters, the textbook bounds and the exact values beside them.
std::string ccSweepText(const CcSweep& s);
/// The rows of `ccsim cc --report csv`, under one header line.
std::string ccSweepCsv(const CcSweep& s);
/// UsageError unless exactly one parameter is swept (the x axis).
void checkCcPlot(const CcSweep& s);
/// Textbook two-way, D_nc and D (and the one-way pair) against the swept parameter.
void writeCcPlot(const CcSweep& s, PlotFiles& files);

}  // namespace ccsim
