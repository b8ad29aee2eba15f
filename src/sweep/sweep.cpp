#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/error.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/sweep/sweep.hpp>
#include <ccsim/verify/check.hpp>

namespace ccsim {

namespace {

constexpr std::size_t kMaxAxisValues = 10000;

std::optional<std::int64_t> parseInt(std::string_view text) {
    std::int64_t v = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
    return v;
}

std::vector<std::string> splitOn(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto at = text.find(sep, start);
        out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return out;
        start = at + 1;
    }
}

std::vector<std::string> parseRange(const std::string& name, const std::string& text) {
    const auto dots = text.find("..");
    std::string to = text.substr(dots + 2);
    std::int64_t step = 1;
    if (const auto colon = to.find(':'); colon != std::string::npos) {
        const auto s = parseInt(to.substr(colon + 1));
        if (!s || *s <= 0)
            throw UsageError(fmt::format("range {}={} has step '{}', expected a positive integer",
                                         name, text, to.substr(colon + 1)));
        step = *s;
        to = to.substr(0, colon);
    }
    const auto lo = parseInt(text.substr(0, dots));
    const auto hi = parseInt(to);
    if (!lo || !hi)
        throw UsageError(fmt::format("range {}={} needs integer ends, like {}=2..16 or {}=4..16:2",
                                     name, text, name, name));
    if (*hi < *lo)
        throw UsageError(fmt::format("range {}={} is empty ({} > {})", name, text, *lo, *hi));
    // In unsigned arithmetic: hi - lo and lo + i * step never overflow, whatever the ends.
    const std::uint64_t span = static_cast<std::uint64_t>(*hi) - static_cast<std::uint64_t>(*lo);
    if (span / static_cast<std::uint64_t>(step) >= static_cast<std::uint64_t>(kMaxAxisValues))
        throw UsageError(
            fmt::format("range {}={} has more than {} values", name, text, kMaxAxisValues));
    const std::uint64_t count = span / static_cast<std::uint64_t>(step) + 1;
    std::vector<std::string> values;
    for (std::uint64_t i = 0; i < count; ++i)
        values.push_back(std::to_string(static_cast<std::int64_t>(
            static_cast<std::uint64_t>(*lo) + i * static_cast<std::uint64_t>(step))));
    return values;
}

}  // namespace

std::vector<SweepAxis> parseAxes(const std::vector<std::string>& words) {
    std::vector<SweepAxis> axes;
    for (const std::string& word : words) {
        const auto eq = word.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == word.size())
            throw UsageError(fmt::format("expected a parameter name=values, got '{}'", word));
        SweepAxis axis;
        axis.name = word.substr(0, eq);
        const std::string text = word.substr(eq + 1);
        for (const SweepAxis& a : axes)
            if (a.name == axis.name)
                throw UsageError(fmt::format("parameter {} is given twice", axis.name));
        if (text == "auto") {
            axis.automatic = true;
        } else if (const auto dots = text.find("..");
                   dots != std::string::npos && parseInt(text.substr(0, dots))) {
            // A range starts with an integer; other values with ".." (a path such as
            // weights=../w.safetensors) are values like any other.
            axis.values = parseRange(axis.name, text);
        } else {
            axis.values = splitOn(text, ',');
            for (const std::string& v : axis.values)
                if (v.empty())
                    throw UsageError(fmt::format("list {}={} has an empty value", axis.name, text));
        }
        axes.push_back(std::move(axis));
    }
    std::size_t autos = 0;
    for (const SweepAxis& a : axes) autos += a.automatic ? 1 : 0;
    if (autos > 1)
        throw UsageError(
            "at most one parameter can be auto (the minimal-resource search runs "
            "over one)");
    return axes;
}

std::vector<std::vector<std::string>> expandGrid(const std::vector<SweepAxis>& axes) {
    std::vector<std::vector<std::string>> points = {{}};
    double total = 1;
    for (const SweepAxis& a : axes) {
        if (a.automatic) continue;
        total *= static_cast<double>(a.values.size());
        if (total > kMaxAxisValues)
            throw UsageError(fmt::format("the grid has more than {} points", kMaxAxisValues));
        std::vector<std::vector<std::string>> next;
        for (const auto& p : points)
            for (const std::string& v : a.values) {
                next.push_back(p);
                next.back().push_back(a.name + "=" + v);
            }
        points = std::move(next);
    }
    return points;
}

SweepRow sweepPoint(const ReductionInfo& info, const std::vector<std::string>& point,
                    const ParamSpec* autoSpec, std::int64_t autoMax, const VerifyOptions& options) {
    SweepRow row;
    row.point = pointKey(point);
    for (const std::string& w : point)
        row.values[w.substr(0, w.find('='))] = w.substr(w.find('=') + 1);
    std::vector<std::string> words = point;
    if (autoSpec) {
        // The construction's bits with the auto parameter at its default. (Without an auto
        // parameter that is the run itself, built once below.)
        try {
            const BuiltReduction defaults = buildReduction(info.name, point);
            row.constructionBits =
                ProtocolRunner(defaults.reduction->protocol()).protocol().declaredBits();
        } catch (const UsageError&) {
            row.constructionBits = 0;  // the defaults do not build here; reported as 0
        }
        const std::int64_t lo = std::max<std::int64_t>(1, autoSpec->min.value_or(1));
        const std::int64_t hi = std::min<std::int64_t>(autoMax, autoSpec->max.value_or(autoMax));
        std::string lastRefusal;
        bool anyRan = false;
        const auto found = minimalValue(
            lo, hi,
            [&](std::int64_t v) {
                std::vector<std::string> w = point;
                w.push_back(autoSpec->name + "=" + std::to_string(v));
                try {
                    const BuiltReduction b = buildReduction(info.name, w);
                    checkRunSize(*b.reduction, options);
                    anyRan = true;
                    return verifyInstances(*b.reduction, options).incorrect == 0;
                } catch (const UsageError& e) {
                    lastRefusal = e.what();  // e.g. no construction exists at this value
                    return false;
                }
            },
            &row.autoEvaluations);
        // A search in which no value got as far as running failed for a reason of its own (a
        // bad precision, a missing file, a parameter that does not apply), not for lack of a
        // working value: that reason is the error.
        if (!found && !anyRan)
            throw UsageError(fmt::format(
                "{}=auto at {}: every value tried in [{}, {}] was refused before running ({} "
                "tries), so no minimal value can be found; the last refusal: {}",
                autoSpec->name, row.point.empty() ? "this point" : row.point, lo, hi,
                row.autoEvaluations, lastRefusal));
        row.autoValue = found ? std::to_string(*found) : "none";
        row.values[autoSpec->name] = row.autoValue;
        if (!found) {
            row.failure =
                fmt::format("no {} in [{}, {}] is correct{}", autoSpec->name, lo, hi,
                            lastRefusal.empty() ? "" : " (last refusal: " + lastRefusal + ")");
            return row;
        }
        words.push_back(autoSpec->name + "=" + row.autoValue);
    }
    const BuiltReduction built = buildReduction(info.name, words);
    const CheckResult r = check(*built.reduction, options);
    if (!autoSpec) row.constructionBits = r.schedule.declaredBits;
    row.bits = r.result.maxBits;
    row.effectiveBits = r.result.effectiveBits;
    row.bound = r.verdict.bound.bits;
    row.boundClass = std::string(nameOf(r.verdict.bound.cls));
    row.instances = r.result.instances;
    row.correctFraction =
        static_cast<double>(r.result.correct) / static_cast<double>(r.result.instances);
    row.outcome = r.verdict.outcome;
    return row;
}

SweepPlan planSweep(const ReductionInfo& info, const std::vector<std::string>& words,
                    std::int64_t autoMax) {
    SweepPlan plan;
    plan.info = &info;
    plan.words = words;
    plan.autoMax = autoMax;
    plan.axes = parseAxes(words);
    std::vector<std::string> names;
    for (const ParamSpec& p : info.params) names.push_back(p.name);
    for (const SweepAxis& a : plan.axes) {
        const auto it = std::find_if(info.params.begin(), info.params.end(),
                                     [&](const ParamSpec& p) { return p.name == a.name; });
        if (it == info.params.end())
            throw UsageError(fmt::format("unknown parameter '{}' for {}{}", a.name, info.name,
                                         didYouMean(a.name, names)));
        plan.axisTypes.push_back(it->type);
        if (a.automatic) {
            if (it->type != ParamType::Int || !it->size) {
                std::vector<std::string> sizes;
                for (const ParamSpec& p : info.params)
                    if (p.size) sizes.push_back(p.name);
                throw UsageError(fmt::format(
                    "{}=auto: auto searches the smallest working size of the model or protocol, "
                    "and {} is not one; {}",
                    a.name, a.name,
                    sizes.empty() ? fmt::format("{} has no size parameter to search", info.name)
                                  : fmt::format("{}'s size parameters: {}", info.name,
                                                fmt::join(sizes, ", "))));
            }
            plan.autoSpec = &*it;
        }
        if (!a.automatic && a.values.size() >= 2 && plan.sizeAxis.empty() &&
            it->type == ParamType::Int)
            plan.sizeAxis = a.name;
    }
    std::size_t varying = 0;
    for (const SweepAxis& a : plan.axes) varying += a.values.size() >= 2 ? 1 : 0;
    if (varying != 1) plan.sizeAxis.clear();  // fits and plots need exactly one swept size
    plan.points = expandGrid(plan.axes);
    return plan;
}

std::string sweepCommandLine(const SweepPlan& plan, const VerifyOptions& options) {
    std::string command = "ccsim sweep " + plan.info->name;
    for (const std::string& w : plan.words) command += " " + w;
    command += fmt::format(" --seed {}", options.seed);
    if (options.mode == VerifyMode::Sample)
        command += fmt::format(" --sample {}", options.sampleCount);
    if (options.mode == VerifyMode::Sample && options.distribution != "uniform")
        command += " --distribution " + options.distribution;
    if (plan.autoSpec) command += fmt::format(" --auto-max {}", plan.autoMax);
    return command;
}

void checkSweepPoints(const SweepPlan& plan, const VerifyOptions& options) {
    // With an auto parameter a point's default value may be invalid; the search tells what
    // works.
    if (plan.autoSpec) return;
    for (const auto& point : plan.points) {
        const BuiltReduction built = buildReduction(plan.info->name, point);
        checkRunSize(*built.reduction, options);
    }
}

std::string pointKey(const std::vector<std::string>& point) {
    std::string key;
    for (const std::string& w : point) key += (key.empty() ? "" : " ") + w;
    return key;
}

SweepReport runSweep(const SweepPlan& plan, const VerifyOptions& options,
                     const std::map<std::string, SweepRow>& previous,
                     const SweepObserver& observer) {
    SweepReport s;
    s.command = sweepCommandLine(plan, options);
    s.reduction = plan.info->name;
    s.growth = plan.info->growth;
    for (const SweepAxis& a : plan.axes) s.axes.push_back(a.name);
    s.axisTypes = plan.axisTypes;
    s.sizeAxis = plan.sizeAxis;
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        const std::vector<std::string>& point = plan.points[i];
        const std::string key = pointKey(point);
        if (observer.starting) observer.starting(i, plan.points.size(), key);
        if (const auto it = previous.find(key); it != previous.end()) {
            s.rows.push_back(it->second);
            continue;
        }
        s.rows.push_back(sweepPoint(*plan.info, point, plan.autoSpec, plan.autoMax, options));
        s.inputs = files::recordedInputs();  // what the file written after each point names
        if (observer.computed) observer.computed(s);
    }
    if (!s.sizeAxis.empty()) {
        std::vector<double> x, bits, bound, construction;
        for (const SweepRow& r : s.rows) {
            if (r.bits == 0) continue;
            x.push_back(std::stod(r.values.at(s.sizeAxis)));
            bits.push_back(static_cast<double>(r.bits));
            bound.push_back(r.bound);
            construction.push_back(static_cast<double>(r.constructionBits));
        }
        s.bitsFit = fitPowerLaw(x, bits);
        s.boundFit = fitPowerLaw(x, bound);
        s.constructionFit = fitPowerLaw(x, construction);
    }
    s.inputs = files::recordedInputs();
    return s;
}

}  // namespace ccsim
