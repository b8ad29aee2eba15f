// FNN model, its constructions and the rank certificate of the qSA → FNN bound.

#include <cmath>
#include <filesystem>

#include <doctest/doctest.h>

#include <ccsim/construct/fnn.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/fnn.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/task/qsa.hpp>

using namespace ccsim;

namespace {

Tensor tensorOf(const Matrix& m) {
    Tensor t{{static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())}, {}};
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) t.data.push_back(m(r, c));
    return t;
}

Tensor tensorOf(const Vector& v) {
    return {{static_cast<std::size_t>(v.size())},
            std::vector<double>(v.data(), v.data() + v.size())};
}

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("ccsim_fnn_test_" + name)).string();
}

}  // namespace

TEST_SUITE("model/fnn") {
    TEST_CASE("forward is g(W vec(X) + b) with ReLU between the rest layers only") {
        // Two tokens of dimension 2, width 2, g = [1 1] relu(A u + c) - 1.
        Matrix w(2, 4);
        w << 1, 0, 0, -1,  //
            0, 2, 1, 0;
        Vector b(2);
        b << 0.5, -1;
        DenseLayer l1{Matrix::Identity(2, 2), Vector::Zero(2)};
        DenseLayer l2{Matrix::Ones(1, 2), Vector::Constant(1, -1.0)};
        const FnnModel model(2, 2, w, b, {l1, l2}, "hand");
        Matrix x(2, 2);
        x << 1, 2,  //
            3, 4;
        // u = (1 - 4 + 0.5, 4 + 3 - 1) = (-2.5, 6); relu -> (0, 6); sum - 1 = 5.
        CHECK(model.firstLayer(x)[0] == doctest::Approx(-2.5));
        CHECK(model.firstLayer(x)[1] == doctest::Approx(6));
        CHECK(model.forward(x)[0] == doctest::Approx(5));
        CHECK(model.width() == 2);
        CHECK(model.outputDim() == 1);
        // Alice holds token 0: her share W_{:,0:2} x_0 = (1, 4). fixed:4:0 holds -8..7, so the
        // split pass is exact; fixed:2:0 holds -2..1 and saturates it to (1, 1): u = (-2.5, 3),
        // output 3 - 1 = 2.
        CHECK(model.forwardSplit(x, {true, false}, Format::parse("fixed:4:0"))[0] ==
              doctest::Approx(5));
        CHECK(model.forwardSplit(x, {true, false}, Format::parse("fixed:2:0"))[0] ==
              doctest::Approx(2));
    }

    TEST_CASE("shapes that do not chain are usage errors") {
        const Matrix w = Matrix::Ones(2, 4);
        CHECK_THROWS_AS(
            FnnModel(2, 3, w, Vector::Zero(2), {{Matrix::Ones(1, 2), Vector::Zero(1)}}, "bad"),
            UsageError);
        CHECK_THROWS_AS(
            FnnModel(2, 2, w, Vector::Zero(2), {{Matrix::Ones(1, 3), Vector::Zero(1)}}, "bad"),
            UsageError);
        CHECK_THROWS_AS(FnnModel(2, 2, w, Vector::Zero(2), {}, "bad"), UsageError);
    }

    TEST_CASE("random draws are seeded") {
        const auto a = makeRandomFnn(4, 3, 5, 7, 2, 11);
        const auto b = makeRandomFnn(4, 3, 5, 7, 2, 11);
        const auto c = makeRandomFnn(4, 3, 5, 7, 2, 12);
        CHECK(a->firstWeight() == b->firstWeight());
        CHECK(a->firstWeight() != c->firstWeight());
        CHECK(a->rest().size() == 2);
        CHECK(makeRandomFnn(4, 3, 5, 0, 2, 11)->rest().size() == 1);
    }

    TEST_CASE("safetensors round trip, and unknown tensors are errors") {
        const auto model = makeRandomFnn(3, 2, 4, 5, 3, 7);
        TensorFile file;
        file.tensors["first.weight"] = tensorOf(model->firstWeight());
        file.tensors["first.bias"] = tensorOf(Vector(Vector::Constant(4, 0.25)));
        for (std::size_t l = 0; l < model->rest().size(); ++l) {
            file.tensors["rest." + std::to_string(l) + ".weight"] = tensorOf(model->rest()[l].a);
            file.tensors["rest." + std::to_string(l) + ".bias"] = tensorOf(model->rest()[l].c);
        }
        const std::string path = tempPath("ok.safetensors");
        writeSafetensors(path, file);
        const auto loaded = loadFnn(path, 3, 2);
        Matrix x = Matrix::Random(3, 2);
        const FnnModel shifted(3, 2, model->firstWeight(), Vector::Constant(4, 0.25), model->rest(),
                               "same");
        CHECK((loaded->forward(x) - shifted.forward(x)).cwiseAbs().maxCoeff() < 1e-12);
        CHECK_THROWS_AS(loadFnn(path, 3, 3), UsageError);  // N·d does not match

        file.tensors["rest.0.bais"] = tensorOf(Vector(Vector::Zero(5)));
        const std::string bad = tempPath("bad.safetensors");
        writeSafetensors(bad, file);
        CHECK_THROWS_WITH_AS(loadFnn(bad, 3, 2),
                             doctest::Contains("tensor rest.0.bais is not an fnn tensor"),
                             UsageError);
        std::filesystem::remove(path);
        std::filesystem::remove(bad);
    }

    TEST_CASE("fnn_copy computes qSA exactly on random inputs") {
        for (const QsaShape shape : {QsaShape{6, 1, 1}, QsaShape{8, 3, 2}, QsaShape{5, 2, 3}}) {
            CAPTURE(shape.n);
            CAPTURE(shape.q);
            const auto model = makeFnnCopy(shape);
            CHECK(model->width() == shape.n * (shape.dprime + shape.q));
            SplitMix64 rng(shape.n * 31 + shape.q);
            for (int trial = 0; trial < 20; ++trial) {
                const Matrix x = sampleQsa(shape, rng);
                const Matrix want = qsaReference(shape, x);
                const Vector got = model->forward(x);
                for (std::size_t i = 0; i < shape.n; ++i)
                    for (std::size_t c = 0; c < shape.dprime; ++c)
                        CHECK(got[static_cast<Eigen::Index>(i * shape.dprime + c)] ==
                              doctest::Approx(
                                  want(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)))
                                  .epsilon(1e-12));
            }
        }
        CHECK_THROWS_AS(makeFnnCopy(QsaShape{64, 4, 4}), UsageError);
    }

    TEST_CASE("the null pair has equal first layers and qSA values 2/q apart") {
        struct Case {
            QsaShape shape;
            std::size_t width;
        };
        int found = 0;
        for (const Case& k : {Case{{8, 1, 1}, 3}, Case{{10, 2, 2}, 9}, Case{{16, 3, 3}, 5},
                              Case{{12, 1, 4}, 23}, Case{{9, 4, 2}, 1}}) {
            for (std::uint64_t seed : {1, 2, 3}) {
                CAPTURE(k.shape.n);
                CAPTURE(k.width);
                CAPTURE(seed);
                const std::size_t half = k.shape.n / 2;
                REQUIRE(k.width < half * k.shape.dprime);
                const auto model = makeRandomFnn(k.shape.n, k.shape.tokenDim(), k.width, 8,
                                                 k.shape.n * k.shape.dprime, seed);
                const QsaNullPair p = qsaNullPair(*model, k.shape, half);
                REQUIRE(p.found);
                ++found;
                CHECK(p.rank == k.width);
                CHECK(p.residual < 1e-12);
                CHECK(p.firstLayerDiff < 1e-12);
                // Recompute independently of the certificate's own numbers.
                CHECK((model->firstLayer(p.x) - model->firstLayer(p.xPrime)).cwiseAbs().maxCoeff() <
                      1e-12);
                CHECK((model->forward(p.x) - model->forward(p.xPrime)).cwiseAbs().maxCoeff() <
                      1e-9);
                const Matrix qx = qsaReference(k.shape, p.x);
                const Matrix qxp = qsaReference(k.shape, p.xPrime);
                const double dist = (qx.row(static_cast<Eigen::Index>(k.shape.n - 1)) -
                                     qxp.row(static_cast<Eigen::Index>(k.shape.n - 1)))
                                        .norm();
                CHECK(dist == doctest::Approx(2.0 / static_cast<double>(k.shape.q)));
                // Both inputs are valid qSA inputs: every z in the unit ball, X and X' differ
                // only in the z's of the first half.
                for (std::size_t t = 0; t < k.shape.n; ++t) {
                    const auto row = static_cast<Eigen::Index>(t);
                    const auto dp = static_cast<Eigen::Index>(k.shape.dprime);
                    CHECK(p.x.row(row).head(dp).norm() <= 1 + 1e-12);
                    CHECK(p.xPrime.row(row).head(dp).norm() <= 1 + 1e-12);
                    CHECK(p.x.row(row).tail(p.x.cols() - dp) ==
                          p.xPrime.row(row).tail(p.x.cols() - dp));
                    if (t >= half) CHECK(p.x.row(row) == p.xPrime.row(row));
                }
            }
        }
        CHECK(found == 15);
    }

    TEST_CASE("no null pair when the z block has full column rank") {
        const QsaShape shape{8, 1, 1};
        const QsaNullPair copy = qsaNullPair(*makeFnnCopy(shape), shape, 4);
        CHECK_FALSE(copy.found);
        CHECK(copy.rank == 4);
        CHECK(copy.sigmaMin == doctest::Approx(1));
        // A wide random first layer is full rank too.
        const auto wide = makeRandomFnn(8, shape.tokenDim(), 6, 0, 8, 3);
        CHECK_FALSE(qsaNullPair(*wide, shape, 4).found);
        // A first layer that ignores token 2's z is rank deficient even though it is wide.
        Matrix w = wide->firstWeight();
        w.col(2 * static_cast<Eigen::Index>(shape.tokenDim())).setZero();
        const FnnModel blind(8, shape.tokenDim(), w, Vector::Zero(6), wide->rest(), "blind");
        const QsaNullPair p = qsaNullPair(blind, shape, 4);
        REQUIRE(p.found);
        CHECK(p.j == 2);
        CHECK(p.firstLayerDiff < 1e-12);
    }
}
