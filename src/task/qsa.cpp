#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/task/qsa.hpp>
#include <ccsim/task/task.hpp>

namespace ccsim {

void QsaShape::validate() const {
    if (n < 1) throw UsageError(fmt::format("N={} must be at least 1", n));
    if (q < 1 || q > n) throw UsageError(fmt::format("q={} out of range [1, N={}]", q, n));
    if (dprime < 1) throw UsageError(fmt::format("dprime={} must be at least 1", dprime));
}

Vector qsaToken(const QsaShape& shape, const Vector& z, std::vector<std::size_t> y, std::size_t i) {
    CCSIM_CHECK_OP(static_cast<std::size_t>(z.size()), ==, shape.dprime);
    CCSIM_CHECK_OP(y.size(), ==, shape.q);
    std::sort(y.begin(), y.end());
    CCSIM_CHECK(std::adjacent_find(y.begin(), y.end()) == y.end());
    CCSIM_CHECK(y.empty() || y.back() < shape.n);
    Vector x(static_cast<Eigen::Index>(shape.tokenDim()));
    x.head(static_cast<Eigen::Index>(shape.dprime)) = z;
    for (std::size_t k = 0; k < shape.q; ++k)
        x[static_cast<Eigen::Index>(shape.dprime + k)] = static_cast<double>(y[k]);
    x[static_cast<Eigen::Index>(shape.dprime + shape.q)] = static_cast<double>(i);
    return x;
}

namespace {

std::size_t position(double v, std::size_t n, const char* what) {
    if (!(v >= 0) || v != std::floor(v) || v >= static_cast<double>(n))
        throw RunError(
            fmt::format("qSA token has {} {} which is not a position in [0, {})", what, v, n));
    return static_cast<std::size_t>(v);
}

}  // namespace

QsaTokenParts qsaParts(const QsaShape& shape, const Vector& x) {
    if (static_cast<std::size_t>(x.size()) != shape.tokenDim())
        throw RunError(fmt::format("qSA token has {} coordinates, expected d' + q + 1 = {}",
                                   x.size(), shape.tokenDim()));
    QsaTokenParts parts;
    parts.z = x.head(static_cast<Eigen::Index>(shape.dprime));
    for (std::size_t k = 0; k < shape.q; ++k)
        parts.y.push_back(position(x[static_cast<Eigen::Index>(shape.dprime + k)], shape.n, "y"));
    for (std::size_t k = 1; k < parts.y.size(); ++k)
        if (parts.y[k] <= parts.y[k - 1])
            throw RunError("qSA token's y positions are not distinct and increasing");
    parts.position =
        position(x[static_cast<Eigen::Index>(shape.dprime + shape.q)], shape.n, "position");
    return parts;
}

Matrix qsaReference(const QsaShape& shape, const Matrix& x) {
    Matrix out = Matrix::Zero(x.rows(), static_cast<Eigen::Index>(shape.dprime));
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const QsaTokenParts parts = qsaParts(shape, x.row(i).transpose());
        for (std::size_t j : parts.y)
            out.row(i) +=
                x.row(static_cast<Eigen::Index>(j)).head(static_cast<Eigen::Index>(shape.dprime));
        out.row(i) /= static_cast<double>(shape.q);
    }
    return out;
}

Matrix sampleQsa(const QsaShape& shape, SplitMix64& rng) {
    shape.validate();
    Matrix x(static_cast<Eigen::Index>(shape.n), static_cast<Eigen::Index>(shape.tokenDim()));
    std::vector<std::size_t> all(shape.n);
    for (std::size_t i = 0; i < shape.n; ++i) {
        // z: a Gaussian direction scaled by U^{1/d'} is uniform in the unit ball.
        Vector z(static_cast<Eigen::Index>(shape.dprime));
        for (Eigen::Index k = 0; k < z.size(); ++k) z[k] = gaussian(rng);
        const double norm = z.norm();
        const double radius = std::pow(uniform01(rng), 1.0 / static_cast<double>(shape.dprime));
        z = norm > 0 ? Vector(z * (radius / norm)) : Vector(Vector::Zero(z.size()));
        // y: the first q of a partial Fisher-Yates shuffle.
        for (std::size_t k = 0; k < shape.n; ++k) all[k] = k;
        for (std::size_t k = 0; k < shape.q; ++k)
            std::swap(all[k], all[k + rng.below(shape.n - k)]);
        x.row(static_cast<Eigen::Index>(i)) =
            qsaToken(
                shape, z,
                std::vector<std::size_t>(all.begin(), all.begin() + static_cast<long>(shape.q)), i)
                .transpose();
    }
    return x;
}

namespace {

const TaskRegistry::Registrar registered({
    "qsa",
    "q-sparse averaging: token i averages z_j over its q positions y_i",
    "Tokens x_i = (z_i, y_i, i) with z_i in the unit ball of R^d', y_i a q-subset of [N]; "
    "qSA(X)_i = (1/q) sum_{j in y_i} z_j. Used by disj_qsa (q = set size) and index_qsa_rnn "
    "(q = 1); `ccsim eval qsa` measures a model's error. See docs/theory/disj_qsa.md.",
});

}  // namespace

}  // namespace ccsim
