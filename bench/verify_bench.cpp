// Exhaustive verification throughput: instances per second through the whole pipeline
// (instance enumeration, channel, transcript keys, truth), for the baseline reductions.

#include <benchmark/benchmark.h>

#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>

namespace {

/// Instances per second of an exhaustive check of `reduction` with these parameters.
void verifyExhaustive(benchmark::State& state, const char* reduction,
                      const std::vector<std::string>& words, unsigned threads,
                      ccsim::Engine engine = ccsim::Engine::Auto) {
    ccsim::BuiltReduction built = ccsim::buildReduction(reduction, words);
    ccsim::VerifyOptions options;
    options.threads = threads;
    options.engine = engine;
    std::uint64_t instances = 0;
    for (auto _ : state) {
        const ccsim::VerifyResult result = ccsim::verifyInstances(*built.reduction, options);
        benchmark::DoNotOptimize(result.correct);
        instances += result.instances;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(instances));
}

std::vector<std::string> sizeN(const benchmark::State& s) {
    return {"n=" + std::to_string(s.range(0))};
}

void BM_VerifyDisjTrivial1(benchmark::State& s) {
    verifyExhaustive(s, "disj_trivial", sizeN(s), 1);
}
void BM_VerifyDisjTrivial2(benchmark::State& s) {
    verifyExhaustive(s, "disj_trivial", sizeN(s), 2);
}
void BM_VerifyIndexTrivial1(benchmark::State& s) {
    verifyExhaustive(s, "index_trivial", sizeN(s), 1);
}
/// disj_qsa with the default qsa_random construction at fp32: q=6 (4096 instances), q=8.
void BM_VerifyDisjQsa(benchmark::State& s) {
    verifyExhaustive(s, "disj_qsa", {"q=" + std::to_string(s.range(0))},
                     static_cast<unsigned>(s.range(1)));
}

// The tree engine against the reference runner, side by side in one process (their reports
// are byte-identical, see the conformance suite's differential test; only the time differs).
//   build/bench/ccsim_bench --benchmark_filter=Engine --benchmark_repetitions=5
std::vector<std::string> disjQsa(const benchmark::State& s) {
    return {"q=" + std::to_string(s.range(0)), "construction=random", "m=64", "precision=fp64"};
}

void BM_EngineDisjQsaTree(benchmark::State& s) {
    verifyExhaustive(s, "disj_qsa", disjQsa(s), static_cast<unsigned>(s.range(1)),
                     ccsim::Engine::Tree);
}
void BM_EngineDisjQsaReference(benchmark::State& s) {
    verifyExhaustive(s, "disj_qsa", disjQsa(s), static_cast<unsigned>(s.range(1)),
                     ccsim::Engine::Reference);
}
void BM_EngineDisjTrivialTree(benchmark::State& s) {
    verifyExhaustive(s, "disj_trivial", {"n=" + std::to_string(s.range(0))},
                     static_cast<unsigned>(s.range(1)), ccsim::Engine::Tree);
}
void BM_EngineDisjTrivialReference(benchmark::State& s) {
    verifyExhaustive(s, "disj_trivial", {"n=" + std::to_string(s.range(0))},
                     static_cast<unsigned>(s.range(1)), ccsim::Engine::Reference);
}
void BM_EngineHopTree(benchmark::State& s) {
    verifyExhaustive(s, "hop_transformer", {"n=" + std::to_string(s.range(0)), "k=4"},
                     static_cast<unsigned>(s.range(1)), ccsim::Engine::Tree);
}
void BM_EngineHopReference(benchmark::State& s) {
    verifyExhaustive(s, "hop_transformer", {"n=" + std::to_string(s.range(0)), "k=4"},
                     static_cast<unsigned>(s.range(1)), ccsim::Engine::Reference);
}

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
BENCHMARK(BM_VerifyDisjQsa)
    ->Args({6, 1})
    ->Args({6, 2})
    ->Args({8, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_VerifyIndexTrivial1)->Arg(12)->Arg(16)->Unit(benchmark::kMillisecond)->UseRealTime();

// {size, threads}
BENCHMARK(BM_EngineDisjQsaTree)
    ->Args({8, 1})
    ->Args({10, 1})
    ->Args({10, 2})
    ->Args({12, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_EngineDisjQsaReference)->Args({8, 1})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EngineDisjTrivialTree)
    ->Args({10, 1})
    ->Args({12, 1})
    ->Args({12, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_EngineDisjTrivialReference)
    ->Args({10, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_EngineHopTree)
    ->Args({6, 1})
    ->Args({8, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_EngineHopReference)
    ->Args({6, 1})
    ->Args({8, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
