// disj_qsa end to end: constructions that pass with bits above the bound, and models below
// the bound that must yield a witness — never a false "correct".

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

namespace {

CheckResult run(const std::vector<std::string>& words) {
    const BuiltReduction built = buildReduction("disj_qsa", words);
    VerifyOptions options;
    options.threads = 2;
    return check(*built.reduction, options);
}

bool disjoint(const Instance& instance) { return !instance[0].bits.intersects(instance[1].bits); }

}  // namespace

TEST_SUITE("protocols/disj_qsa") {
    TEST_CASE("qsa_random passes on every instance with one message per input of Alice") {
        const CheckResult r = run({"q=5", "precision=fixed:12:8"});
        CHECK(r.result.instances == 1024);
        CHECK(r.result.incorrect == 0);
        CHECK(r.result.distinctTranscripts == 32);
        CHECK(r.verdict.outcome == Outcome::Correct);
        CHECK(r.verdict.bound.cls == BoundClass::OneWayAliceToBob);
        // send-token: H(2m + d_v)p with the default m = 4q * ceil(log2 N) = 4*5*4 = 80.
        CHECK(r.result.maxBits == 1 * (2 * 80 + 1) * 12);
    }

    TEST_CASE("qsa_cyclic at fp64 and a two-head qsa_random pass too") {
        CHECK(run({"q=4", "construction=qsa_cyclic", "precision=fp64"}).verdict.outcome ==
              Outcome::Correct);
        const CheckResult two = run({"q=4", "H=2", "m=64", "precision=fp32"});
        CHECK(two.verdict.outcome == Outcome::Correct);
        CHECK(two.result.maxBits == 2 * (2 * 64 + 1) * 32);
    }

    TEST_CASE("every model below the bound yields a verified witness") {
        int configurations = 0;
        for (const char* q : {"q=4", "q=6", "q=7"}) {
            for (const char* precision : {"precision=fixed:1:0", "precision=fixed:2:1"}) {
                for (const char* seed : {"model_seed=1", "model_seed=2", "model_seed=3"}) {
                    CAPTURE(q);
                    CAPTURE(precision);
                    CAPTURE(seed);
                    const CheckResult r =
                        run({q, precision, seed, "construction=random", "m=1", "dprime=1"});
                    if (static_cast<double>(r.result.maxBits) >= r.verdict.bound.bits) continue;
                    ++configurations;
                    CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
                    REQUIRE(r.search.witness.has_value());
                    const InstanceRun& wrong = r.search.witness->wrongRun();
                    CHECK(wrong.answer != (disjoint(wrong.instance) ? 1U : 0U));
                    CHECK(r.result.incorrect > 0);
                }
            }
        }
        CHECK(configurations >= 10);
    }

    TEST_CASE("query-then-sums is two-way and is held against the fooling-set bound") {
        const CheckResult ok = run({"q=4", "strategy=query-then-sums", "precision=fp32", "m=64"});
        CHECK(ok.verdict.bound.cls == BoundClass::TwoWay);
        CHECK(ok.verdict.outcome == Outcome::Correct);
        // Hmp + H(d_v + 2)p = 64*32 + 3*32.
        CHECK(ok.result.maxBits == 64 * 32 + 3 * 32);
        const CheckResult low = run({"q=6", "strategy=query-then-sums", "construction=random",
                                     "m=1", "precision=fixed:1:0"});
        CHECK(low.result.maxBits == 4);
        CHECK(low.verdict.outcome == Outcome::FailsAsPredicted);
        REQUIRE(low.search.witness.has_value());
        CHECK(low.search.witness->argument == WitnessArgument::FoolingSet);
    }

    TEST_CASE("bad model settings are usage errors") {
        CHECK_THROWS_WITH_AS(buildReduction("disj_qsa", {"strategy=partial-sums"}),
                             doctest::Contains("cannot be public"), UsageError);
        CHECK_THROWS_WITH_AS(buildReduction("disj_qsa", {"q=4", "N=5"}),
                             doctest::Contains("N >= 2q + 1"), UsageError);
        CHECK_THROWS_WITH_AS(buildReduction("disj_qsa", {"construction=qsa_cyclic", "m=5"}),
                             doctest::Contains("m = 2q"), UsageError);
        CHECK_THROWS_WITH_AS(buildReduction("disj_qsa", {"weights=x.safetensors", "m=4"}),
                             doctest::Contains("does not apply to weights"), UsageError);
        CHECK_THROWS_WITH_AS(buildReduction("disj_qsa", {"precision=fixed:0:0"}),
                             doctest::Contains("out of range [1, 64]"), UsageError);
        CHECK_THROWS_WITH_AS(buildReduction("disj_qsa", {"weights=/nonexistent.safetensors"}),
                             doctest::Contains("cannot read"), UsageError);
        CHECK_THROWS_AS(buildReduction("disj_qsa", {"construction=qsa_randm"}), UsageError);
    }
}
