// Bit encoding throughput: numbers encoded into payloads and decoded back per second.

#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/numeric/format.hpp>

namespace {

std::vector<double> values() {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    std::vector<double> xs(4096);
    for (double& x : xs) x = normal(rng);
    return xs;
}

void encodeDecode(benchmark::State& state, const char* spelling) {
    const ccsim::Format format = ccsim::Format::parse(spelling);
    const std::vector<double> xs = values();
    for (auto _ : state) {
        ccsim::BitWriter writer(xs.size() * static_cast<std::size_t>(format.widthBits()));
        for (double x : xs) writer.writeNumber(format, x);
        ccsim::BitReader reader(writer.payload());
        double sum = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) sum += reader.readNumber(format);
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * xs.size()));
}

/// Quantization of one vector of numbers, fast path against the reference definition
/// (the models quantize every Q, K, V coordinate and every block sum through it).
void quantizeAll(benchmark::State& state, const char* spelling, bool reference) {
    const ccsim::Format format = ccsim::Format::parse(spelling);
    const std::vector<double> xs = values();
    for (auto _ : state) {
        double sum = 0;
        for (double x : xs) sum += reference ? format.quantizeReference(x) : format.quantize(x);
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * xs.size()));
}
void BM_QuantizeFixed12(benchmark::State& s) { quantizeAll(s, "fixed:12:8", false); }
void BM_QuantizeFixed12Reference(benchmark::State& s) { quantizeAll(s, "fixed:12:8", true); }
void BM_QuantizeBf16(benchmark::State& s) { quantizeAll(s, "bf16", false); }
void BM_QuantizeBf16Reference(benchmark::State& s) { quantizeAll(s, "bf16", true); }
void BM_QuantizeE4m3(benchmark::State& s) { quantizeAll(s, "e4m3", false); }
void BM_QuantizeE4m3Reference(benchmark::State& s) { quantizeAll(s, "e4m3", true); }

void BM_Fixed16(benchmark::State& s) { encodeDecode(s, "fixed:16:12"); }
void BM_Fp32(benchmark::State& s) { encodeDecode(s, "fp32"); }
void BM_Bf16(benchmark::State& s) { encodeDecode(s, "bf16"); }
void BM_E4m3(benchmark::State& s) { encodeDecode(s, "e4m3"); }

}  // namespace

BENCHMARK(BM_QuantizeFixed12);
BENCHMARK(BM_QuantizeFixed12Reference);
BENCHMARK(BM_QuantizeBf16);
BENCHMARK(BM_QuantizeBf16Reference);
BENCHMARK(BM_QuantizeE4m3);
BENCHMARK(BM_QuantizeE4m3Reference);
BENCHMARK(BM_Fixed16);
BENCHMARK(BM_Fp32);
BENCHMARK(BM_Bf16);
BENCHMARK(BM_E4m3);
BENCHMARK_MAIN();
