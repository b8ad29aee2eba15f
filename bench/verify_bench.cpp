// Exhaustive verification throughput: instances per second through the whole pipeline
// (instance enumeration, channel, transcript keys, truth), for the baseline reductions.

#include <benchmark/benchmark.h>

#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>

namespace {

void verifyExhaustive(benchmark::State& state, const char* reduction, unsigned threads) {
    const auto n = static_cast<std::int64_t>(state.range(0));
    ccsim::BuiltReduction built = ccsim::buildReduction(reduction, {"n=" + std::to_string(n)});
    ccsim::VerifyOptions options;
    options.threads = threads;
    std::uint64_t instances = 0;
    for (auto _ : state) {
        const ccsim::VerifyResult result = ccsim::verifyInstances(*built.reduction, options);
        benchmark::DoNotOptimize(result.correct);
        instances += result.instances;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(instances));
}

void BM_VerifyDisjTrivial1(benchmark::State& s) { verifyExhaustive(s, "disj_trivial", 1); }
void BM_VerifyDisjTrivial2(benchmark::State& s) { verifyExhaustive(s, "disj_trivial", 2); }
void BM_VerifyIndexTrivial1(benchmark::State& s) { verifyExhaustive(s, "index_trivial", 1); }

}  // namespace

BENCHMARK(BM_VerifyDisjTrivial1)
    ->Arg(6)
    ->Arg(8)
    ->Arg(10)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_VerifyDisjTrivial2)
    ->Arg(6)
    ->Arg(8)
    ->Arg(10)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_VerifyIndexTrivial1)->Arg(12)->Arg(16)->Unit(benchmark::kMillisecond)->UseRealTime();
