// qsa_fnn end to end: fnn_copy correct above the bound, narrow first layers below it with both
// the pigeonhole witness and the null-vector certificate, and bad settings (faithfulness:
// tests/compile/faithfulness_test.cpp and the conformance suite).

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/first_layer.hpp>
#include <ccsim/construct/fnn.hpp>
#include <ccsim/error.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/verify/check.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

namespace {

CheckResult run(const std::vector<std::string>& words) {
    const BuiltReduction built = buildReduction("qsa_fnn", words);
    VerifyOptions options;
    options.threads = 2;
    return check(*built.reduction, options);
}

}  // namespace

TEST_SUITE("protocols/qsa_fnn") {
    TEST_CASE("fnn_copy is correct on every instance, with r·p >= (N/2)·d'") {
        // N=8, d'=1: INDEX_4; Alice's rows are z and y of tokens 0..3: r = 4·(1 + 1) = 8.
        const CheckResult a = run({"N=8", "precision=fixed:4:1"});
        CHECK(a.result.instances == 4 * 16);
        CHECK(a.result.incorrect == 0);
        CHECK(a.verdict.outcome == Outcome::Correct);
        CHECK(a.verdict.bound.cls == BoundClass::OneWayAliceToBob);
        CHECK(a.verdict.bound.bits == 4);
        CHECK(a.result.maxBits == 8 * 4);
        CHECK(a.result.distinctTranscripts == 16);
        // d' = 2, q = 2: INDEX_6 over z = ±1/√2, r = 3·(2 + 2) = 12 rows of fp32.
        const CheckResult b = run({"N=6", "q=2", "dprime=2"});
        CHECK(b.result.incorrect == 0);
        CHECK(b.verdict.outcome == Outcome::Correct);
        CHECK(b.verdict.bound.bits == 6);
        CHECK(b.result.maxBits == 12 * 32);
    }

    TEST_CASE("narrow random first layers below the bound fail with a verified witness") {
        int below = 0;
        for (const char* w : {"w=1", "w=2", "w=3"})
            for (const char* seed : {"model_seed=1", "model_seed=2"}) {
                CAPTURE(w);
                CAPTURE(seed);
                const CheckResult r =
                    run({"N=16", "construction=random", w, seed, "precision=fixed:2:1"});
                REQUIRE(static_cast<double>(r.result.maxBits) < r.verdict.bound.bits);
                ++below;
                CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
                REQUIRE(r.search.witness.has_value());
                CHECK(r.search.witness->wrongRun().answer != r.search.witness->wrongRun().truth);
                CHECK(r.result.incorrect > 0);
            }
        CHECK(below == 6);
    }

    TEST_CASE("the report carries the null-vector certificate below the width bound") {
        const BuiltReduction built = buildReduction(
            "qsa_fnn", {"N=12", "q=2", "construction=random", "w=4", "precision=fixed:2:1"});
        const auto certs = built.reduction->certificates();
        REQUIRE(certs.size() == 1);
        CHECK(certs[0].name == "null_vector");
        const nlohmann::json data = nlohmann::json::parse(certs[0].json);
        CHECK(data["found"] == true);
        CHECK(data["rank"] == 4);
        CHECK(data["first_layer_max_abs_diff"].get<double>() < 1e-12);
        CHECK(data["qsa_distance"].get<double>() == doctest::Approx(1.0));  // 2/q
        CHECK(data["z_x"].size() == 6);
        // Whichever output the model gives, it misses one of the two by at least 1/q.
        CHECK(std::max(data["error_x"].get<double>(), data["error_x_prime"].get<double>()) >=
              0.5 - 1e-9);

        VerifyOptions options;
        const CheckResult r = check(*built.reduction, options);
        const Report report = makeReport({built, options, r, "ccsim run qsa_fnn"});
        const std::string text = writeText(report);
        CHECK(text.find("certificate null_vector: the first layer (w=4 < (N/2)·d' = 6)") !=
              std::string::npos);
        const nlohmann::json json = nlohmann::json::parse(writeJson(report));
        CHECK(json["certificates"][0]["data"]["found"] == true);
        // fnn_copy: full rank, the certificate says so and holds no pair.
        const BuiltReduction copy = buildReduction("qsa_fnn", {"N=8"});
        const nlohmann::json none = nlohmann::json::parse(copy.reduction->certificates()[0].json);
        CHECK(none["found"] == false);
        CHECK(none["rank"] == 4);
    }

    TEST_CASE("bad settings are usage errors") {
        CHECK_THROWS_WITH_AS(run({"N=8", "q=5"}), doctest::Contains("q=5 out of range"),
                             UsageError);
        CHECK_THROWS_WITH_AS(run({"N=8", "construction=lstm"}),
                             doctest::Contains("unknown construction 'lstm'"), UsageError);
        CHECK_THROWS_AS(run({"N=8", "w=3"}), UsageError);  // w is read only by random
    }
}
