// `ccsim sweep cc` (sweep/cc_sweep.hpp): the grid's reports are those of `ccsim cc` point by
// point, the CSV has one header, sizes are checked before any work, and the figure's data
// holds the values of the table.

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/sweep/cc_sweep.hpp>

using namespace ccsim;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_SUITE("sweep/cc") {
    TEST_CASE("each point is the report of ccsim cc at that point") {
        const CcSweep s = runCcSweep("pc", {"n=1..2", "k=2,3"}, cc::SatWhen::Off);
        REQUIRE(s.points.size() == 4);
        CHECK(s.swept == std::vector<std::string>{"n", "k"});
        CHECK(s.points[1] == std::vector<std::string>{"n=1", "k=3"});
        for (std::size_t i = 0; i < s.points.size(); ++i)
            CHECK(
                cc::jsonReport(s.reports[i]) ==
                cc::jsonReport(cc::analyse(cc::sourceOf("pc", s.points[i]), 2, cc::SatWhen::Off)));
        const std::string csv = ccSweepCsv(s);
        std::size_t lines = 0, headers = 0;
        std::istringstream in(csv);
        for (std::string line; std::getline(in, line); ++lines)
            headers += line.rfind("schema,", 0) == 0 ? 1 : 0;
        CHECK(lines == 5);
        CHECK(headers == 1);
    }

    TEST_CASE("the table shows each textbook bound beside the exact value") {
        const CcSweep s = runCcSweep("eq", {"n=1..3"}, cc::SatWhen::Off);
        const std::string text = ccSweepText(s);
        // n=3: textbook 3, D_nc 3, D 4, one-way textbook 3 and exact 3 and 3, rank 8, fooling 8.
        CHECK(
            text.find("  n=3                3     3   4            3      3      3       8        "
                      "8\n") != std::string::npos);
    }

    TEST_CASE("bad grids are refused before any work") {
        CHECK_THROWS_WITH_AS(runCcSweep("disj", {"n=1..5"}, cc::SatWhen::Off),
                             doctest::Contains("the largest is n=4"), UsageError);
        CHECK_THROWS_WITH_AS(runCcSweep("disj", {"n=auto"}, cc::SatWhen::Off),
                             doctest::Contains("nothing to minimise"), UsageError);
        CHECK_THROWS_WITH_AS(runCcSweep("matrix", {"file=m.csv"}, cc::SatWhen::Off),
                             doctest::Contains("sweeps the functions"), UsageError);
        CHECK_THROWS_WITH_AS(checkCcPlot(runCcSweep("pc", {"n=1..2", "k=2..3"}, cc::SatWhen::Off)),
                             doctest::Contains("exactly one swept parameter"), UsageError);
    }

    TEST_CASE("the figure's data are the table's values, one line per point") {
        const CcSweep s = runCcSweep("disj", {"n=1..3"}, cc::SatWhen::Off);
        const std::string base = std::string(P_tmpdir) + "/ccsim_cc_sweep_test";
        {
            PlotFiles files(base + ".svg");
            writeCcPlot(s, files);
        }
        const std::string data = slurp(base + ".dat");
        // x, textbook two-way, D_nc, D, textbook one-way, exact one-way.
        CHECK(data.find("\n1 1 1 2 1 1\n2 2 2 3 2 2\n3 3 3 4 3 3\n") != std::string::npos);
        CHECK(slurp(base + ".svg").find("<svg") != std::string::npos);
        CHECK(slurp(base + ".gp").find("exact D_nc") != std::string::npos);
        for (const char* ext : {".dat", ".gp", ".svg"}) std::remove((base + ext).c_str());
    }
}
