#include <cmath>
#include <initializer_list>

#include <doctest/doctest.h>

#include <ccsim/numeric/stats.hpp>

using namespace ccsim;

TEST_SUITE("numeric/stats") {
    TEST_CASE("Clopper-Pearson intervals match the published values") {
        // 0 of n: [0, 1 - (alpha/2)^(1/n)] in closed form (the "rule of three" is its
        // approximation 3/n).
        const ErrorRate none = clopperPearson(0, 3000);
        CHECK(none.estimate == 0);
        CHECK(none.lower == 0);
        CHECK(none.upper == doctest::Approx(1 - std::pow(0.025, 1.0 / 3000)).epsilon(1e-12));
        // n of n: [(alpha/2)^(1/n), 1].
        const ErrorRate all = clopperPearson(10, 10);
        CHECK(all.upper == 1);
        CHECK(all.lower == doctest::Approx(std::pow(0.025, 0.1)).epsilon(1e-12));
        // 5 of 10, 95%: [0.187086, 0.812914] (tables of the exact binomial interval).
        const ErrorRate half = clopperPearson(5, 10);
        CHECK(half.estimate == 0.5);
        CHECK(half.lower == doctest::Approx(0.187086).epsilon(1e-5));
        CHECK(half.upper == doctest::Approx(0.812914).epsilon(1e-5));
        // 1 of 20: [0.001265, 0.248733].
        const ErrorRate one = clopperPearson(1, 20);
        CHECK(one.lower == doctest::Approx(0.001265).epsilon(1e-3));
        CHECK(one.upper == doctest::Approx(0.248733).epsilon(1e-5));
    }

    TEST_CASE("the interval holds the estimate and narrows with more samples") {
        double width = 1;
        for (const std::uint64_t n : {100U, 1000U, 10000U, 100000U}) {
            const ErrorRate r = clopperPearson(n / 10, n);
            CHECK(r.lower < r.estimate);
            CHECK(r.estimate < r.upper);
            CHECK(r.upper - r.lower < width);
            width = r.upper - r.lower;
        }
    }
}
