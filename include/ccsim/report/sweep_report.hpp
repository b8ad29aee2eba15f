#pragma once
/// \file
/// The value of `ccsim sweep` and its writers: one row per grid point, the power-law fits
/// against the swept size, and the text table, JSON (schema "ccsim.sweep/2") and CSV that
/// docs/report-format.md describes. The sweep itself (grid, auto search, resume, plots) is in
/// sweep/; nothing here computes.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ccsim/io/files.hpp>
#include <ccsim/numeric/stats.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>

namespace ccsim {

/// One row of a sweep: a grid point checked like `ccsim run` does.
struct SweepRow {
    std::string point;                          ///< the point's name=value words
    std::map<std::string, std::string> values;  ///< every axis value, auto included
    std::string autoValue;                      ///< "" without auto axis; "none" if none worked
    int autoEvaluations = 0;
    std::size_t bits = 0;
    std::size_t constructionBits = 0;  ///< closed-form bits with the auto parameter at its default
    double effectiveBits = 0;
    double bound = 0;
    std::string boundClass;
    std::uint64_t instances = 0;
    double correctFraction = 0;
    /// The verdict's outcome; empty when an auto search found no working value, and then
    /// `failure` says why.
    std::optional<Outcome> outcome;
    std::string failure;

    /// What the outcome column shows: the outcome's name, or the failure.
    std::string outcomeText() const { return outcome ? std::string(nameOf(*outcome)) : failure; }
    /// The exit code this row implies (exitCodeFor; 0 for a failed search, which ran nothing).
    int exitCode() const {
        return outcome ? exitCodeFor(*outcome, instances > 0 && correctFraction < 1.0) : 0;
    }
};

struct SweepReport {
    std::string command;  ///< canonical: only what changes results
    std::string reduction;
    std::string growth;             ///< the reduction's growth statement (text only)
    std::vector<std::string> axes;  ///< the swept parameters, in the order given
    /// Their declared types, one per axis (JSON writes Int and Real values as numbers).
    std::vector<ParamType> axisTypes;
    std::vector<files::InputRecord> inputs;  ///< the files the points read, with SHA-256
    std::vector<SweepRow> rows;
    /// The one swept integer parameter the fits are against; empty if there is none.
    std::string sizeAxis;
    std::optional<PowerFit> bitsFit, boundFit, constructionFit;

    /// The worst exit code of any row.
    int exitCode() const;
};

inline constexpr const char* kSweepSchema = "ccsim.sweep/2";

/// The per-row columns after the axis values, as CSV and JSON name them.
extern const std::vector<std::string> kSweepColumns;

std::string writeText(const SweepReport& sweep);
nlohmann::ordered_json toJson(const SweepReport& sweep);
std::string writeJson(const SweepReport& sweep);
std::string writeCsv(const SweepReport& sweep);
/// One self-contained HTML page (report/html.cpp): the fits, the figure (figureSvg, the SVG
/// text gnuplot drew; empty: none) inline, and a table of the points.
std::string writeHtml(const SweepReport& sweep, const std::string& figureSvg);
std::string write(const SweepReport& sweep, ReportFormat format);

}  // namespace ccsim
