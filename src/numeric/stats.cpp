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

}  // namespace ccsim
