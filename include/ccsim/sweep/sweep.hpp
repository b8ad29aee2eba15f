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
#include <ccsim/report/sweep_report.hpp>
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

/// Checks one grid point of reduction `info`. With autoSpec (an Int parameter), first finds
/// its minimal correct value in [max(1, min), min(max, autoMax)] with minimalValue; values at
/// which the reduction cannot be built count as failures. UsageError for an invalid point.
SweepRow sweepPoint(const ReductionInfo& info, const std::vector<std::string>& point,
                    const ParamSpec* autoSpec, std::int64_t autoMax, const VerifyOptions& options);

/// A sweep's request, checked: the axes against the reduction's parameters, the auto
/// parameter (a size parameter of the model or protocol), the swept size the fits and plots
/// are against, and the grid.
struct SweepPlan {
    const ReductionInfo* info = nullptr;
    std::vector<std::string> words;  ///< the name=range words as given
    std::vector<SweepAxis> axes;
    std::vector<ParamType> axisTypes;     ///< each axis's declared type, found once here
    const ParamSpec* autoSpec = nullptr;  ///< the auto axis's parameter, if any
    std::int64_t autoMax = 1024;
    /// The one swept integer parameter (two or more values), or empty if there is not
    /// exactly one swept parameter.
    std::string sizeAxis;
    std::vector<std::vector<std::string>> points;  ///< expandGrid(axes)
};

/// UsageError for an unknown parameter or an auto axis that is not a size parameter.
SweepPlan planSweep(const ReductionInfo& info, const std::vector<std::string>& words,
                    std::int64_t autoMax);

/// The canonical command of a sweep: its words and only the options that change results.
/// Rows read back by --resume must carry the same.
std::string sweepCommandLine(const SweepPlan& plan, const VerifyOptions& options);

/// Without an auto parameter every point must be valid: builds each and checks its run size
/// (UsageError) before any work.
void checkSweepPoints(const SweepPlan& plan, const VerifyOptions& options);

/// A grid point's words joined by spaces: the key of its row.
std::string pointKey(const std::vector<std::string>& point);

/// What a caller watches while a sweep runs: `starting` before each point (index, count,
/// key), `computed` after each point that was run (not read back) with the rows so far.
struct SweepObserver {
    std::function<void(std::size_t, std::size_t, const std::string&)> starting;
    std::function<void(const SweepReport&)> computed;
};

/// Checks every point (rows in `previous`, keyed by point, are taken as they are) and fits
/// the bits, bound and construction bits against the size axis.
SweepReport runSweep(const SweepPlan& plan, const VerifyOptions& options,
                     const std::map<std::string, SweepRow>& previous,
                     const SweepObserver& observer = {});

}  // namespace ccsim
