// The resource limits: size parsing and formatting, and the refusals every command relies on.

#include <doctest/doctest.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>

using namespace ccsim;

namespace {

/// Sets the limits for one test and restores them after.
struct ScopedLimits {
    ResourceLimits saved = resourceLimits();
    ScopedLimits(double bytes, double seconds) { resourceLimits() = {bytes, seconds}; }
    ~ScopedLimits() { resourceLimits() = saved; }
};

}  // namespace

TEST_SUITE("budget") {
    TEST_CASE("sizes parse in decimal and binary units") {
        CHECK(parseBytes("--max-memory", "0") == 0);
        CHECK(parseBytes("--max-memory", "1234") == 1234);
        CHECK(parseBytes("--max-memory", "8G") == 8e9);
        CHECK(parseBytes("--max-memory", "8GB") == 8e9);
        CHECK(parseBytes("--max-memory", "512M") == 512e6);
        CHECK(parseBytes("--max-memory", "1.5GiB") == 1.5 * 1024 * 1024 * 1024);
        CHECK(parseBytes("--max-memory", "2k") == 2000);
        CHECK(parseBytes("--max-memory", "3Ki") == 3072);
        for (const char* bad : {"", "G", "-1G", "12X", "1e30", "nan", "8 G", "1.2.3"})
            CHECK_THROWS_WITH_AS(parseBytes("--max-memory", bad), doctest::Contains("--max-memory"),
                                 UsageError);
    }

    TEST_CASE("sizes and durations print in readable units") {
        CHECK(formatBytes(512) == "512 B");
        CHECK(formatBytes(138e9) == "138 GB");
        CHECK(formatBytes(2.64e13) == "26.4 TB");
        CHECK(formatDuration(5.04) == "5.0 s");
        CHECK(formatDuration(552) == "9.2 min");
    }

    TEST_CASE("requireMemory and requireWork refuse exactly above the limits") {
        const ScopedLimits limits(1e9, 10);
        CHECK_NOTHROW(requireMemory(1e9, "x", "y", "z"));
        CHECK_THROWS_WITH_AS(requireMemory(1.1e9, "the model", "its weights", "use less"),
                             doctest::Contains("the model needs about 1.1 GB (its weights), over "
                                               "the memory limit of 1 GB (--max-memory); use less"),
                             UsageError);
        CHECK_NOTHROW(requireWork(10 * kFastestOperationsPerSecond, "x", "y"));
        CHECK_THROWS_WITH_AS(requireWork(11 * kFastestOperationsPerSecond, "the pass", "less"),
                             doctest::Contains("over the --max-time limit of 10 s; less"),
                             UsageError);
        CHECK(withinLimits(1e9, 10 * kFastestOperationsPerSecond));
        CHECK_FALSE(withinLimits(2e9, 0));
        CHECK_FALSE(withinLimits(0, 20 * kFastestOperationsPerSecond));
        CHECK(matrixBytes(1000, 1000, 2) == 16e6);
    }

    TEST_CASE("a limit of 0 means none") {
        const ScopedLimits limits(0, 0);
        CHECK_NOTHROW(requireMemory(1e30, "x", "y", "z"));
        CHECK_NOTHROW(requireWork(1e30, "x", "y"));
        CHECK(withinLimits(1e30, 1e30));
    }

    TEST_CASE("the default memory limit is a share of this machine's memory") {
        const double limit = defaultMemoryLimit();
        CHECK(limit > 1e8);  // any machine that builds ccsim has more than 125 MB
        CHECK(limit < 1e15);
    }
}
