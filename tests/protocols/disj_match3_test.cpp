// disj_match3: the exact Match3 encoding of DISJ (checked by brute force over triples), the
// histogram construction passing above the bound, and layers below it failing with a witness.

#include <doctest/doctest.h>

#include <ccsim/construct/match3.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

namespace {

/// Match3 at token 0 by brute force: j, k distinct, both different from 0.
bool match3(const std::vector<std::size_t>& x, std::size_t modulus) {
    for (std::size_t j = 1; j < x.size(); ++j)
        for (std::size_t k = j + 1; k < x.size(); ++k)
            if ((x[0] + x[j] + x[k]) % modulus == 0) return true;
    return false;
}

}  // namespace

TEST_SUITE("protocols/disj_match3") {
    TEST_CASE("the encoding: Match3 at the target holds exactly when the sets intersect") {
        for (std::size_t n = 1; n <= 5; ++n) {
            const std::size_t modulus = 8 * n + 3;
            const Disj disj(n);
            for (std::uint64_t i = 0; i < *disj.instanceCount(); ++i) {
                const Instance inst = disj.instance(i);
                // The encoding of docs/theory/disj_match3.md, written out independently of the
                // plugin.
                std::vector<std::size_t> x = {1};
                for (std::size_t k = 1; k <= n; ++k)
                    x.push_back(inst[0].bits[k - 1] ? n + k : 3 * n + 1);
                for (std::size_t k = 1; k <= n; ++k)
                    x.push_back(inst[1].bits[k - 1] ? modulus - 1 - n - k : 3 * n + 1);
                CHECK(match3(x, modulus) == (disj.truth(inst) == 0));
            }
        }
    }

    TEST_CASE("the histogram read-out counts residues other than the token's own") {
        // M = 7, tokens {1, 2, 4}: 1 + 2 + 4 = 7 ≡ 0.
        Vector h = Vector::Zero(7);
        h[1] = 1.0 / 3;
        h[2] = 1.0 / 3;
        h[4] = 1.0 / 3;
        CHECK(match3FromHistogram(h, 3, 1, 7));
        // Tokens {1, 3, 3}: 1 + 3 + 3 = 7, two distinct tokens of residue 3.
        h.setZero();
        h[1] = 1.0 / 3;
        h[3] = 2.0 / 3;
        CHECK(match3FromHistogram(h, 3, 1, 7));
        // Tokens {1, 3}: only one 3, and the token itself may not be reused.
        h.setZero();
        h[1] = 0.5;
        h[3] = 0.5;
        CHECK_FALSE(match3FromHistogram(h, 2, 1, 7));
    }

    TEST_CASE("match3_histogram passes with (8n + 5)p bits; layers below n bits fail") {
        VerifyOptions options;
        options.threads = 2;
        for (const char* n : {"n=2", "n=5"}) {
            CAPTURE(n);
            const CheckResult r = check(*buildReduction("disj_match3", {n}).reduction, options);
            CHECK(r.verdict.outcome == Outcome::Correct);
            CHECK(r.verdict.bound.cls == BoundClass::OneWayAliceToBob);
        }
        const CheckResult five = check(*buildReduction("disj_match3", {"n=5"}).reduction, options);
        CHECK(five.result.maxBits == (8 * 5 + 5) * 8);
        int below = 0;
        for (const char* seed : {"model_seed=1", "model_seed=2", "model_seed=3"}) {
            const CheckResult low =
                check(*buildReduction("disj_match3",
                                      {"n=6", "construction=random", "precision=fixed:1:0", seed})
                           .reduction,
                      options);
            REQUIRE(low.result.maxBits == 3);
            ++below;
            CHECK(low.verdict.outcome == Outcome::FailsAsPredicted);
            REQUIRE(low.search.witness.has_value());
            const InstanceRun& wrong = low.search.witness->wrongRun();
            const bool disjoint = !wrong.instance[0].bits.intersects(wrong.instance[1].bits);
            CHECK(wrong.answer != (disjoint ? 1U : 0U));
        }
        CHECK(below == 3);
    }
}
