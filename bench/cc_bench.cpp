// Exact communication complexity (cc/exact.hpp): the memoised search and the SAT method on
// the same matrices, side by side, so their ratio is measured on one machine at one time;
// the round search, the partition and cover numbers, and what a run pays for its exact
// bound (verify/verdict.hpp).

#include <benchmark/benchmark.h>

#include <ccsim/cc/exact.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/problem/eq.hpp>
#include <ccsim/verify/verdict.hpp>

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

void rounds(benchmark::State& state) {
    const auto m =
        matrix(static_cast<int>(state.range(0)), static_cast<std::size_t>(state.range(1)));
    for (auto _ : state) benchmark::DoNotOptimize(ccsim::cc::answerNotChargedBits(m));
}

void partition(benchmark::State& state) {
    const auto m =
        matrix(static_cast<int>(state.range(0)), static_cast<std::size_t>(state.range(1)));
    const ccsim::cc::ExactResult exact = ccsim::cc::exactTwoWay(m);
    for (auto _ : state) {
        std::size_t total = ccsim::cc::partitionNumber(m, *exact.tree).count;
        for (const std::int64_t v : m.distinctValues()) total += ccsim::cc::coverNumber(m, v).count;
        benchmark::DoNotOptimize(total);
    }
}

/// A run's exact one-way bound on DISJ_n: the matrix tabulated from the problem (2^(2n)
/// truth calls) and its distinct rows counted.
void runExactBound(benchmark::State& state) {
    const ccsim::Disj disj(static_cast<std::size_t>(state.range(0)));
    const ccsim::LowerBound bound = *disj.lowerBound(ccsim::BoundClass::OneWayAliceToBob);
    for (auto _ : state) benchmark::DoNotOptimize(ccsim::exactBoundFor(disj, bound)->bits);
}

}  // namespace

// range(0): 0 disj, 1 eq, 2 ip; range(1): n.
BENCHMARK(search)->ArgsProduct({{0, 1, 2}, {3, 4}})->Unit(benchmark::kMillisecond);
BENCHMARK(sat)->ArgsProduct({{0, 1, 2}, {3}})->Unit(benchmark::kMillisecond);
BENCHMARK(fooling)->ArgsProduct({{0, 1, 2}, {3, 4}})->Unit(benchmark::kMillisecond);
BENCHMARK(rounds)->ArgsProduct({{0, 1, 2}, {3}})->Unit(benchmark::kMillisecond);
BENCHMARK(partition)->ArgsProduct({{0, 1, 2}, {3}})->Unit(benchmark::kMillisecond);
BENCHMARK(runExactBound)->Arg(6)->Arg(8)->Unit(benchmark::kMillisecond);
