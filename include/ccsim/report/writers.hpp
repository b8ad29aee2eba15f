#pragma once
/// \file
/// Report writers. Each turns the same Report value into one format; none computes anything.
///  - text: for people, fmt tables;
///  - json: nlohmann-json, schema "ccsim.run/2" (docs/report-format.md), keys in a fixed order;
///  - csv:  one header line and one row of the scalar facts (tables are in the JSON);
///  - html: one self-contained page for people (run reports only).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <ccsim/io/csv.hpp>
#include <ccsim/registry.hpp>
#include <ccsim/report/report.hpp>

namespace ccsim {

/// JSON text of every ccsim report: two-space indent, a final newline. Strings that are not
/// valid UTF-8 (a file name in another encoding, say) have each bad byte replaced by U+FFFD
/// instead of failing after the whole run.
template <class Json>
std::string dumpJson(const Json& j) {
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

enum class ReportFormat { Text, Json, Csv, Html };

/// A parameter value as every JSON report writes it: Int and Real values as numbers (the
/// value the plugin read, so "010" is 10), strings as strings.
nlohmann::ordered_json jsonValue(const std::string& value, ParamType type);
/// Every report's JSON provenance: {version, revision}, then `command` if not empty, then
/// `inputs` (each {what, path, bytes, sha256}) if the command read files.
nlohmann::ordered_json provenanceJson(const std::string& command,
                                      const std::vector<files::InputRecord>& inputs);
/// The parameters as one JSON object, in order.
nlohmann::ordered_json jsonParams(const std::vector<ParamValue>& params);

/// A report writer (`--report NAME`) as `ccsim list` and `ccsim explain` show it, registered
/// by writers.cpp.
struct WriterInfo {
    std::string name;
    ReportFormat format = ReportFormat::Text;
    std::string summary;
    std::string results;  ///< the commands whose results it writes
};
using WriterRegistry = Registry<WriterInfo>;

/// Parses a registered writer's name; UsageError otherwise.
ReportFormat parseReportFormat(std::string_view name);

std::string writeText(const Report& report);
nlohmann::ordered_json toJson(const Report& report);
std::string writeJson(const Report& report);
std::string writeCsv(const Report& report);
/// One self-contained HTML page (report/html.cpp): inline CSS and SVG, no scripts.
std::string writeHtml(const Report& report);
std::string write(const Report& report, ReportFormat format);

/// The layout `format` of any report value that has the three writers (writeText, writeJson
/// and writeCsv, found next to its type): what every command hands its value to.
template <class Value>
std::string writeAs(const Value& value, ReportFormat format) {
    switch (format) {
        case ReportFormat::Text:
            return writeText(value);
        case ReportFormat::Json:
            return writeJson(value);
        case ReportFormat::Csv:
            return writeCsv(value);
        case ReportFormat::Html:
            if constexpr (requires { writeHtml(value); }) return writeHtml(value);
            throw UsageError("--report html writes run reports only; use text, json or csv");
    }
    return {};
}

}  // namespace ccsim
