// match3_nof: the NOF problem's views and truth, the no-bound verdict, the bit count on the
// blackboard, and a narrow format that answers wrongly (exit 1).

#include <doctest/doctest.h>

#include <ccsim/problem/nof_match3.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/verify/check.hpp>

using namespace ccsim;

TEST_SUITE("protocols/match3_nof") {
    TEST_CASE("no player holds its own block; the truth is Match3 at r by brute force") {
        const NofMatch3 problem(2, 5, 1);
        REQUIRE(problem.instanceCount() == std::optional<std::uint64_t>(15625));
        for (std::uint64_t i = 0; i < 15625; i += 7) {
            const Instance inst = problem.instance(i);
            const auto blocks = problem.blocks(inst);
            CHECK(problem.fromBlocks(blocks) == inst);
            for (int p = 0; p < 3; ++p) CHECK(inst[static_cast<std::size_t>(p)].values.size() == 4);
            // Player 2 holds x0 then x1; player 0 holds x1 then x2.
            CHECK(inst[2].values[0] == blocks[0][0]);
            CHECK(inst[0].values[3] == blocks[2][1]);
            std::vector<std::uint64_t> x = {1};
            for (const auto& b : blocks) x.insert(x.end(), b.begin(), b.end());
            bool any = false;
            for (std::uint64_t y : x)
                for (std::uint64_t z : x) any = any || (1 + y + z) % 5 == 0;
            CHECK(problem.truth(inst) == (any ? 1U : 0U));
        }
        CHECK(problem.lowerBounds().empty());
        CHECK(problem.relatedBounds().size() == 2);
        CHECK_THROWS_AS(problem.foolingPair(0), RunError);
    }

    TEST_CASE("match3_tensor is correct with 2(d_v + 2)p bits, and the verdict is no-bound") {
        VerifyOptions options;
        options.threads = 2;
        const BuiltReduction built = buildReduction("match3_nof", {"n=2", "M=5"});
        const CheckResult r = check(*built.reduction, options);
        CHECK(r.verdict.outcome == Outcome::NoBound);
        CHECK(r.verdict.bound.cls == BoundClass::NofDeterministic);
        CHECK(r.result.instances == 15625);
        CHECK(r.result.incorrect == 0);
        CHECK(r.result.maxBits == 2 * (4 + 2) * 16);
        CHECK_FALSE(r.search.witness.has_value());
        CHECK(r.search.searched == 0);

        const Report report = makeReport({built, options, r, "ccsim run match3_nof"});
        CHECK(report.exitCode() == 0);
        CHECK_FALSE(report.hasBound());
        CHECK(report.relatedBounds.size() == 2);
        const std::string text = writeText(report);
        CHECK(text.find("lower bound   none (number-on-forehead deterministic)") !=
              std::string::npos);
        CHECK(text.find("(context only, not compared)") != std::string::npos);
        CHECK(text.find("cost model    blackboard") != std::string::npos);
        const auto json = toJson(report);
        CHECK(json["bound"].is_null());
        CHECK(json["related_bounds"].size() == 2);
        CHECK(json["verdict"]["outcome"] == "no-bound");
    }

    TEST_CASE("a narrow format answers wrongly; the report exits 1 and names the instance") {
        VerifyOptions options;
        const BuiltReduction built =
            buildReduction("match3_nof", {"n=2", "M=5", "precision=fixed:4:1"});
        const CheckResult r = check(*built.reduction, options);
        CHECK(r.verdict.outcome == Outcome::NoBound);
        CHECK(r.result.maxBits == 2 * (4 + 2) * 4);
        CHECK(r.result.incorrect > 0);
        REQUIRE(r.result.firstIncorrect.has_value());
        const InstanceRun& wrong = *r.result.firstIncorrect;
        CHECK(wrong.answer != wrong.truth);
        CHECK(built.reduction->problem().truth(wrong.instance) == wrong.truth);
        const Report report = makeReport({built, options, r, "x"});
        CHECK(report.exitCode() == 1);
        CHECK(writeText(report).find("first wrong") != std::string::npos);
    }

    TEST_CASE("a target residue that matches itself is rejected") {
        CHECK_THROWS_WITH_AS(buildReduction("match3_nof", {"M=6", "r=2"}),
                             "target residue r=2 has 3r = 0 mod 6: it matches itself, so every "
                             "answer is 1; choose r with 3r != 0 mod M",
                             UsageError);
    }
}
