#pragma once
/// \file
/// Sweeps: a reduction checked over a grid of parameter values, with minimal-resource search
/// (name=auto) and power-law fits of the bit counts against the swept size.
///
/// Grid syntax, per parameter word:
///   q=8            one value
///   q=2,4,8        a list (any values, also strings such as precision=fp16,fp32)
///   q=2..16        an integer range, step 1
///   p=4..16:2      an integer range with a step
///   m=auto         search the smallest integer value at which the checked instances are all
///                  answered correctly (see minimalValue)
/// Grid points are the Cartesian product of the axes, in the order the words were given,
/// the last axis varying fastest.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <ccsim/numeric/search.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/verify/runner.hpp>

namespace ccsim {

struct SweepAxis {
    std::string name;
    std::vector<std::string> values;  ///< empty for an auto axis
    bool automatic = false;
};

/// Parses name=value words into axes. UsageError on malformed ranges (empty, reversed,
/// zero step, more than 10000 values).
std::vector<SweepAxis> parseAxes(const std::vector<std::string>& words);

/// The grid points: for each, the name=value words of every non-auto axis.
std::vector<std::vector<std::string>> expandGrid(const std::vector<SweepAxis>& axes);

/// Least-squares fit of log y = log c + slope · log x over points with x, y > 0.
struct PowerFit {
    double slope = 0;
    double constant = 0;  ///< c
    std::size_t points = 0;
    double r2 = 0;  ///< coefficient of determination in log space
};
std::optional<PowerFit> fitPowerLaw(const std::vector<double>& x, const std::vector<double>& y);

/// One row of a sweep: a grid point checked like `ccsim run` does.
struct SweepRow {
    std::string point;                          ///< the point's name=value words
    std::map<std::string, std::string> values;  ///< every axis value, auto included
    std::string autoValue;                      ///< "" without auto axis; "none" if none worked
    int autoEvaluations = 0;
    std::size_t bits = 0;
    std::size_t constructionBits = 0;  ///< closed-form bits with the auto parameter at its default
    double effectiveBits = 0;
    double bound = 0;
    std::string boundClass;
    std::uint64_t instances = 0;
    double correctFraction = 0;
    /// The verdict's outcome; empty when an auto search found no working value, and then
    /// `failure` says why.
    std::optional<Outcome> outcome;
    std::string failure;

    /// What the outcome column shows: the outcome's name, or the failure.
    std::string outcomeText() const { return outcome ? std::string(nameOf(*outcome)) : failure; }
    /// The exit code this row implies (exitCodeFor; 0 for a failed search, which ran nothing).
    int exitCode() const {
        return outcome ? exitCodeFor(*outcome, instances > 0 && correctFraction < 1.0) : 0;
    }
};

/// Checks one grid point of reduction `info`. With autoSpec (an Int parameter), first finds
/// its minimal correct value in [max(1, min), min(max, autoMax)] with minimalValue; values at
/// which the reduction cannot be built count as failures. UsageError for an invalid point.
SweepRow sweepPoint(const ReductionInfo& info, const std::vector<std::string>& point,
                    const ParamSpec* autoSpec, std::int64_t autoMax, const VerifyOptions& options);

}  // namespace ccsim
