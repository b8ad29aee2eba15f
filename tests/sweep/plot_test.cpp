// --plot: which parameter is the x axis and which make the series, and the files gnuplot
// draws (one data block and one pair of curves per series, failing points marked, missing
// points named with their reason) in each of the three image formats.

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/sweep/plot.hpp>

using namespace ccsim;

namespace {

SweepPlan plan(const std::vector<std::string>& words) {
    return planSweep(ReductionRegistry::instance().get("disj_qsa", "reduction"), words, 64);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_SUITE("sweep/plot") {
    TEST_CASE("x is the first swept integer parameter; the other swept ones make the series") {
        const PlotLayout one = planPlot(plan({"q=2..4"}), "");
        CHECK(one.x == "q");
        CHECK(one.series.empty());
        const PlotLayout two = planPlot(plan({"q=2..4", "precision=fp16,fp32", "m=auto"}), "");
        CHECK(two.x == "q");
        CHECK(two.series == std::vector<std::string>{"precision"});  // auto is never a series
        const PlotLayout swapped = planPlot(plan({"q=2..4", "m=4..8:4"}), "q");
        CHECK(swapped.x == "m");
        CHECK(swapped.series == std::vector<std::string>{"q"});
        CHECK_THROWS_WITH_AS(planPlot(plan({"q=2..4", "precision=fp16,fp32"}), "m"),
                             doctest::Contains("--series m: not a swept parameter"), UsageError);
        CHECK_THROWS_WITH_AS(planPlot(plan({"q=3", "precision=fp16,fp32"}), ""),
                             doctest::Contains("needs a swept integer parameter for the x axis"),
                             UsageError);
        CHECK_THROWS_AS(checkPlotTarget("f.gif"), UsageError);
    }

    TEST_CASE("one data block and one pair of curves per series, in SVG, PNG and PDF") {
        const SweepPlan p = plan({"q=2..3", "construction=random", "m=1,2"});
        const SweepReport s = runSweep(p, VerifyOptions{}, {}, {});
        const PlotLayout layout = planPlot(p, "");
        for (const char* ext : {"svg", "png", "pdf"}) {
            CAPTURE(ext);
            const std::string base = std::string(P_tmpdir) + "/ccsim_plot_test";
            const std::string target = base + "." + ext;
            {
                PlotFiles files(target);
                writePlot(s, layout, files);
            }
            const std::string data = slurp(base + ".dat");
            const std::string script = slurp(base + ".gp");
            const std::string image = slurp(target);
            CHECK(count(data, "# series m=") == 2);
            CHECK(count(script, "measured bits'") == 2);
            CHECK(count(script, "index 1 using 1:2") == 1);
            // Random one-key models fail on some instance: the points are marked.
            CHECK(script.find("some instance answered wrongly") != std::string::npos);
            CHECK(script.find("# command: " + s.command) != std::string::npos);
            if (std::string(ext) == "svg") CHECK(image.find("<svg") != std::string::npos);
            if (std::string(ext) == "png") CHECK(image.rfind("\x89PNG", 0) == 0);
            if (std::string(ext) == "pdf") CHECK(image.rfind("%PDF", 0) == 0);
            for (const std::string& f : {base + ".dat", base + ".gp", target})
                std::remove(f.c_str());
        }
    }

    TEST_CASE("a point without a measurement is named, with its reason, under the title") {
        const SweepPlan p = plan({"q=2..5", "m=auto", "precision=fixed:8:4"});
        const SweepReport s = runSweep(p, VerifyOptions{}, {}, {});
        const std::string base = std::string(P_tmpdir) + "/ccsim_plot_missing";
        {
            PlotFiles files(base + ".svg");
            writePlot(s, planPlot(p, ""), files);
        }
        const std::string script = slurp(base + ".gp");
        CHECK(script.find("missing (no m in [1, 64] is correct): q = ") != std::string::npos);
        CHECK(slurp(base + ".dat").find("NaN") != std::string::npos);
        for (const char* e : {".dat", ".gp", ".svg"}) std::remove((base + e).c_str());
    }
}
