#include "watch.hpp"

#include <future>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

/// The rate is not trusted before the run has gone this long (set-up, warm caches).
constexpr double kWarmUpSeconds = 2.0;

}  // namespace

RunWatch::RunWatch(const VerifyOptions& options, std::uint64_t total, std::string what)
    : options_(options),
      total_(total),
      what_(std::move(what)),
      start_(std::chrono::steady_clock::now()),
      work_(start_) {}

bool RunWatch::overLimit() {
    const double limit = options_.maxSeconds;
    const auto now = std::chrono::steady_clock::now();
    const double setup = std::chrono::duration<double>(work_ - start_).count();
    const double working = std::chrono::duration<double>(now - work_).count();
    if (limit <= 0 || working < std::min(kWarmUpSeconds, limit / 2)) return false;
    const std::uint64_t done = done_.load(std::memory_order_relaxed);
    const std::string advice = fmt::format(
        "over the --max-time limit of {}; use --sample N to check a seeded sample (or raise "
        "--max-time)",
        formatDuration(limit));
    if (done == 0) {
        if (setup + working <= limit) return false;
        refusal_ = fmt::format("{} finished no instance in its first {}, {}", what_,
                               formatDuration(setup + working), advice);
        return true;
    }
    const double rate = static_cast<double>(done) / working;
    const double estimate = setup + static_cast<double>(total_) / rate;
    if (estimate <= limit) return false;
    const std::string after =
        setup < 0.1 ? "" : fmt::format(" after {} of set-up", formatDuration(setup));
    refusal_ = fmt::format("{} would take about {} ({:.3g} instances/s over {}{}, {} thread{}), {}",
                           what_, formatDuration(estimate), rate, formatDuration(working), after,
                           options_.threads, options_.threads == 1 ? "" : "s", advice);
    return true;
}

void RunWatch::run(const std::function<void()>& work) {
    work_ = std::chrono::steady_clock::now();
    auto job = std::async(std::launch::async, [&] {
        try {
            work();
        } catch (const Stopped&) {
        }
    });
    while (job.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        if (options_.progress) options_.progress(done_.load(std::memory_order_relaxed), total_);
        if (!stop_.load(std::memory_order_relaxed) && overLimit())
            stop_.store(true, std::memory_order_relaxed);
    }
    job.get();  // a worker's own exception
    if (stop_.load(std::memory_order_relaxed)) {
        if (options_.progress) options_.progress(total_, total_);  // clears the bar
        throw UsageError(refusal_);
    }
    if (options_.progress) options_.progress(total_, total_);
}

}  // namespace ccsim
