// Multi-layer transformers: the reference forward pass, the quantized pass the protocols
// must match, and one run of the compiled layerwise protocol (hop_transformer's model), to see
// what the bit-for-bit recomputation inside the protocol costs against the model itself.

#include <benchmark/benchmark.h>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/transformer.hpp>
#include <ccsim/construct/hop.hpp>
#include <ccsim/model/transformer.hpp>
#include <ccsim/task/qsa.hpp>

namespace {

ccsim::Matrix randomTokens(std::size_t n, std::size_t d) {
    ccsim::SplitMix64 rng(3);
    return ccsim::gaussianMatrix(rng, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
}

// Reference pass, all positions: L layers of H = 2 heads, d = 32, m = 16, MLP width 64.
void BM_TransformerForward(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto layers = static_cast<std::size_t>(state.range(1));
    const auto model = ccsim::makeRandomTransformer(32, layers, 2, 16, 64, true, 1);
    const ccsim::Matrix x = randomTokens(n, 32);
    for (auto _ : state) benchmark::DoNotOptimize(model->forward(x));
    state.counters["tokens_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * n),
                                                        benchmark::Counter::kIsRate);
}

// The quantized pass (partial-sums, two blocks): what every compiled protocol reproduces.
void BM_TransformerForwardQuantized(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto layers = static_cast<std::size_t>(state.range(1));
    const auto model = ccsim::makeRandomTransformer(32, layers, 2, 16, 64, true, 1);
    const ccsim::Matrix x = randomTokens(n, 32);
    std::vector<int> blocks(n);
    for (std::size_t j = 0; j < n; ++j) blocks[j] = j < n / 2 ? 0 : 1;
    const ccsim::Format format = ccsim::Format::parse("fp32");
    for (auto _ : state)
        benchmark::DoNotOptimize(
            model->forwardQuantized(x, format, ccsim::PrecisionModel::PartialSums, blocks));
    state.counters["tokens_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * n),
                                                        benchmark::Counter::kIsRate);
}

// One instance of the layerwise protocol on the hop_k doubling transformer (N = 16, k = 4).
void BM_LayerwiseHop(benchmark::State& state) {
    const auto hop = ccsim::makeHopDoubling({16, 4, 4});
    ccsim::TransformerSpec spec;
    spec.format = ccsim::Format::parse("fp32");
    spec.target = hop->positions() - 1;
    spec.owner.assign(hop->positions(), 0);
    for (std::size_t j = hop->positions() / 2; j < hop->positions(); ++j) spec.owner[j] = 1;
    spec.readout = [](const ccsim::Vector&) -> std::uint64_t { return 0; };
    ccsim::ProtocolRunner runner(ccsim::compileTransformer(hop->model(), spec));
    ccsim::SplitMix64 rng(5);
    const ccsim::PartyInputs inputs =
        ccsim::splitTokens(hop->tokens(ccsim::sampleSequence(16, 4, rng)), spec.owner);
    for (auto _ : state) benchmark::DoNotOptimize(runner.run(inputs));
    state.counters["instances_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_TransformerForward)->Args({16, 2})->Args({64, 4})->Args({256, 4});
BENCHMARK(BM_TransformerForwardQuantized)->Args({16, 2})->Args({64, 4});
BENCHMARK(BM_LayerwiseHop);
