#include <cmath>
#include <utility>

#include <Eigen/Dense>
#include <boost/math/distributions/beta.hpp>

#include <ccsim/error.hpp>
#include <ccsim/numeric/stats.hpp>

namespace ccsim {

ErrorRate clopperPearson(std::uint64_t wrong, std::uint64_t checked, double confidence) {
    CCSIM_CHECK(checked > 0);
    CCSIM_CHECK_OP(wrong, <=, checked);
    const double k = static_cast<double>(wrong);
    const double n = static_cast<double>(checked);
    const double tail = (1 - confidence) / 2;
    ErrorRate r;
    r.confidence = confidence;
    r.estimate = k / n;
    r.lower = wrong == 0
                  ? 0.0
                  : boost::math::quantile(boost::math::beta_distribution<>(k, n - k + 1), tail);
    r.upper = wrong == checked
                  ? 1.0
                  : boost::math::quantile(boost::math::beta_distribution<>(k + 1, n - k), 1 - tail);
    return r;
}

std::optional<PowerFit> fitPowerLaw(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (x[i] > 0 && y[i] > 0) pts.emplace_back(std::log(x[i]), std::log(y[i]));
    if (pts.size() < 2) return std::nullopt;
    Eigen::MatrixXd a(static_cast<Eigen::Index>(pts.size()), 2);
    Eigen::VectorXd b(static_cast<Eigen::Index>(pts.size()));
    for (std::size_t i = 0; i < pts.size(); ++i) {
        a(static_cast<Eigen::Index>(i), 0) = 1;
        a(static_cast<Eigen::Index>(i), 1) = pts[i].first;
        b[static_cast<Eigen::Index>(i)] = pts[i].second;
    }
    if (a.col(1).maxCoeff() == a.col(1).minCoeff()) return std::nullopt;  // one x value
    const Eigen::VectorXd coef = a.colPivHouseholderQr().solve(b);
    const Eigen::VectorXd residual = b - a * coef;
    const double mean = b.mean();
    const double total = (b.array() - mean).square().sum();
    PowerFit fit;
    fit.constant = std::exp(coef[0]);
    fit.slope = coef[1];
    fit.points = pts.size();
    fit.r2 = total > 0 ? 1.0 - residual.squaredNorm() / total : 1.0;
    return fit;
}

}  // namespace ccsim
