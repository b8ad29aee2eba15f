#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

/// Address space beyond the memory limit for thread stacks, allocator arenas and code.
constexpr double kAddressSlack = 4.0 * (1ULL << 30);

/// The cgroup v2 (or v1) memory limit of this process, if one is set.
double cgroupLimit() {
    for (const char* path :
         {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        std::ifstream in(path);
        std::string text;
        if (!(in >> text) || text == "max") continue;
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && value > 0 && value < 1e18) return value;
    }
    return std::numeric_limits<double>::infinity();
}

}  // namespace

ResourceLimits& resourceLimits() {
    static ResourceLimits limits{defaultMemoryLimit(), 3600};
    return limits;
}

double defaultMemoryLimit() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    double available = pages > 0 && pageSize > 0
                           ? static_cast<double>(pages) * static_cast<double>(pageSize)
                           : std::numeric_limits<double>::infinity();
    available = std::min(available, cgroupLimit());
    rlimit as{};
    if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
        available = std::min(available, static_cast<double>(as.rlim_cur));
    return std::isfinite(available) ? 0.8 * available : 0;
}

void enforceMemoryLimit() {
    if (kAddressSanitizer) return;
    // The limit the process started with: a cap is only ever set below it, and restored
    // when the limit is lifted.
    static const rlimit original = [] {
        rlimit as{RLIM_INFINITY, RLIM_INFINITY};
        getrlimit(RLIMIT_AS, &as);
        return as;
    }();
    rlimit as = original;
    const double limit = resourceLimits().memoryBytes;
    const double wanted = limit + kAddressSlack;
    if (limit > 0 && wanted < static_cast<double>(std::numeric_limits<rlim_t>::max() / 2)) {
        const auto cap = static_cast<rlim_t>(wanted);
        if (original.rlim_cur == RLIM_INFINITY || cap < original.rlim_cur) as.rlim_cur = cap;
    }
    setrlimit(RLIMIT_AS, &as);  // best effort: the estimates are the real guard
}

std::string formatBytes(double bytes) {
    if (bytes < 1e3) return fmt::format("{:.0f} B", bytes);
    if (bytes < 1e6) return fmt::format("{:.3g} kB", bytes / 1e3);
    if (bytes < 1e9) return fmt::format("{:.3g} MB", bytes / 1e6);
    if (bytes < 1e12) return fmt::format("{:.3g} GB", bytes / 1e9);
    return fmt::format("{:.3g} TB", bytes / 1e12);
}

std::string formatDuration(double seconds) {
    if (seconds < 10) return fmt::format("{:.1f} s", seconds);
    if (seconds < 60) return fmt::format("{:.0f} s", seconds);
    if (seconds < 3600) return fmt::format("{:.2g} min", seconds / 60);
    if (seconds < 86400) return fmt::format("{:.2g} h", seconds / 3600);
    if (seconds < 86400 * 365.25) return fmt::format("{:.2g} days", seconds / 86400);
    return fmt::format("{:.2g} years", seconds / (86400 * 365.25));
}

double parseBytes(std::string_view option, const std::string& text) {
    const auto bad = [&] {
        return UsageError(fmt::format(
            "{} {}: expected a size such as 8G, 512M, 1.5GiB or a number of bytes (0: no limit)",
            option, text));
    };
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data() || !std::isfinite(value) || value < 0) throw bad();
    std::string unit(end, text.data() + text.size());
    if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b') && unit != "b") unit.pop_back();
    double scale = 0;
    if (unit.empty())
        scale = 1;
    else if (unit == "k" || unit == "K")
        scale = 1e3;
    else if (unit == "M")
        scale = 1e6;
    else if (unit == "G")
        scale = 1e9;
    else if (unit == "T")
        scale = 1e12;
    else if (unit == "Ki")
        scale = 1024.0;
    else if (unit == "Mi")
        scale = 1024.0 * 1024;
    else if (unit == "Gi")
        scale = 1024.0 * 1024 * 1024;
    else if (unit == "Ti")
        scale = 1024.0 * 1024 * 1024 * 1024;
    if (scale == 0 || value * scale > 1e18) throw bad();
    return value * scale;
}

namespace {

bool fitsMemory(double bytes, double limit) { return limit <= 0 || bytes <= limit; }
bool fitsTime(double operations, double seconds) {
    return seconds <= 0 || operations / kFastestOperationsPerSecond <= seconds;
}

}  // namespace

double matrixBytes(double rows, double cols, double count) {
    return rows * cols * count * static_cast<double>(sizeof(double));
}

void requireMemory(double bytes, std::string_view what, std::string_view detail,
                   std::string_view advice) {
    const double limit = resourceLimits().memoryBytes;
    if (fitsMemory(bytes, limit)) return;
    throw UsageError(
        fmt::format("{} needs about {} ({}), over the memory limit of {} "
                    "(--max-memory); {}",
                    what, formatBytes(bytes), detail, formatBytes(limit), advice));
}

void requireWork(double operations, std::string_view what, std::string_view advice) {
    const double limit = resourceLimits().seconds;
    if (fitsTime(operations, limit)) return;
    const double seconds = operations / kFastestOperationsPerSecond;
    throw UsageError(fmt::format(
        "{} needs about {:.2g} floating-point operations: even at {:.0e} per second that is {}, "
        "over the --max-time limit of {}; {}",
        what, operations, kFastestOperationsPerSecond, formatDuration(seconds),
        formatDuration(limit), advice));
}

bool withinLimits(double bytes, double operations) {
    const ResourceLimits& limits = resourceLimits();
    return fitsMemory(bytes, limits.memoryBytes) && fitsTime(operations, limits.seconds);
}

}  // namespace ccsim
