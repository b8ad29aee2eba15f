#include <cmath>
#include <numbers>

#include <doctest/doctest.h>

#include <ccsim/construct/qsa.hpp>
#include <ccsim/error.hpp>
#include <ccsim/task/qsa.hpp>

using namespace ccsim;

namespace {

/// Worst ‖f(X)_i − qSA(X)_i‖ over `samples` seeded inputs, at every position.
double worstError(const AttentionModel& model, const QsaShape& shape, const char* format,
                  int samples) {
    SplitMix64 rng(77);
    double worst = 0;
    const Format f = Format::parse(format);
    for (int s = 0; s < samples; ++s) {
        const Matrix x = sampleQsa(shape, rng);
        const Matrix truth = qsaReference(shape, x);
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            const Vector out = model.forwardQuantized(x, static_cast<std::size_t>(i), f,
                                                      PrecisionModel::Embeddings, {});
            worst = std::max(worst, (out - truth.row(i).transpose()).norm());
        }
    }
    return worst;
}

}  // namespace

TEST_SUITE("construct/qsa") {
    TEST_CASE("the cyclic certificate vanishes on the set and is negative off it") {
        const std::size_t n = 16;
        const std::vector<std::size_t> set = {1, 5, 12};
        const Vector w = cyclicCertificate(n, set);
        // Evaluate P_S directly at every position, independently of the certificate.
        auto p = [&](std::size_t j) {
            double v = -1;
            for (std::size_t s : set)
                v *= 1 - std::cos(2 * std::numbers::pi *
                                  (static_cast<double>(j) - static_cast<double>(s)) /
                                  static_cast<double>(n));
            return v;
        };
        const double onSet = w.dot(cyclicKey(n, 3, 1));
        const double gap = std::pow(1 - std::cos(2 * std::numbers::pi / n), 3);
        for (std::size_t j = 0; j < n; ++j) {
            const double score = w.dot(cyclicKey(n, 3, j));
            // Scores equal P_S up to its constant term.
            CHECK(score - onSet == doctest::Approx(p(j)).epsilon(1e-9));
            if (j == 1 || j == 5 || j == 12)
                CHECK(score == doctest::Approx(onSet));
            else
                CHECK(score <= onSet - gap * (1 - 1e-9));
        }
    }

    TEST_CASE("qsa_cyclic at fp64 approximates qSA within 1e-6 for N=16, q=3") {
        const QsaShape shape{16, 3, 2};
        const auto model = makeQsaCyclic(shape, 1e-7, 1);
        CHECK(model->keyDim() == 6);
        CHECK(worstError(*model, shape, "fp64", 20) <= 1e-6);
    }

    TEST_CASE("qsa_random errors fall as the precision grows") {
        const QsaShape shape{32, 3, 1};
        QsaConstructionInfo info;
        const auto model = makeQsaRandom(shape, 64, 0.01, 3, 1, &info);
        CHECK(info.margin > 0);
        CHECK(info.allSets);
        const double e8 = worstError(*model, shape, "fixed:8:6", 4);
        const double e12 = worstError(*model, shape, "fixed:12:10", 4);
        const double e16 = worstError(*model, shape, "fixed:16:14", 4);
        CHECK(e12 < e8);
        CHECK(e16 < e12);
        CHECK(worstError(*model, shape, "fp64", 4) <= 0.01);
    }

    TEST_CASE("qsa_random refuses key dimensions too small for a certificate") {
        CHECK_THROWS_WITH_AS(makeQsaRandom({16, 3, 1}, 2, 0.1, 1, 1),
                             doctest::Contains("needs m >= q"), UsageError);
        CHECK_THROWS_WITH_AS(makeQsaRandom({16, 3, 1}, 3, 0.1, 1, 1),
                             doctest::Contains("increase m"), UsageError);
    }

    TEST_CASE("the default key dimension of qsa_random always works: searched when it fails") {
        // N=64, q=4, seed 1: the formula's 4q*ceil(log2 N) = 96 has no positive margin.
        const QsaShape shape{64, 4, 1};
        CHECK(defaultQsaRandomKeyDim(shape) == 96);
        CHECK_THROWS_WITH_AS(makeQsaRandom(shape, 96, 1.0 / 8, 1, 1),
                             doctest::Contains("no certificate with a positive margin"),
                             UsageError);
        const auto model = makeQsaRandom(shape, 0, 1.0 / 8, 1, 1);
        const std::size_t m = model->keyDim();
        CHECK(m > 96);
        CHECK(model->description().find("m searched: the default 4q*ceil(log2 N) = 96 has no "
                                        "positive margin") != std::string::npos);
        // The smallest working m above the default, as the search claims it to be: m works
        // and m - 1 does not (or is the default).
        CHECK_NOTHROW(makeQsaRandom(shape, m, 1.0 / 8, 1, 1));
        if (m - 1 > 96) CHECK_THROWS_AS(makeQsaRandom(shape, m - 1, 1.0 / 8, 1, 1), UsageError);
        // Where the formula's value works, it is used unchanged.
        const auto plain = makeQsaRandom({16, 3, 1}, 0, 1.0 / 6, 1, 1);
        CHECK(plain->keyDim() == defaultQsaRandomKeyDim({16, 3, 1}));
        CHECK(plain->description().find("searched") == std::string::npos);
    }

    TEST_CASE("more heads split the output and keep it") {
        const QsaShape shape{8, 2, 1};
        const auto one = makeQsaCyclic(shape, 1e-3, 1);
        const auto three = makeQsaCyclic(shape, 1e-3, 3);
        SplitMix64 rng(1);
        const Matrix x = sampleQsa(shape, rng);
        CHECK((one->forward(x) - three->forward(x)).norm() < 1e-9);
    }

    TEST_CASE("qSA reference averages the selected z") {
        const QsaShape shape{3, 2, 1};
        Matrix x(3, 4);
        x.row(0) = qsaToken(shape, Vector::Constant(1, 0.5), {1, 2}, 0).transpose();
        x.row(1) = qsaToken(shape, Vector::Constant(1, -1.0), {0, 2}, 1).transpose();
        x.row(2) = qsaToken(shape, Vector::Constant(1, 0.25), {0, 1}, 2).transpose();
        const Matrix r = qsaReference(shape, x);
        CHECK(r(0, 0) == doctest::Approx((-1.0 + 0.25) / 2));
        CHECK(r(1, 0) == doctest::Approx((0.5 + 0.25) / 2));
        CHECK(r(2, 0) == doctest::Approx((0.5 - 1.0) / 2));
        Vector bad = x.row(0).transpose();
        bad[1] = 7;  // y position out of range
        CHECK_THROWS_AS(qsaParts(shape, bad), RunError);
    }
}
