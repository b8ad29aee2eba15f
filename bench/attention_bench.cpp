// Attention forward throughput (disj_qsa verification throughput is in verify_bench.cpp).
//
// BM_AttentionForward: one full forward pass (all N outputs) of a random H-head unit over N
// tokens; reported as token·m products per second (N² score terms of m multiply-adds each
// per head), to compare with the machine's peak FLOP rate.

#include <benchmark/benchmark.h>

#include <ccsim/construct/qsa.hpp>
#include <ccsim/task/qsa.hpp>

namespace {

void BM_AttentionForward(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto m = static_cast<std::size_t>(state.range(1));
    const std::size_t d = 16;
    const std::size_t heads = 2;
    const auto model = ccsim::makeRandomAttention(d, m, 8, 8, heads, 1);
    ccsim::SplitMix64 rng(3);
    ccsim::Matrix x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
    for (Eigen::Index r = 0; r < x.rows(); ++r)
        for (Eigen::Index c = 0; c < x.cols(); ++c) x(r, c) = ccsim::gaussian(rng);
    for (auto _ : state) benchmark::DoNotOptimize(model->forward(x));
    // Score products: N queries x N keys x m per head.
    state.counters["token_m_per_s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(n * n * m * heads),
        benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_AttentionForward)->Args({16, 8})->Args({64, 16})->Args({256, 32})->Args({512, 64});
