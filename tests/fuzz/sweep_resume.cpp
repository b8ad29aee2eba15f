// libFuzzer harness: the rows of an earlier sweep that `ccsim sweep --resume` reads back from
// its -o file, as CSV and as JSON (src/sweep/resume.cpp), and the CSV line splitter
// against ccsim's CSV quoting. Input: the file's contents. The current sweep is fixed: the
// one the seed corpus was written by.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <ccsim/report/writers.hpp>
#include <ccsim/sweep/resume.hpp>
#include <ccsim/sweep/sweep.hpp>

#include "fuzz.hpp"

using namespace ccsim;

namespace {

const std::string kCommand = "ccsim sweep disj_qsa q=2..3 m=auto --seed 1 --auto-max 1024";

void checkRows(const std::map<std::string, SweepRow>& rows, const std::vector<SweepAxis>& axes) {
    for (const auto& [point, row] : rows) {
        fuzz::require(point == row.point, "a row keyed by another point");
        for (const SweepAxis& a : axes)
            fuzz::require(row.values.count(a.name) == 1, "a row without axis " + a.name);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text(data, size);
    static const std::vector<SweepAxis> axes = parseAxes({"q=2..3", "m=auto"});
    for (ReportFormat format : {ReportFormat::Csv, ReportFormat::Json})
        fuzz::rejectsOnlyWithUsageError(
            [&] { checkRows(parsePreviousRows(text, "fuzz.out", format, kCommand, axes), axes); });
    // Fields written with ccsim's quoting split back into the same fields (one line: the
    // splitter does not take line breaks).
    if (text.find('\n') == std::string::npos) {
        const std::vector<std::string> fields = csvSplit(text);
        std::string line;
        for (std::size_t i = 0; i < fields.size(); ++i)
            line += (i == 0 ? "" : ",") + csvField(fields[i]);
        fuzz::require(csvSplit(line) == fields, "csvField and csvSplit disagree");
    }
    return 0;
}
