#include <cmath>

#include <doctest/doctest.h>

#include <ccsim/construct/qsa.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/attention.hpp>

using namespace ccsim;

namespace {

/// One head, d = 1, Q = K = V = x, W_o = 1, temperature tau.
AttentionModel scalarModel(double tau) {
    AttentionHead h;
    h.wq = h.wk = h.wv = h.wo = Matrix::Ones(1, 1);
    return AttentionModel(std::make_shared<IdentityFeatures>(1), {h}, Vector::Zero(1), tau, false,
                          "scalar");
}

}  // namespace

TEST_SUITE("model/attention") {
    TEST_CASE("a one-dimensional unit matches the softmax computed by hand") {
        const AttentionModel model = scalarModel(1.0);
        Matrix x(2, 1);
        x << 0.0, 1.0;
        // At i = 1 the scores are (0, 1): output (0 + e) / (1 + e).
        CHECK(model.forward(x, 1)[0] == doctest::Approx(std::exp(1.0) / (1.0 + std::exp(1.0))));
        // At i = 0 the scores are (0, 0): the plain average 1/2.
        CHECK(model.forward(x, 0)[0] == doctest::Approx(0.5));
    }

    TEST_CASE("huge temperatures stay finite and pick the maximum") {
        const AttentionModel model = scalarModel(1e6);
        Matrix x(3, 1);
        x << 0.5, 1.0, -1.0;
        const Vector out = model.forward(x, 1);
        CHECK(std::isfinite(out[0]));
        CHECK(out[0] == doctest::Approx(1.0));
    }

    TEST_CASE("blocks combine to the single-block softmax") {
        const auto model = makeRandomAttention(3, 4, 2, 2, 1, 9);
        const AttentionHead& h = model->headWeights()[0];
        SplitMix64 rng(3);
        Matrix keys(5, 4), values(5, 2);
        for (Eigen::Index r = 0; r < 5; ++r) {
            for (Eigen::Index c = 0; c < 4; ++c) keys(r, c) = 3 * gaussian(rng);
            for (Eigen::Index c = 0; c < 2; ++c) values(r, c) = gaussian(rng);
        }
        Vector q(4);
        q << 1, -2, 0.5, 3;
        const Vector whole = AttentionModel::combine({model->partialSums(q, keys, values)});
        const Vector split = AttentionModel::combine(
            {model->partialSums(q, keys.topRows(2), values.topRows(2)),
             model->partialSums(q, keys.bottomRows(3), values.bottomRows(3))});
        CHECK((whole - split).norm() < 1e-12);
        (void)h;
    }

    TEST_CASE("quantized passes: fp64 equals the reference, coarse formats differ") {
        const auto model = makeRandomAttention(3, 4, 2, 2, 2, 4);
        SplitMix64 rng(8);
        Matrix x(5, 3);
        for (Eigen::Index r = 0; r < 5; ++r)
            for (Eigen::Index c = 0; c < 3; ++c) x(r, c) = gaussian(rng);
        const std::vector<int> blocks = {0, 0, 1, 1, 1};
        const Format fp64 = Format::parse("fp64");
        for (std::size_t i = 0; i < 5; ++i) {
            const Vector ref = model->forward(x, i);
            CHECK(
                (model->forwardQuantized(x, i, fp64, PrecisionModel::Embeddings, {}) - ref).norm() <
                1e-12);
            CHECK((model->forwardQuantized(x, i, fp64, PrecisionModel::PartialSums, blocks) - ref)
                      .norm() < 1e-12);
            const Vector coarse = model->forwardQuantized(x, i, Format::parse("fixed:4:2"),
                                                          PrecisionModel::Embeddings, {});
            CHECK((coarse - ref).norm() > 1e-6);
        }
    }

    TEST_CASE("the all-position quantized pass equals the pass at each position, bit for bit") {
        // Random weights, tokens, blocks, both precision models and formats down to 4 bits;
        // 1 and 3 threads must give the same matrix.
        SplitMix64 rng(21);
        for (int trial = 0; trial < 12; ++trial) {
            const auto n = static_cast<Eigen::Index>(2 + rng.below(9));
            const auto model = makeRandomAttention(3, 1 + rng.below(5), 1 + rng.below(3), 2,
                                                   1 + rng.below(3), 100 + trial);
            Matrix x(n, 3);
            for (Eigen::Index r = 0; r < n; ++r)
                for (Eigen::Index c = 0; c < 3; ++c) x(r, c) = gaussian(rng);
            std::vector<int> blocks(static_cast<std::size_t>(n));
            for (int& b : blocks) b = static_cast<int>(rng.below(3));
            for (const char* f : {"fp64", "bf16", "fixed:8:4", "fixed:4:2"}) {
                const Format format = Format::parse(f);
                for (PrecisionModel p : {PrecisionModel::Embeddings, PrecisionModel::PartialSums}) {
                    CAPTURE(trial);
                    CAPTURE(f);
                    const Matrix all = model->forwardQuantized(x, format, p, blocks, 1);
                    CHECK(model->forwardQuantized(x, format, p, blocks, 3) == all);
                    for (Eigen::Index i = 0; i < n; ++i)
                        CHECK(Vector(all.row(i).transpose()) ==
                              model->forwardQuantized(x, static_cast<std::size_t>(i), format, p,
                                                      blocks));
                }
            }
        }
    }

    TEST_CASE("shapes are checked when a model is built") {
        AttentionHead h;
        h.wq = Matrix::Ones(2, 3);
        h.wk = Matrix::Ones(2, 3);
        h.wv = Matrix::Ones(1, 3);
        h.wo = Matrix::Ones(1, 1);
        CHECK_NOTHROW(AttentionModel(std::make_shared<IdentityFeatures>(3), {h}, Vector::Zero(1),
                                     1.0, false, "ok"));
        h.wk = Matrix::Ones(2, 2);
        CHECK_THROWS_WITH_AS(AttentionModel(std::make_shared<IdentityFeatures>(3), {h},
                                            Vector::Zero(1), 1.0, false, "bad"),
                             "head 0 W_k has shape [2, 2], expected [2, 3]", UsageError);
    }

    TEST_CASE("precision model names") {
        CHECK(parsePrecisionModel("partial-sums") == PrecisionModel::PartialSums);
        CHECK_THROWS_AS(parsePrecisionModel("p2"), UsageError);
    }
}
