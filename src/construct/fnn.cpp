#include <algorithm>
#include <cmath>

// GCC 12 reports a false maybe-uninitialized inside Eigen's blocked Householder code (used
// by JacobiSVD's QR preconditioner); the diagnostic state at the header's lines decides.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <Eigen/QR>
#include <Eigen/SVD>
#pragma GCC diagnostic pop
#include <fmt/format.h>

#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/fnn.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

constexpr double kMaxDenseWeights = 4194304.0;  // 2^22 doubles, 32 MiB

Eigen::Index ix(std::size_t v) { return static_cast<Eigen::Index>(v); }

}  // namespace

std::shared_ptr<const FnnModel> makeFnnCopy(const QsaShape& shape) {
    shape.validate();
    const std::size_t n = shape.n, q = shape.q, dp = shape.dprime, d = shape.tokenDim();
    const std::size_t perToken = dp + q;
    const std::size_t width = n * perToken;
    const std::size_t unitsZ = 2 * n * dp;     // σ(z), σ(−z)
    const std::size_t unitsY = 3 * n * q * n;  // σ(y − j + 1), σ(y − j), σ(y − j − 1)
    const std::size_t hidden1 = unitsZ + unitsY;
    const std::size_t hidden2 = 2 * n * q * n * dp;
    const double weights = static_cast<double>(hidden1) * static_cast<double>(width) +
                           static_cast<double>(hidden2) * static_cast<double>(hidden1) +
                           static_cast<double>(n * dp) * static_cast<double>(hidden2);
    if (weights > kMaxDenseWeights)
        throw UsageError(fmt::format(
            "fnn_copy with N={}, q={}, d'={} needs {:.3g} dense weights, more than the limit "
            "2^22; use a smaller N, q or d'",
            n, q, dp, weights));

    // First layer: row t·(d'+q) + c copies z_{t,c}; row t·(d'+q) + d' + k copies y_{t,k}.
    Matrix w = Matrix::Zero(ix(width), ix(n * d));
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t c = 0; c < perToken; ++c) w(ix(t * perToken + c), ix(t * d + c)) = 1.0;
    auto zRow = [&](std::size_t t, std::size_t c) { return ix(t * perToken + c); };
    auto yRow = [&](std::size_t t, std::size_t k) { return ix(t * perToken + dp + k); };

    // Hidden layer 1.
    DenseLayer l1{Matrix::Zero(ix(hidden1), ix(width)), Vector::Zero(ix(hidden1))};
    auto zPlus = [&](std::size_t t, std::size_t c) { return ix(2 * (t * dp + c)); };
    auto zMinus = [&](std::size_t t, std::size_t c) { return ix(2 * (t * dp + c) + 1); };
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t c = 0; c < dp; ++c) {
            l1.a(zPlus(t, c), zRow(t, c)) = 1.0;
            l1.a(zMinus(t, c), zRow(t, c)) = -1.0;
        }
    // Unit (i, k, j, s) for s = 0, 1, 2 computes σ(y_{i,k} − j + 1 − s).
    auto yUnit = [&](std::size_t i, std::size_t k, std::size_t j, std::size_t s) {
        return ix(unitsZ + ((i * q + k) * n + j) * 3 + s);
    };
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < q; ++k)
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t s = 0; s < 3; ++s) {
                    l1.a(yUnit(i, k, j, s), yRow(i, k)) = 1.0;
                    l1.c[yUnit(i, k, j, s)] = 1.0 - static_cast<double>(j) - static_cast<double>(s);
                }

    // Hidden layer 2: units (i, k, j, c, ±) = σ(±z_{j,c} + 1[y_{i,k} = j] − 1).
    DenseLayer l2{Matrix::Zero(ix(hidden2), ix(hidden1)), Vector::Constant(ix(hidden2), -1.0)};
    auto prodUnit = [&](std::size_t i, std::size_t k, std::size_t j, std::size_t c,
                        std::size_t sign) {
        return ix(((((i * q + k) * n + j) * dp + c) * 2) + sign);
    };
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < q; ++k)
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t c = 0; c < dp; ++c)
                    for (std::size_t sign = 0; sign < 2; ++sign) {
                        const Eigen::Index u = prodUnit(i, k, j, c, sign);
                        const double zs = sign == 0 ? 1.0 : -1.0;
                        l2.a(u, zPlus(j, c)) = zs;
                        l2.a(u, zMinus(j, c)) = -zs;
                        l2.a(u, yUnit(i, k, j, 0)) = 1.0;
                        l2.a(u, yUnit(i, k, j, 1)) = -2.0;
                        l2.a(u, yUnit(i, k, j, 2)) = 1.0;
                    }

    // Output: out_{i,c} = (1/q) Σ_{k,j} (unit+ − unit−).
    DenseLayer l3{Matrix::Zero(ix(n * dp), ix(hidden2)), Vector::Zero(ix(n * dp))};
    const double inv = 1.0 / static_cast<double>(q);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < q; ++k)
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t c = 0; c < dp; ++c) {
                    l3.a(ix(i * dp + c), prodUnit(i, k, j, c, 0)) = inv;
                    l3.a(ix(i * dp + c), prodUnit(i, k, j, c, 1)) = -inv;
                }

    std::vector<DenseLayer> rest;
    rest.push_back(std::move(l1));
    rest.push_back(std::move(l2));
    rest.push_back(std::move(l3));
    return std::make_shared<const FnnModel>(
        n, d, std::move(w), Vector::Zero(ix(width)), std::move(rest),
        fmt::format("fnn_copy (w={}, exact ReLU g with hidden {} and {})", width, hidden1,
                    hidden2));
}

std::vector<std::size_t> qsaDefaultY(const QsaShape& shape, std::size_t i) {
    std::vector<std::size_t> y;
    for (std::size_t k = 0; k < shape.q; ++k) y.push_back((i + k) % shape.n);
    return y;
}

QsaNullPair qsaNullPair(const FnnModel& model, const QsaShape& shape, std::size_t half,
                        double relTol) {
    const std::size_t n = shape.n, dp = shape.dprime, d = shape.tokenDim();
    CCSIM_CHECK(half >= 1 && half < n && shape.q - 1 <= n - 1 - half);
    CCSIM_CHECK(model.tokens() == n && model.tokenDim() == d);
    QsaNullPair r;
    r.columns = half * dp;
    r.relTol = relTol;
    r.query = n - 1;

    // W restricted to the z columns of tokens 0..half-1, token-major.
    Matrix wz(model.firstWeight().rows(), ix(r.columns));
    for (std::size_t t = 0; t < half; ++t)
        wz.middleCols(ix(t * dp), ix(dp)) = model.firstWeight().middleCols(ix(t * d), ix(dp));
    Eigen::JacobiSVD<Matrix> svd(wz, Eigen::ComputeFullV);
    const Vector& s = svd.singularValues();
    r.sigmaMax = s.size() > 0 ? s[0] : 0.0;
    for (Eigen::Index k = 0; k < s.size(); ++k)
        if (s[k] > relTol * r.sigmaMax) ++r.rank;
    r.sigmaMin = s.size() == ix(r.columns) ? s[s.size() - 1] : 0.0;
    r.found = r.rank < r.columns;
    if (!r.found) return r;

    // The right singular vector of the smallest singular value spans part of the kernel.
    Vector delta = svd.matrixV().col(ix(r.columns) - 1);
    double best = -1;
    for (std::size_t t = 0; t < half; ++t) {
        const double norm = delta.segment(ix(t * dp), ix(dp)).norm();
        if (norm > best) {
            best = norm;
            r.j = t;
        }
    }
    r.delta = delta * (2.0 / best);
    r.residual = (wz * r.delta).cwiseAbs().maxCoeff();

    Matrix x(ix(n), ix(d));
    for (std::size_t t = 0; t + 1 < n; ++t)
        x.row(ix(t)) = qsaToken(shape, Vector::Zero(ix(dp)), qsaDefaultY(shape, t), t).transpose();
    std::vector<std::size_t> y{r.j};
    for (std::size_t k = 0; k + 1 < shape.q; ++k) y.push_back(half + k);
    x.row(ix(n - 1)) = qsaToken(shape, Vector::Zero(ix(dp)), y, n - 1).transpose();
    r.x = x;
    r.xPrime = x;
    for (std::size_t t = 0; t < half; ++t)
        for (std::size_t c = 0; c < dp; ++c) {
            r.x(ix(t), ix(c)) = -0.5 * r.delta[ix(t * dp + c)];
            r.xPrime(ix(t), ix(c)) = 0.5 * r.delta[ix(t * dp + c)];
        }
    r.firstLayerDiff = (model.firstLayer(r.x) - model.firstLayer(r.xPrime)).cwiseAbs().maxCoeff();
    r.qsaX = qsaReference(shape, r.x).row(ix(n - 1)).transpose();
    r.qsaXPrime = qsaReference(shape, r.xPrime).row(ix(n - 1)).transpose();
    r.qsaDiff = (r.qsaX - r.qsaXPrime).norm();
    if (model.outputDim() == n * dp) {
        r.outX = model.forward(r.x).segment(ix((n - 1) * dp), ix(dp));
        r.outXPrime = model.forward(r.xPrime).segment(ix((n - 1) * dp), ix(dp));
    }
    return r;
}

namespace {

const RegisterConstruction<std::shared_ptr<const FnnModel>, QsaShape> fnnCopy{
    {"fnn_copy",
     "qsa",
     "fnn",
     "FNN copying every z and y (w = N(d'+q)) with an exact ReLU g for qSA",
     "The first layer copies z_j and y_j of every token; g computes the indicator 1[y = j] = "
     "relu(y-j+1) - 2relu(y-j) + relu(y-j-1) and the product z*1[...] = relu(z+ind-1) - "
     "relu(-z+ind-1), then averages: qSA exactly on every input. See docs/theory/qsa_fnn.md.",
     {},
     {"qsa_fnn"}},
    [](const QsaShape& shape, Params&) { return makeFnnCopy(shape); }};

}  // namespace

}  // namespace ccsim
