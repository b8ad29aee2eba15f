// Sweep throughput: grid points per second through sweepPoint (what `ccsim sweep` runs per
// point), with 1 and 2 worker threads, for a plain grid and for a minimal-m search.

#include <benchmark/benchmark.h>

#include <ccsim/sweep/sweep.hpp>

namespace {

void sweepGrid(benchmark::State& state, const char* reduction, std::vector<std::string> words) {
    const ccsim::ReductionInfo& info =
        ccsim::ReductionRegistry::instance().get(reduction, "reduction");
    const auto axes = ccsim::parseAxes(words);
    const ccsim::ParamSpec* autoSpec = nullptr;
    for (const auto& a : axes)
        for (const auto& p : info.params)
            if (a.automatic && p.name == a.name) autoSpec = &p;
    const auto points = ccsim::expandGrid(axes);
    ccsim::VerifyOptions options;
    options.threads = static_cast<unsigned>(state.range(0));
    std::int64_t done = 0;
    for (auto _ : state) {
        for (const auto& point : points) {
            const ccsim::SweepRow row = ccsim::sweepPoint(info, point, autoSpec, 1024, options);
            benchmark::DoNotOptimize(row.bits);
            ++done;
        }
    }
    state.SetItemsProcessed(done);
}

void BM_SweepDisjTruncated(benchmark::State& s) {
    sweepGrid(s, "disj_truncated", {"n=4..9", "k=3"});
}
void BM_SweepDisjQsaAutoM(benchmark::State& s) {
    sweepGrid(s, "disj_qsa", {"q=2..5", "m=auto", "precision=fixed:12:8"});
}

}  // namespace

BENCHMARK(BM_SweepDisjTruncated)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SweepDisjQsaAutoM)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
