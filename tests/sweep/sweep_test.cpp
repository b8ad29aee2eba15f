#include <cmath>
#include <limits>

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/sweep/sweep.hpp>

using namespace ccsim;

TEST_SUITE("sweep") {
    TEST_CASE("ranges, steps, lists and auto parse into axes") {
        const auto axes = parseAxes({"q=2..5", "p=4..16:4", "precision=fp16,fixed:8:4", "m=auto"});
        REQUIRE(axes.size() == 4);
        CHECK(axes[0].values == std::vector<std::string>{"2", "3", "4", "5"});
        CHECK(axes[1].values == std::vector<std::string>{"4", "8", "12", "16"});
        CHECK(axes[2].values == std::vector<std::string>{"fp16", "fixed:8:4"});
        CHECK(axes[3].automatic);
        CHECK(parseAxes({"n=7"})[0].values == std::vector<std::string>{"7"});
        CHECK(parseAxes({"n=3..3"})[0].values == std::vector<std::string>{"3"});
        // ".." in a value that does not start with an integer is not a range: a path.
        CHECK(parseAxes({"weights=../w.safetensors"})[0].values ==
              std::vector<std::string>{"../w.safetensors"});
        CHECK(parseAxes({"weights=a/../b,c"})[0].values == std::vector<std::string>{"a/../b", "c"});
    }

    TEST_CASE("malformed axes are usage errors that name the word") {
        CHECK_THROWS_WITH_AS(parseAxes({"q=5..2"}), "range q=5..2 is empty (5 > 2)", UsageError);
        CHECK_THROWS_WITH_AS(parseAxes({"q=2..x"}),
                             "range q=2..x needs integer ends, like q=2..16 or q=4..16:2",
                             UsageError);
        CHECK_THROWS_WITH_AS(parseAxes({"q=1..3:0"}),
                             "range q=1..3:0 has step '0', expected a positive integer",
                             UsageError);
        CHECK_THROWS_AS(parseAxes({"q="}), UsageError);
        CHECK_THROWS_AS(parseAxes({"q"}), UsageError);
        CHECK_THROWS_AS(parseAxes({"q=1,,2"}), UsageError);
        CHECK_THROWS_WITH_AS(parseAxes({"q=1", "q=2"}), "parameter q is given twice", UsageError);
        CHECK_THROWS_AS(parseAxes({"m=auto", "H=auto"}), UsageError);
        CHECK_THROWS_AS(parseAxes({"q=1..20000"}), UsageError);
    }

    TEST_CASE("ranges at the ends of the 64-bit integers neither overflow nor wrap") {
        CHECK(parseAxes({"q=9223372036854775800..9223372036854775807:5"})[0].values ==
              std::vector<std::string>{"9223372036854775800", "9223372036854775805"});
        CHECK(parseAxes({"q=-9223372036854775808..-9223372036854775807"})[0].values ==
              std::vector<std::string>{"-9223372036854775808", "-9223372036854775807"});
        // 2^64 values: the count must not wrap around to 0.
        CHECK_THROWS_WITH_AS(parseAxes({"q=-9223372036854775808..9223372036854775807"}),
                             doctest::Contains("has more than 10000 values"), UsageError);
        CHECK_THROWS_AS(parseAxes({"q=1..9223372036854775808"}), UsageError);
        // The search near the top of the range: no step overflows.
        const std::int64_t top = std::numeric_limits<std::int64_t>::max();
        CHECK(*minimalValue(top - 100, top, [&](std::int64_t v) { return v >= top - 3; }) ==
              top - 3);
        CHECK_FALSE(minimalValue(top - 100, top, [](std::int64_t) { return false; }).has_value());
    }

    TEST_CASE("the grid is the product of the axes, the last varying fastest") {
        const auto points = expandGrid(parseAxes({"q=1,2", "m=auto", "n=3..4"}));
        REQUIRE(points.size() == 4);
        CHECK(points[0] == std::vector<std::string>{"q=1", "n=3"});
        CHECK(points[1] == std::vector<std::string>{"q=1", "n=4"});
        CHECK(points[2] == std::vector<std::string>{"q=2", "n=3"});
        CHECK(points[3] == std::vector<std::string>{"q=2", "n=4"});
        CHECK_THROWS_AS(expandGrid(parseAxes({"a=1..200", "b=1..200"})), UsageError);
    }

    TEST_CASE("the minimal-value search finds every threshold with few evaluations") {
        for (std::int64_t threshold = 1; threshold <= 300; ++threshold) {
            int evaluations = 0;
            const auto found = minimalValue(
                1, 1000, [threshold](std::int64_t v) { return v >= threshold; }, &evaluations);
            REQUIRE(found.has_value());
            CHECK(*found == threshold);
            CHECK(evaluations <= 2 * static_cast<int>(std::ceil(std::log2(threshold + 1))) + 2);
        }
        CHECK_FALSE(minimalValue(1, 50, [](std::int64_t) { return false; }).has_value());
        CHECK(*minimalValue(5, 50, [](std::int64_t) { return true; }) == 5);
    }

    TEST_CASE("the minimal-value search returns a locally minimal passing value") {
        // Not monotone: passes at 7 and from 20 on. Whatever it returns passes, and the value
        // below it fails.
        auto ok = [](std::int64_t v) { return v == 7 || v >= 20; };
        const auto found = minimalValue(1, 100, ok);
        REQUIRE(found.has_value());
        CHECK(ok(*found));
        CHECK_FALSE(ok(*found - 1));
    }

    TEST_CASE("power-law fits recover slope and constant") {
        std::vector<double> x, y;
        for (double v : {2.0, 3.0, 5.0, 8.0, 13.0}) {
            x.push_back(v);
            y.push_back(3.0 * v * v);
        }
        const auto fit = fitPowerLaw(x, y);
        REQUIRE(fit.has_value());
        CHECK(fit->slope == doctest::Approx(2.0));
        CHECK(fit->constant == doctest::Approx(3.0));
        CHECK(fit->r2 == doctest::Approx(1.0));
        CHECK(fit->points == 5);
        CHECK_FALSE(fitPowerLaw({2.0, 2.0}, {1.0, 4.0}).has_value());
        CHECK_FALSE(fitPowerLaw({2.0}, {1.0}).has_value());
        // Points with zero or negative coordinates are left out.
        CHECK(fitPowerLaw({0.0, 1.0, 2.0}, {5.0, 1.0, 2.0})->slope == doctest::Approx(1.0));
    }
}

TEST_SUITE("sweep run") {
    TEST_CASE("a planned sweep runs every point, takes resumed rows as they are, and fits") {
        const ReductionInfo& info = ReductionRegistry::instance().get("disj_trivial", "reduction");
        const SweepPlan plan = planSweep(info, {"n=2..4"}, 1024);
        CHECK(plan.sizeAxis == "n");
        CHECK(plan.points.size() == 3);
        VerifyOptions options;
        checkSweepPoints(plan, options);
        CHECK(sweepCommandLine(plan, options) == "ccsim sweep disj_trivial n=2..4 --seed 1");

        std::size_t started = 0, computed = 0;
        SweepObserver observer;
        observer.starting = [&](std::size_t i, std::size_t total, const std::string& key) {
            CHECK(i == started);
            CHECK(total == 3);
            CHECK(key == plan.points[i][0]);
            ++started;
        };
        observer.computed = [&](const SweepReport& soFar) {
            CHECK(soFar.rows.size() == ++computed);
        };
        const SweepReport fresh = runSweep(plan, options, {}, observer);
        CHECK(started == 3);
        CHECK(computed == 3);
        REQUIRE(fresh.rows.size() == 3);
        for (std::size_t i = 0; i < 3; ++i) CHECK(fresh.rows[i].bits == i + 2);  // n bits
        REQUIRE(fresh.bitsFit.has_value());
        CHECK(fresh.bitsFit->slope == doctest::Approx(1.0));
        CHECK(fresh.exitCode() == 0);

        // A resumed row is taken as it is, not recomputed: a doctored one shows through.
        SweepRow doctored = fresh.rows[1];
        doctored.bits = 999;
        computed = 0;
        started = 0;
        observer.computed = [&](const SweepReport&) { ++computed; };
        const SweepReport resumed = runSweep(plan, options, {{"n=3", doctored}}, observer);
        CHECK(computed == 2);
        CHECK(resumed.rows[1].bits == 999);
        CHECK(resumed.rows[0].bits == 2);
    }

    TEST_CASE("a sweep plan refuses unknown parameters and auto on a non-size parameter") {
        const ReductionInfo& info = ReductionRegistry::instance().get("disj_qsa", "reduction");
        CHECK_THROWS_AS(planSweep(info, {"qq=2..3"}, 1024), UsageError);
        CHECK_THROWS_AS(planSweep(info, {"q=auto"}, 1024), UsageError);
        CHECK(planSweep(info, {"q=2..3", "precision=fp16,fp32"}, 1024).sizeAxis.empty());
    }
}
