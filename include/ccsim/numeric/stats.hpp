#pragma once
/// \file
/// The error rate of a sampled run, with an exact (Clopper–Pearson) confidence interval, and
/// power-law fits of a size series (what sweeps report).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ccsim {

struct ErrorRate {
    double estimate = 0;  ///< wrong / checked
    double lower = 0;     ///< the interval's ends; equal to the estimate for exhaustive runs
    double upper = 0;
    double confidence = 0.95;
};

/// The Clopper–Pearson interval for `wrong` failures in `checked` independent draws: the
/// parameters p for which the observed count is not in either tail of mass (1 − confidence)/2
/// of Binomial(checked, p), from quantiles of the beta distribution (Boost.Math). It covers
/// the true rate with probability at least `confidence`, whatever the rate.
ErrorRate clopperPearson(std::uint64_t wrong, std::uint64_t checked, double confidence = 0.95);

/// Least-squares fit of log y = log c + slope · log x over points with x, y > 0.
struct PowerFit {
    double slope = 0;
    double constant = 0;  ///< c
    std::size_t points = 0;
    double r2 = 0;  ///< coefficient of determination in log space
};
/// Empty with fewer than two usable points or a single x value.
std::optional<PowerFit> fitPowerLaw(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ccsim
