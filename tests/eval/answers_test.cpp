// cc --from-run (include/ccsim/eval/answers.hpp): the answer matrix of a protocol, against
// the problem's own matrix.

#include <doctest/doctest.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/answers.hpp>
#include <ccsim/problem/disj.hpp>

using namespace ccsim;

TEST_SUITE("eval/answers") {
    TEST_CASE("a correct protocol's answers are the problem's matrix; a truncated one's are not") {
        const cc::CommMatrix truth = cc::matrixOf(Disj(3), 1 << 20);
        const cc::Source trivial = answerSource("disj_trivial", {"n=3"});
        REQUIRE(trivial.run);
        CHECK(trivial.matrix.values == truth.values);
        CHECK(trivial.run->bits == 3);
        CHECK(trivial.run->wrongCells == 0);
        const cc::Source cut = answerSource("disj_truncated", {"n=3", "k=2"});
        REQUIRE(cut.run);
        std::uint64_t differ = 0;
        for (std::size_t i = 0; i < truth.values.size(); ++i)
            differ += cut.matrix.values[i] != truth.values[i] ? 1 : 0;
        CHECK(differ > 0);
        CHECK(cut.run->wrongCells == differ);
        CHECK(cut.run->bits == 2);
        // It computes DISJ on two coordinates: 4 distinct rows, D = 3 = its bits + the answer.
        CHECK(cc::distinctLines(cut.matrix, false) == 4);
        const cc::ExactResult exact = cc::exactTwoWay(cut.matrix);
        CHECK(exact.bits == 3);
        CHECK(exact.bits <= static_cast<int>(cut.run->bits) + 1);
        CHECK(cc::exactTwoWay(truth).bits == 4);
    }

    TEST_CASE("problems without a small two-party matrix are refused in one line") {
        CHECK_THROWS_WITH_AS(answerSource("disj_trivial", {"n=9"}),
                             doctest::Contains("more than the 65536 ccsim tabulates"), UsageError);
    }
}
