// --resume reads back what a sweep wrote: a ccsim.sweep/2 JSON or CSV file read with
// parsePreviousRows gives rows that write the same report again, byte for byte, also for
// values given in a non-canonical form (n=02) and for rows without a bound (null / nan).

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/reduction.hpp>
#include <ccsim/report/sweep_report.hpp>
#include <ccsim/sweep/resume.hpp>
#include <ccsim/sweep/sweep.hpp>

using namespace ccsim;

TEST_SUITE("sweep/resume") {
    TEST_CASE("rows written as JSON or CSV read back into the same report") {
        const std::vector<std::pair<std::string, std::vector<std::string>>> sweeps = {
            {"disj_trivial", {"n=02,3"}},                  // typed values vs the point's text
            {"match3_nof", {"n=1", "M=5", "tau=0,2.50"}},  // no bound: null / nan
            {"disj_truncated", {"n=6", "k=auto"}},         // auto search without a result
        };
        for (const auto& sweep : sweeps) {  // no structured binding: clang cannot CAPTURE it
            CAPTURE(sweep.first);
            const SweepPlan plan = planSweep(
                ReductionRegistry::instance().get(sweep.first, "reduction"), sweep.second, 16);
            const VerifyOptions options;
            const SweepReport s = runSweep(plan, options, {}, {});
            for (const ReportFormat format : {ReportFormat::Json, ReportFormat::Csv}) {
                const std::string text = write(s, format);
                const auto rows = parsePreviousRows(text, "previous", format, s.command, plan.axes);
                REQUIRE(rows.size() == s.rows.size());
                // Every row comes from the file: the resumed report is the same text.
                const SweepReport resumed = runSweep(plan, options, rows, {});
                CHECK(write(resumed, format) == text);
            }
        }
    }
}
