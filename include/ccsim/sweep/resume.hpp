#pragma once
/// \file
/// Resuming a sweep: the rows of an earlier `ccsim sweep -o FILE` (CSV or JSON), read back
/// and checked field by field, so that an interrupted sweep continues where it stopped. The
/// parser is separate from the file so that its fuzz harness (tests/fuzz/) can call it.

#include <map>
#include <string>
#include <vector>

#include <ccsim/report/sweep_report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/sweep/sweep.hpp>

namespace ccsim {

/// The rows in `text`, the contents of an earlier sweep's output file `path` (csv or json),
/// keyed by point. `command` and `axes` are the current sweep's: rows of another command
/// are a UsageError, and so is anything that cannot be read back.
std::map<std::string, SweepRow> parsePreviousRows(const std::string& text, const std::string& path,
                                                  ReportFormat format, const std::string& command,
                                                  const std::vector<SweepAxis>& axes);

/// The rows of `path` as parsePreviousRows reads them; none if the file does not exist.
std::map<std::string, SweepRow> readPreviousRows(const std::string& path, ReportFormat format,
                                                 const std::string& command,
                                                 const std::vector<SweepAxis>& axes);

}  // namespace ccsim
