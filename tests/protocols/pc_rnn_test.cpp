// pc_rnn: PC_k on an RNN over the two-block chain. Above the one-way bound pc_memory is right
// on every instance; below it (fewer coordinates, a narrower format, a random RNN) the
// witness search finds an instance the network gets wrong.

#include <doctest/doctest.h>

#include <ccsim/problem/pc.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

TEST_SUITE("protocols/pc_rnn") {
    TEST_CASE("pc_memory with m = 2n solves PC_3 at n = 4 on all 65536 instances") {
        VerifyOptions options;
        options.threads = 2;
        const BuiltReduction built = buildReduction("pc_rnn", {"n=4", "k=3"});
        const CheckResult r = check(*built.reduction, options);
        CHECK(r.verdict.outcome == Outcome::Correct);
        CHECK(r.verdict.bound.cls == BoundClass::OneWayAliceToBob);
        CHECK(r.verdict.bound.bits == 8);  // ceil(log2 4^4)
        CHECK(r.result.instances == 65536);
        CHECK(r.result.maxBits == 8 * 3);            // m = 8 coordinates of fixed:3:0
        CHECK(r.result.distinctTranscripts == 256);  // one message per f_A, as the bound says
    }

    TEST_CASE("pc_memory is right for every k it is asked, even k included") {
        VerifyOptions options;
        for (const char* k : {"k=2", "k=4", "k=5"}) {
            CAPTURE(k);
            const CheckResult r = check(*buildReduction("pc_rnn", {"n=3", k}).reduction, options);
            CHECK(r.verdict.outcome == Outcome::Correct);
            CHECK(r.result.incorrect == 0);
        }
    }

    TEST_CASE("below the bound: a witness, and its wrong instance really is wrong") {
        VerifyOptions options;
        options.threads = 2;
        for (const std::vector<std::string>& words :
             {std::vector<std::string>{"n=4", "k=3", "m=2"},
              std::vector<std::string>{"n=4", "k=3", "m=7", "precision=fixed:1:0"},
              std::vector<std::string>{"n=3", "k=3", "construction=random", "m=1",
                                       "precision=fixed:3:1"},
              std::vector<std::string>{"n=4", "k=2", "m=1", "precision=fixed:1:0"}}) {
            CAPTURE(words.size());
            const BuiltReduction built = buildReduction("pc_rnn", words);
            const CheckResult r = check(*built.reduction, options);
            REQUIRE(static_cast<double>(r.result.maxBits) < r.verdict.bound.bits);
            CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
            REQUIRE(r.search.witness.has_value());
            const InstanceRun& wrong = r.search.witness->wrongRun();
            CHECK(wrong.answer != built.reduction->problem().truth(wrong.instance));
            CHECK(r.result.incorrect > 0);
        }
    }

    TEST_CASE("sampled at n = 7, k = 5: correct, and the bound is ceil(7 log2 7) = 20") {
        VerifyOptions options;
        options.mode = VerifyMode::Sample;
        options.sampleCount = 500;
        const CheckResult r = check(*buildReduction("pc_rnn", {"n=7", "k=5"}).reduction, options);
        CHECK(r.verdict.outcome == Outcome::Correct);
        CHECK(r.verdict.bound.bits == 20);
        CHECK(r.result.maxBits == 14 * 4);
    }

    TEST_CASE("bad parameters are usage errors") {
        CHECK_THROWS_AS(buildReduction("pc_rnn", {"k=1"}), UsageError);
        CHECK_THROWS_AS(buildReduction("pc_rnn", {"construction=nope"}), UsageError);
        CHECK_THROWS_AS(buildReduction("pc_rnn", {"precision=fixed:0:0"}), UsageError);
    }
}
