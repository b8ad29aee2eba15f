#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/construct/match2.hpp>
#include <ccsim/error.hpp>
#include <ccsim/task/match.hpp>

using namespace ccsim;

namespace {

struct Tally {
    std::uint64_t outputs = 0;
    std::uint64_t wrong = 0;
};

/// Every sequence in [0, M)^N, every position: match2_trig's answer against match2().
Tally exhaustive(std::size_t n, std::size_t m, const std::string& format, PrecisionModel precision,
                 bool distinct) {
    const auto model = makeMatch2Trig(m, n, 0, distinct);
    const Format f = Format::parse(format);
    std::vector<int> blocks(n);
    for (std::size_t j = 0; j < n; ++j) blocks[j] = j < n / 2 ? 0 : 1;
    std::uint64_t total = 1;
    for (std::size_t k = 0; k < n; ++k) total *= m;
    Tally tally;
    for (std::uint64_t idx = 0; idx < total; ++idx) {
        const auto x = matchSequence(n, m, idx);
        const auto truth = match2(x, MatchSpec{m, distinct});
        const Matrix tokens = distinct ? match2PositionTokens(x, m) : matchTokens(x, m);
        for (std::size_t i = 0; i < n; ++i) {
            const Vector out = model->forwardQuantized(tokens, i, f, precision, blocks);
            ++tally.outputs;
            if (match2FromTrig(out, x[i], m, distinct ? n : 0) != truth[i]) ++tally.wrong;
        }
    }
    return tally;
}

}  // namespace

TEST_SUITE("construct/match2") {
    TEST_CASE("the trig scores peak exactly at partners") {
        const std::size_t m = 7;
        const auto model = makeMatch2Trig(m, 4);
        CHECK(model->keyDim() == 2);
        CHECK(model->valueDim() == 2);
        for (std::uint64_t a = 0; a < m; ++a) {
            const Embedding ea = model->embed(Vector::Constant(1, static_cast<double>(a)), 0);
            for (std::uint64_t b = 0; b < m; ++b) {
                const Embedding eb = model->embed(Vector::Constant(1, static_cast<double>(b)), 1);
                const double score = ea.q[0].dot(eb.k[0]);
                CHECK(score == doctest::Approx(std::cos(2 * M_PI * double(a + b) / double(m))));
                CHECK((score > 1 - 1e-12) == ((a + b) % m == 0));
            }
        }
    }

    TEST_CASE("exact on every input with repeats allowed, N <= 4, M <= 9, fp64 and bf16") {
        for (std::size_t m = 2; m <= 9; ++m)
            for (std::size_t n = 1; n <= 4; ++n) {
                CAPTURE(m);
                CAPTURE(n);
                CHECK(exhaustive(n, m, "fp64", PrecisionModel::Embeddings, false).wrong == 0);
                CHECK(exhaustive(n, m, "bf16", PrecisionModel::PartialSums, false).wrong == 0);
            }
    }

    TEST_CASE("exact at N = 5, M = 8 under fixed:16:8 partial sums") {
        // Under partial-sums the block maxima τ·score must fit the format: τ ≈ 27 here.
        const Tally t = exhaustive(5, 8, "fixed:16:8", PrecisionModel::PartialSums, false);
        CHECK(t.outputs == 5 * 32768ULL);
        CHECK(t.wrong == 0);
    }

    TEST_CASE("without positions the unit answers with repeats allowed") {
        // M = 6: the self-partners are 0 and 3. (0, 1): position 0 matches only itself.
        const auto model = makeMatch2Trig(6, 2);
        const Matrix x = matchTokens({0, 1}, 6);
        CHECK(match2FromTrig(model->forward(x, 0), 0, 6));
        CHECK(match2At({0, 1}, 0, MatchSpec{6, false}));
        CHECK_FALSE(match2At({0, 1}, 0, MatchSpec{6, true}));
    }

    TEST_CASE("with distinct=true the positional coordinate excludes the token itself") {
        // The case the unit without positions gets wrong: a lone self-partner.
        const auto model = makeMatch2Trig(6, 2, 0, true);
        CHECK(model->keyDim() == 4);
        CHECK(model->valueDim() == 2);
        CHECK_FALSE(match2FromTrig(model->forward(match2PositionTokens({0, 1}, 6), 0), 0, 6, 2));
        CHECK(match2FromTrig(model->forward(match2PositionTokens({3, 3}, 6), 1), 3, 6, 2));
        // N = 1: no other token, so never a match, also for 2x = 0.
        const auto lone = makeMatch2Trig(6, 1, 0, true);
        CHECK_FALSE(match2FromTrig(lone->forward(match2PositionTokens({0}, 6), 0), 0, 6, 1));
        // The inputs where the two conventions differ exist, and all are answered right.
        std::uint64_t differ = 0;
        for (std::uint64_t idx = 0; idx < 216; ++idx) {
            const auto s = matchSequence(3, 6, idx);
            for (std::size_t i = 0; i < 3; ++i)
                if (match2At(s, i, MatchSpec{6, false}) != match2At(s, i, MatchSpec{6, true}))
                    ++differ;
        }
        CHECK(differ > 0);
        CHECK(exhaustive(3, 6, "fp64", PrecisionModel::Embeddings, true).wrong == 0);
        CHECK(exhaustive(3, 6, "fp64", PrecisionModel::Embeddings, false).wrong == 0);
    }

    TEST_CASE("exact on every input with distinct=true, N <= 4, M <= 9, fp64 and bf16") {
        for (std::size_t m = 2; m <= 9; ++m)
            for (std::size_t n = 1; n <= 4; ++n) {
                CAPTURE(m);
                CAPTURE(n);
                CHECK(exhaustive(n, m, "fp64", PrecisionModel::Embeddings, true).wrong == 0);
                CHECK(exhaustive(n, m, "bf16", PrecisionModel::PartialSums, true).wrong == 0);
            }
        const Tally t = exhaustive(5, 8, "fixed:16:8", PrecisionModel::PartialSums, true);
        CHECK(t.wrong == 0);
    }

    TEST_CASE("a temperature below the bound loses exactness, the default keeps it") {
        // N = 3, M = 5: gap δ = 1 - cos(72°); the bound is ln(4·2/δ)/δ.
        const double gap = match2TrigGap(5);
        CHECK(gap == doctest::Approx(1 - std::cos(2 * M_PI / 5)));
        const double bound = std::log(8 / gap) / gap;
        CHECK(match2TrigTemperature(5, 3) == doctest::Approx(2 * bound));
        // x = (1, 4, 0, 0): the partner 4 of x_0 = 1 against two near misses 0 (score
        // cos 72°) and x_0 itself (cos 144°); at temperature 1 they dilute the partner.
        const Matrix x = matchTokens({1, 4, 0, 0}, 5);
        CHECK(match2FromTrig(makeMatch2Trig(5, 4)->forward(x, 0), 1, 5));
        CHECK_FALSE(match2FromTrig(makeMatch2Trig(5, 4, 1.0)->forward(x, 0), 1, 5));
    }

    TEST_CASE("bad settings are usage errors, bad tokens run errors") {
        CHECK_THROWS_AS(makeMatch2Trig(1, 4), UsageError);
        CHECK_THROWS_AS(makeMatch2Trig(5, 0), UsageError);
        CHECK_THROWS_AS(makeMatch2Trig(5, 4, -1.0), UsageError);
        const auto model = makeMatch2Trig(5, 2);
        CHECK_THROWS_AS(model->forward(matchTokens({1, 2}, 9) * 3.0, 0), RunError);
        Matrix outside = match2PositionTokens({1, 2}, 5);
        outside(1, 1) = 2;  // position 2 in a model for N = 2
        CHECK_THROWS_AS(makeMatch2Trig(5, 2, 0, true)->forward(outside, 0), RunError);
    }
}
