// pc_decoder: the pointer-chasing decoder is exact with ceil(k/2) layers, its bits follow the
// strategies' closed forms, the verdict's bound class follows the protocol's rounds, and a
// shallower decoder computes v_{2L} instead of v_k.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <ccsim/problem/pc.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>

using namespace ccsim;

namespace {

CheckResult run(const std::vector<std::string>& words) {
    const BuiltReduction built = buildReduction("pc_decoder", words);
    VerifyOptions options;
    options.threads = 2;
    return check(*built.reduction, options);
}

}  // namespace

TEST_SUITE("protocols/pc_decoder") {
    TEST_CASE("ceil(k/2) layers chase every instance, in L·H(m + d_v + 2)p bits") {
        for (std::size_t n : {2U, 3U})
            for (std::size_t k = 2; k <= 6; ++k) {
                CAPTURE(n);
                CAPTURE(k);
                const CheckResult r =
                    run({fmt::format("n={}", n), fmt::format("k={}", k), "precision=fixed:12:8"});
                const std::size_t layers = (k + 1) / 2;
                CHECK(r.result.incorrect == 0);
                CHECK(r.verdict.outcome == Outcome::Correct);
                // One head per layer with m = d_v = n; Bob first, 2L messages.
                CHECK(r.result.maxBits == layers * (n + n + 2) * 12);
                CHECK(r.result.rounds == 2 * layers);
                // 2L >= k messages with Bob first are more rounds than PC_k's bound covers.
                CHECK(r.verdict.bound.cls == BoundClass::TwoWay);
            }
    }

    TEST_CASE("causal-prefix is one message against the exact one-way bound") {
        const CheckResult r = run({"n=3", "k=3", "strategy=causal-prefix"});
        CHECK(r.verdict.outcome == Outcome::Correct);
        CHECK(r.verdict.bound.cls == BoundClass::OneWayAliceToBob);
        CHECK(r.verdict.bound.bits == 5);  // ceil(3 log2 3)
        CHECK(r.result.maxBits == 2 * 3 * (3 + 3) * 32);
        const CheckResult p1 =
            run({"n=3", "k=4", "strategy=causal-prefix", "precision_model=embeddings"});
        CHECK(p1.verdict.outcome == Outcome::Correct);
    }

    TEST_CASE("a shallow decoder is held to the largest bound of its classes; it computes v_2L") {
        const BuiltReduction built = buildReduction("pc_decoder", {"n=3", "k=5", "L=1"});
        VerifyOptions options;
        const CheckResult r = check(*built.reduction, options);
        CHECK(r.result.rounds == 2);
        // Two messages, Bob first: round-limited (n/8 = 0.375 bits) and two-way (2 bits); the
        // two-way bound is the larger (it used to be judged against 0 bits).
        CHECK(r.verdict.bound.cls == BoundClass::TwoWay);
        CHECK(r.verdict.bound.bits == 2);
        CHECK(r.verdict.bound.executable);
        CHECK(r.result.incorrect > 0);
        // Above the bound and wrong: the decoder is too shallow, not too small.
        CHECK(r.verdict.outcome == Outcome::FailsAboveBound);
        ProtocolRunner runner(built.reduction->protocol());
        const Pc& pc = dynamic_cast<const Pc&>(built.reduction->problem());
        for (std::uint64_t i = 0; i < 200; ++i) {
            const Instance instance = pc.sample(i);
            const ProtocolOutput out = runner.run(built.reduction->encode(instance));
            CHECK(built.reduction->decode(out) ==
                  pcChase(instance.at(0).values, instance.at(1).values, 2));
        }
    }

    TEST_CASE("bad parameters are usage errors") {
        CHECK_THROWS_AS(buildReduction("pc_decoder", {"k=1"}), UsageError);
        CHECK_THROWS_WITH_AS(buildReduction("pc_decoder", {"k=3", "L=3"}),
                             doctest::Contains("ceil(k/2)"), UsageError);
        CHECK_THROWS_WITH_AS(buildReduction("pc_decoder", {"strategy=chain"}),
                             doctest::Contains("strategy"), UsageError);
        CHECK_THROWS_WITH_AS(
            buildReduction("pc_decoder", {"strategy=layerwise", "precision_model=embeddings"}),
            doctest::Contains("partial-sums"), UsageError);
    }
}
