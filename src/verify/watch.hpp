#pragma once
// Internal to the verifier: the watch both engines run their work under. It draws the
// progress bar, measures the run's rate, and stops a run whose estimated length exceeds
// VerifyOptions::maxSeconds (a UsageError that says how long it would take).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <ccsim/verify/runner.hpp>

namespace ccsim {

class RunWatch {
public:
    /// `what` names the run in the refusal ("exhaustive run of DISJ_12").
    RunWatch(const VerifyOptions& options, std::uint64_t total, std::string what);

    /// Workers report finished instances here; once the watch has decided to stop the run,
    /// this throws (the workers unwind, and run() reports why).
    void finished(std::uint64_t count) {
        done_.fetch_add(count, std::memory_order_relaxed);
        if (stop_.load(std::memory_order_relaxed)) throw Stopped{};
    }

    /// Runs work on a thread of its own while this one draws the progress bar and checks the
    /// time every 100 ms. Throws UsageError if the run was stopped for taking too long.
    void run(const std::function<void()>& work);

private:
    struct Stopped {};
    /// True (and the refusal written) if the estimated length exceeds the limit: the set-up
    /// before run() plus the instances at the rate measured since run() began.
    bool overLimit();

    const VerifyOptions& options_;
    std::uint64_t total_;
    std::string what_;
    std::chrono::steady_clock::time_point start_;  ///< the watch's construction
    std::chrono::steady_clock::time_point work_;   ///< run() began
    std::atomic<std::uint64_t> done_{0};
    std::atomic<bool> stop_{false};
    std::string refusal_;
};

}  // namespace ccsim
