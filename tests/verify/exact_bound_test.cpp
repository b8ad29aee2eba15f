// The exact bound of a run (verify/verdict.hpp, exactBoundFor): the optimum of the bound's
// class computed from the problem's matrix, and the verdicts of runs between the textbook
// bound and it.

#include <string>

#include <doctest/doctest.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/problem/pc.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/verify/verdict.hpp>

using namespace ccsim;

namespace {

LowerBound boundOf(const Problem& p, BoundClass cls) {
    const std::optional<LowerBound> b = p.lowerBound(cls);
    REQUIRE(b.has_value());
    return *b;
}

}  // namespace

TEST_SUITE("verify/exact-bound") {
    TEST_CASE("one-way, two-way and round-limited optima of small problems") {
        const Disj disj(3);
        const auto oneWay = exactBoundFor(disj, boundOf(disj, BoundClass::OneWayAliceToBob));
        REQUIRE(oneWay.has_value());
        CHECK(oneWay->bits == 3);
        CHECK(oneWay->method.find("distinct rows") != std::string::npos);
        // PC_3 on [2]: the textbook two-way bound ceil(log2 2) = 1, the optimum 2.
        const Pc pc(2, 3);
        const auto twoWay = exactBoundFor(pc, boundOf(pc, BoundClass::TwoWay));
        REQUIRE(twoWay.has_value());
        CHECK(twoWay->bits == 2);
        CHECK(twoWay->bits == cc::answerNotChargedBits(cc::matrixOf(pc, kMaxExactBoundCells)));
        LowerBound rounds{BoundClass::RoundLimited, 1, "test", "test", ""};
        rounds.maxRounds = 1;
        rounds.firstSpeaker = 1;
        const auto limited = exactBoundFor(pc, rounds);
        REQUIRE(limited.has_value());
        CHECK(limited->bits ==
              cc::roundLimitedBits(cc::matrixOf(pc, kMaxExactBoundCells), 1, false));
        // Beyond 2^16 instances nothing is computed, and randomized classes never.
        CHECK_FALSE(exactBoundFor(Disj(9), boundOf(Disj(9), BoundClass::OneWayAliceToBob)));
        CHECK_FALSE(exactBoundFor(disj, boundOf(disj, BoundClass::RandomizedTwoWay)));
        // DISJ_4 two-way: 16 x 16 distinct, beyond the round search's 64 cells.
        CHECK_FALSE(exactBoundFor(Disj(4), boundOf(Disj(4), BoundClass::TwoWay)));
    }

    TEST_CASE("between the textbook bound and the optimum a run must fail") {
        const LowerBound textbook{BoundClass::TwoWay, 1, "ceil(log2 n)", "test", ""};
        const std::optional<ExactBound> exact = ExactBound{2, "test"};
        VerifyResult r;
        r.mode = VerifyMode::Exhaustive;
        r.instances = 16;
        r.correct = 12;
        r.incorrect = 4;
        r.maxBits = 1;
        WitnessSearch s;
        s.argument = WitnessArgument::FoolingSet;
        s.complete = true;
        Verdict v = decide(r, s, textbook, exact);
        CHECK(v.outcome == Outcome::FailsAsPredicted);
        CHECK(v.explanation.find("< exact bound 2") != std::string::npos);
        // Without the exact bound the same run is above the bound and merely too weak.
        CHECK(decide(r, s, textbook).outcome == Outcome::FailsAboveBound);
        // Right everywhere below the optimum: a miscount.
        r.correct = 16;
        r.incorrect = 0;
        CHECK(decide(r, s, textbook, exact).outcome == Outcome::Inconsistent);
        // A clean sample cannot refute.
        r.mode = VerifyMode::Sample;
        CHECK(decide(r, s, textbook, exact).outcome == Outcome::Undecided);
        // At the optimum, correct is correct.
        r.mode = VerifyMode::Exhaustive;
        r.maxBits = 2;
        CHECK(decide(r, s, textbook, exact).outcome == Outcome::Correct);
        // A textbook bound above the optimum is a contradiction.
        const LowerBound wrong{BoundClass::TwoWay, 3, "3", "test", ""};
        CHECK(decide(r, s, wrong, exact).outcome == Outcome::Inconsistent);
        // Not for an asymptotic bound, whose value at a small size proves nothing: bits 2
        // below its 3 is judged as below any non-executable bound (correct: undecided).
        LowerBound asymptotic = wrong;
        asymptotic.executable = false;
        CHECK(decide(r, s, asymptotic, exact).outcome == Outcome::Undecided);
    }

    TEST_CASE("a run report carries the exact bound") {
        const Report rep = checkAndReport("pc_decoder", {"n=2", "k=3"}, VerifyOptions{});
        REQUIRE(rep.exactBound.has_value());
        CHECK(rep.exactBound->bits == 2);
        CHECK(rep.bound.bits == 1);
        CHECK(rep.outcome == Outcome::Correct);
        CHECK(writeText(rep).find("exact bound   2 bits, 1 above the textbook bound") !=
              std::string::npos);
        CHECK(writeHtml(rep).find("<td>exact (computed)</td><td>2</td>") != std::string::npos);
        CHECK(toJson(rep)["exact_bound"]["bits"] == 2);
    }
}
