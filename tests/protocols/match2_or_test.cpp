// match2_or: the two-party Match2 problem (instances, truth, both lower-bound arguments), the
// 1-bit OR protocol built on match2_trig passing at the bound, the 0-bit one failing with a
// witness, and the contrast with disj_match3 on the same DISJ-encoded residues.

#include <cmath>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/problem/match2.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/match.hpp>
#include <ccsim/verify/check.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

TEST_SUITE("protocols/match2_or") {
    TEST_CASE("the problem enumerates M^(2n) instances and answers Match2 at the target") {
        const Match2Problem p(2, 5, 2);  // partner 3
        REQUIRE(p.instanceCount() == std::optional<std::uint64_t>(625));
        CHECK(p.log2Instances() == doctest::Approx(4 * std::log2(5.0)));
        std::uint64_t ones = 0;
        for (std::uint64_t i = 0; i < 625; ++i) {
            const Instance inst = p.instance(i);
            // The full sequence (t, a, b) and the task's own Match2 at position 0.
            std::vector<std::uint64_t> x = {2};
            for (const auto& party : inst)
                x.insert(x.end(), party.values.begin(), party.values.end());
            const bool want = match2At(x, 0, MatchSpec{5, true});
            CHECK(want == match2At(x, 0, MatchSpec{5, false}));  // 2t != 0: no self-match
            CHECK(p.truth(inst) == (want ? 1U : 0U));
            ones += p.truth(inst);
        }
        // No 3 among four residues: 4^4 = 256 instances answer 0.
        CHECK(ones == 625 - 256);
        CHECK(p.instance(7)[0].values == std::vector<std::uint64_t>{2, 1});
        CHECK(p.show(p.instance(7)) == "a=(2,1) b=(0,0)");
    }

    TEST_CASE("both lower-bound arguments hold: separated sender inputs, a fooling set") {
        const Match2Problem p(3, 7, 1);
        CHECK(p.lowerBound(BoundClass::OneWayAliceToBob)->bits == 1);
        CHECK(p.lowerBound(BoundClass::TwoWay)->bits == 1);
        const PartyInput a0 = p.senderInput(0), a1 = p.senderInput(1);
        const PartyInput b = p.separate(a0, a1);
        CHECK(p.truth({a0, b}) != p.truth({a1, b}));
        const Instance f0 = p.foolingPair(0), f1 = p.foolingPair(1);
        CHECK(p.truth(f0) == 1);
        CHECK(p.truth(f1) == 1);
        CHECK((p.truth({f0[0], f1[1]}) == 0 || p.truth({f1[0], f0[1]}) == 0));
    }

    TEST_CASE("a target matching itself and a modulus below 3 are usage errors") {
        CHECK_THROWS_AS(Match2Problem(2, 8, 4), UsageError);
        CHECK_THROWS_AS(Match2Problem(2, 8, 0), UsageError);
        CHECK_THROWS_AS(Match2Problem(2, 2, 1), UsageError);
        CHECK_THROWS_AS(buildReduction("match2_or", {"M=6", "target=3"}), UsageError);
        CHECK_THROWS_AS(buildReduction("match2_or", {"via=oracle"}), UsageError);
    }

    TEST_CASE("one bit from match2_trig is correct at the bound; zero bits fail with a witness") {
        VerifyOptions options;
        options.threads = 2;
        for (const char* via : {"via=model", "via=predicate"}) {
            CAPTURE(via);
            const CheckResult r =
                check(*buildReduction("match2_or", {"n=3", "M=7", via}).reduction, options);
            CHECK(r.result.maxBits == 1);
            CHECK(r.verdict.outcome == Outcome::Correct);
            CHECK(r.verdict.bound.cls == BoundClass::OneWayAliceToBob);
            CHECK(r.verdict.bound.bits == 1);
        }
        const CheckResult low =
            check(*buildReduction("match2_or", {"n=3", "M=7", "bits=0"}).reduction, options);
        CHECK(low.result.maxBits == 0);
        CHECK(low.verdict.outcome == Outcome::FailsAsPredicted);
        REQUIRE(low.search.witness.has_value());
        const InstanceRun& wrong = low.search.witness->wrongRun();
        CHECK(wrong.answer != wrong.truth);
        // Bob alone cannot see Alice's partner: the wrong run is one where only she has it.
        const Match2Problem p(3, 7, 1);
        CHECK(p.holdsPartner(wrong.instance[0]));
        CHECK_FALSE(p.holdsPartner(wrong.instance[1]));
    }

    TEST_CASE("on disj_match3's DISJ-encoded residues one bit computes Match2 at the target") {
        // Same inputs as disj_match3 (docs/theory/match2_or.md): N = 2n + 1, M = 8n + 3, target 1.
        // There Match3 needs n bits; Match2 costs 1 bit and agrees with the task. (No token
        // of the encoding is -1 = 8n + 2, so Match2 at the target is 0 on all of them.)
        const std::size_t n = 4, m = 8 * n + 3;
        const Disj disj(n);
        const auto built = buildReduction("match2_or", {"n=4", fmt::format("M={}", m), "target=1"});
        ProtocolRunner runner(built.reduction->protocol());
        for (std::uint64_t i = 0; i < *disj.instanceCount(); ++i) {
            const Instance d = disj.instance(i);
            Instance inst(2);
            std::vector<std::uint64_t> x = {1};
            for (std::size_t k = 1; k <= n; ++k)
                inst[0].values.push_back(d[0].bits[k - 1] ? n + k : 3 * n + 1);
            for (std::size_t k = 1; k <= n; ++k)
                inst[1].values.push_back(d[1].bits[k - 1] ? m - 1 - n - k : 3 * n + 1);
            for (const auto& party : inst)
                x.insert(x.end(), party.values.begin(), party.values.end());
            const ProtocolOutput out = runner.run(built.reduction->encode(inst));
            CHECK(runner.transcript().totalBits() == 1);
            CHECK(out.answer == (match2At(x, 0, MatchSpec{m, true}) ? 1U : 0U));
            CHECK(out.answer == 0);
        }
    }
}
