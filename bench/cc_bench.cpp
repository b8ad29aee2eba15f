// Exact communication complexity (cc/exact.hpp): the memoised search and the SAT method on
// the same matrices, side by side, so their ratio is measured on one machine at one time.

#include <benchmark/benchmark.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/problem/eq.hpp>

namespace {

ccsim::cc::CommMatrix matrix(int which, std::size_t n) {
    if (which == 0) return ccsim::cc::matrixOf(ccsim::Disj(n), 1 << 20);
    if (which == 1) return ccsim::cc::matrixOf(ccsim::Eq(n), 1 << 20);
    ccsim::cc::CommMatrix m;  // inner product mod 2
    m.rows = m.cols = std::size_t{1} << n;
    for (std::size_t x = 0; x < m.rows; ++x)
        for (std::size_t y = 0; y < m.cols; ++y)
            m.values.push_back(__builtin_popcountll(x & y) % 2);
    return m;
}

void search(benchmark::State& state) {
    const auto m =
        matrix(static_cast<int>(state.range(0)), static_cast<std::size_t>(state.range(1)));
    for (auto _ : state) benchmark::DoNotOptimize(ccsim::cc::exactTwoWay(m).bits);
}

void sat(benchmark::State& state) {
    const auto m =
        matrix(static_cast<int>(state.range(0)), static_cast<std::size_t>(state.range(1)));
    for (auto _ : state) benchmark::DoNotOptimize(ccsim::cc::satTwoWay(m).bits);
}

void fooling(benchmark::State& state) {
    const auto m =
        matrix(static_cast<int>(state.range(0)), static_cast<std::size_t>(state.range(1)));
    for (auto _ : state) benchmark::DoNotOptimize(ccsim::cc::largestFoolingSet(m).cells.size());
}

}  // namespace

// range(0): 0 disj, 1 eq, 2 ip; range(1): n.
BENCHMARK(search)->ArgsProduct({{0, 1, 2}, {3, 4}})->Unit(benchmark::kMillisecond);
BENCHMARK(sat)->ArgsProduct({{0, 1, 2}, {3}})->Unit(benchmark::kMillisecond);
BENCHMARK(fooling)->ArgsProduct({{0, 1, 2}, {3, 4}})->Unit(benchmark::kMillisecond);
