#pragma once
// Internal to the ccsim binary: reading back the rows of an earlier `ccsim sweep -o FILE`
// for --resume (src/cli/sweep_resume.cpp). In a header of its own so that the fuzz harness
// in tests/fuzz/ can call the parser without the rest of the command.

#include <map>
#include <string>
#include <vector>

#include <ccsim/report/writers.hpp>
#include <ccsim/sweep/sweep.hpp>

namespace ccsim::cli {

/// Splits one CSV line (RFC 4180 quoting, no embedded line breaks).
std::vector<std::string> csvSplit(const std::string& line);

/// The rows in `text`, the contents of an earlier sweep's output file `path` (csv or json),
/// keyed by point. `command` and `axes` are the current sweep's: rows of another command
/// are a UsageError, and so is anything that cannot be read back.
std::map<std::string, SweepRow> parsePreviousRows(const std::string& text, const std::string& path,
                                                  ReportFormat format, const std::string& command,
                                                  const std::vector<SweepAxis>& axes);

}  // namespace ccsim::cli
