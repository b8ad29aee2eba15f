#pragma once
/// \file
/// The resources a command may use, and the checks every command makes against them before
/// it allocates or starts work (docs/cli.md, "Memory and time limits").
///
/// - Memory: `--max-memory` (default: 80 % of the memory this process can have — physical
///   memory, or a cgroup or RLIMIT_AS limit if lower). Constructions and commands call
///   requireMemory with the bytes they are about to allocate, computed from their parameters,
///   and get a UsageError naming the estimate instead of an allocation that thrashes the
///   machine. As a backstop, enforceMemoryLimit caps the address space a little above the
///   limit, so an allocation no estimate foresaw fails with std::bad_alloc (exit 2) instead
///   of waking the kernel's OOM killer.
/// - Time: `--max-time`. requireWork refuses work that would take longer than the limit even
///   at kFastestOperationsPerSecond; runs are also measured as they go (verify/watch.hpp).

#include <cstddef>
#include <string>
#include <string_view>

namespace ccsim {

struct ResourceLimits {
    double memoryBytes = 0;  ///< 0: no limit
    double seconds = 3600;   ///< 0: no limit
};

/// The process-wide limits; the CLI sets them once from its options.
ResourceLimits& resourceLimits();

/// 80 % of the memory this process can have (see the file comment).
double defaultMemoryLimit();

/// Caps the address space at the memory limit plus room for stacks and allocator
/// reservations (a no-op without a limit or under AddressSanitizer, which reserves terabytes).
void enforceMemoryLimit();

/// "1.5 GB", "730 MB", "12 kB" (powers of 1000).
std::string formatBytes(double bytes);
/// "0.4 s", "45 s", "12 min", "2.3 h", "4.1 days", "37 years": one decimal below 10 s, then
/// two significant digits.
std::string formatDuration(double seconds);
/// Parses a --max-memory value: bytes, or a number with k, M, G or T (powers of 1000; KiB,
/// MiB, GiB, TiB for powers of 1024), or 0 for no limit. UsageError naming the option.
double parseBytes(std::string_view option, const std::string& text);

/// Bytes of `count` rows × cols matrices of doubles.
double matrixBytes(double rows, double cols, double count = 1);

/// UsageError unless `bytes` fit the memory limit: "{what} needs about {bytes} ({detail}),
/// over the memory limit of {limit} (--max-memory); {advice}".
void requireMemory(double bytes, std::string_view what, std::string_view detail,
                   std::string_view advice);

/// The rate requireWork assumes: more floating-point operations per second than this
/// program reaches on any machine it runs on, so a refusal is never premature.
inline constexpr double kFastestOperationsPerSecond = 1e11;

/// UsageError if `operations` would take over the time limit even at
/// kFastestOperationsPerSecond.
void requireWork(double operations, std::string_view what, std::string_view advice);

/// True if `bytes` and `operations` pass both checks above (cheap: for hot paths that only
/// build the messages when they would fail).
bool withinLimits(double bytes, double operations);

}  // namespace ccsim
