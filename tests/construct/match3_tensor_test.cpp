// match3_tensor against the Match3 truth (task/match.hpp, distinct=false), exhaustively.

#include <cmath>

#include <doctest/doctest.h>

#include <ccsim/construct/match3_tensor.hpp>
#include <ccsim/error.hpp>
#include <ccsim/task/match.hpp>

using namespace ccsim;

namespace {

/// Wrong outputs of the model over every sequence in [0, M)^N and every position.
std::size_t wrongOutputs(std::size_t n, std::size_t modulus, double tau, const char* format) {
    const auto model = makeMatch3Tensor(n, modulus, tau);
    const MatchSpec spec{modulus, false};
    std::uint64_t total = 1;
    for (std::size_t i = 0; i < n; ++i) total *= modulus;
    const PairBlocks oneBlock{std::vector<int>(n, 0), {{0}}};
    std::size_t wrong = 0;
    for (std::uint64_t s = 0; s < total; ++s) {
        const std::vector<std::uint64_t> x = matchSequence(n, modulus, s);
        const Matrix tokens = matchTokens(x, modulus);
        const std::vector<bool> truth = match3(x, spec);
        for (std::size_t i = 0; i < n; ++i) {
            const Vector out = format == nullptr
                                   ? model->forward(tokens, i)
                                   : model->forwardQuantized(tokens, i, Format::parse(format),
                                                             PrecisionModel::PartialSums, oneBlock);
            if (match3FromTensor(out, modulus) != truth[i]) ++wrong;
        }
    }
    return wrong;
}

}  // namespace

TEST_SUITE("construct/match3_tensor") {
    TEST_CASE("the score is tau cos(a + b + g)") {
        const std::size_t modulus = 11;
        const auto model = makeMatch3Tensor(3, modulus);
        for (std::uint64_t a = 0; a < modulus; ++a)
            for (std::uint64_t b = 0; b < modulus; ++b)
                for (std::uint64_t g = 0; g < modulus; ++g) {
                    const auto ea = model->embed(Vector::Constant(1, double(a)));
                    const auto eb = model->embed(Vector::Constant(1, double(b)));
                    const auto eg = model->embed(Vector::Constant(1, double(g)));
                    const double score = ea.q.dot(eb.k1.cwiseProduct(eg.k2));
                    const double angle = 2 * M_PI * double(a + b + g) / double(modulus);
                    CHECK(score == doctest::Approx(std::cos(angle)).epsilon(1e-12));
                    const Vector v = model->weights().wo * eb.v1.cwiseProduct(eg.v2);
                    const double bg = 2 * M_PI * double(b + g) / double(modulus);
                    CHECK(v[0] == doctest::Approx(std::cos(bg)).epsilon(1e-12));
                    CHECK(v[1] == doctest::Approx(std::sin(bg)).epsilon(1e-12));
                }
    }

    TEST_CASE("exact on every input for N <= 4, M <= 9 (distinct=false)") {
        for (std::size_t modulus = 2; modulus <= 9; ++modulus)
            for (std::size_t n = 1; n <= 4; ++n) {
                CAPTURE(modulus);
                CAPTURE(n);
                CHECK(wrongOutputs(n, modulus, 0, nullptr) == 0);
            }
        CHECK(wrongOutputs(6, 5, 0, nullptr) == 0);
    }

    TEST_CASE("exact under fixed:16:8 partial sums; the temperature rule is needed") {
        CHECK(wrongOutputs(4, 7, 0, "fixed:16:8") == 0);
        CHECK(wrongOutputs(4, 7, 0, "fp32") == 0);
        // tau = 1 leaves too much weight on non-matching pairs.
        CHECK(wrongOutputs(4, 7, 1.0, nullptr) > 0);
        // two fractional bits cannot resolve the angles
        CHECK(wrongOutputs(4, 7, 0, "fixed:6:2") > 0);
    }

    TEST_CASE("the temperature follows ln(16 N^2 / g) / g") {
        const double g = 1 - std::cos(2 * M_PI / 7);
        CHECK(match3TensorTemperature(10, 7) == doctest::Approx(std::log(1600 / g) / g));
        CHECK_THROWS_AS(makeMatch3Tensor(3, 1), UsageError);
    }
}
