// Third-order attention: the reference pass against the formula in
// include/ccsim/model/third_order.hpp written out naively, and the quantized passes against the
// reference where quantization is the identity.

#include <cmath>

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/model/third_order.hpp>
#include <ccsim/task/qsa.hpp>

using namespace ccsim;

namespace {

/// f(X)_i by the definition: every ordered pair (j, k), plain exponentials (small scores).
Vector naive(const ThirdOrderModel& model, const Matrix& x, std::size_t i) {
    const ThirdOrderWeights& w = model.weights();
    const auto n = static_cast<std::size_t>(x.rows());
    auto row = [&x](std::size_t j) { return Vector(x.row(static_cast<Eigen::Index>(j))); };
    const Vector q = w.wq * row(i) + w.bq;
    Vector numerator = Vector::Zero(w.wv1.rows());
    double denominator = 0;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < n; ++k) {
            const Vector key = (w.wk1 * row(j) + w.bk1).cwiseProduct(w.wk2 * row(k) + w.bk2);
            const Vector value = (w.wv1 * row(j) + w.bv1).cwiseProduct(w.wv2 * row(k) + w.bv2);
            const double weight = std::exp(model.temperature() * q.dot(key));
            numerator += weight * value;
            denominator += weight;
        }
    Vector out = w.wo * (numerator / denominator) + w.bo;
    if (!model.readsToken()) return out;
    Vector withToken(out.size() + x.cols());
    withToken << out, row(i);
    return withToken;
}

Matrix randomTokens(std::size_t n, std::size_t d, SplitMix64& rng) {
    Matrix x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
    for (Eigen::Index r = 0; r < x.rows(); ++r)
        for (Eigen::Index c = 0; c < x.cols(); ++c) x(r, c) = gaussian(rng);
    return x;
}

}  // namespace

TEST_SUITE("model/third_order") {
    TEST_CASE("the reference pass is the sum over all N^2 ordered pairs") {
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            SplitMix64 rng(seed);
            const std::size_t n = 1 + rng.below(5);
            const std::size_t d = 1 + rng.below(3);
            const auto model = makeRandomThirdOrder(d, 1 + rng.below(4), 1 + rng.below(3),
                                                    1 + rng.below(2), 0.7, seed % 2 == 0, seed);
            const Matrix x = randomTokens(n, d, rng);
            for (std::size_t i = 0; i < n; ++i) {
                const Vector got = model->forward(x, i);
                const Vector want = naive(*model, x, i);
                REQUIRE(got.size() == want.size());
                CHECK((got - want).norm() <= 1e-12 * (1 + want.norm()));
            }
        }
    }

    TEST_CASE("a large temperature stays finite (stable softmax)") {
        const auto model = makeRandomThirdOrder(2, 3, 2, 1, 1e5, false, 7);
        SplitMix64 rng(7);
        const Matrix x = randomTokens(4, 2, rng);
        const Vector out = model->forward(x, 1);
        CHECK(out.allFinite());
        CHECK(std::isnan(naive(*model, x, 1)[0]));  // the naive sum overflows
    }

    TEST_CASE("under fp64 the quantized passes equal the reference for any pair blocks") {
        const Format fp64 = Format::parse("fp64");
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            SplitMix64 rng(seed);
            const std::size_t n = 2 + rng.below(5);
            const auto model = makeRandomThirdOrder(2, 3, 2, 2, 1.3, false, seed);
            const Matrix x = randomTokens(n, 2, rng);
            PairBlocks blocks;
            for (std::size_t j = 0; j < n; ++j)
                blocks.tokenBlock.push_back(static_cast<int>(rng.below(3)));
            blocks.pairBlock.assign(3, std::vector<int>(3, 0));
            for (auto& r : blocks.pairBlock)
                for (int& b : r) b = static_cast<int>(rng.below(4));
            const std::size_t i = rng.below(n);
            const Vector ref = model->forward(x, i);
            const Vector emb =
                model->forwardQuantized(x, i, fp64, PrecisionModel::Embeddings, blocks);
            const Vector sums =
                model->forwardQuantized(x, i, fp64, PrecisionModel::PartialSums, blocks);
            CHECK((emb - ref).norm() == 0);  // one block in the same order: identical
            CHECK((sums - ref).norm() <= 1e-12 * (1 + ref.norm()));
        }
    }

    TEST_CASE("a coarse format changes the output") {
        SplitMix64 rng(3);
        const auto model = makeRandomThirdOrder(2, 3, 2, 1, 1.0, false, 3);
        const Matrix x = randomTokens(5, 2, rng);
        PairBlocks blocks{std::vector<int>(5, 0), {{0}}};
        const Vector ref = model->forward(x, 0);
        const Vector coarse = model->forwardQuantized(x, 0, Format::parse("fixed:4:1"),
                                                      PrecisionModel::PartialSums, blocks);
        CHECK((coarse - ref).norm() > 1e-3);
    }

    TEST_CASE("shapes are checked") {
        ThirdOrderWeights w;
        w.wq = Matrix::Zero(2, 1);
        w.wk1 = Matrix::Zero(2, 1);
        w.wk2 = Matrix::Zero(3, 1);  // wrong height
        w.wv1 = Matrix::Zero(1, 1);
        w.wv2 = Matrix::Zero(1, 1);
        w.wo = Matrix::Zero(1, 1);
        CHECK_THROWS_WITH_AS(
            ThirdOrderModel(std::make_shared<IdentityFeatures>(1), w, 1.0, false, "bad"),
            "third-order W_k2 has shape [3, 1], expected [2, 1]", UsageError);
    }
}
