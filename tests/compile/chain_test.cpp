// The chain strategy: an RNN split into blocks, one message of L·m·p bits per block boundary,
// and the splits it refuses. Faithfulness: tests/compile/faithfulness_test.cpp.

#include <vector>

#include <doctest/doctest.h>

#include <ccsim/compile/chain.hpp>
#include <ccsim/error.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/qsa.hpp>
#include <ccsim/verify/check.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

TEST_SUITE("compile/chain") {
    TEST_CASE(
        "a k-block chain (k = 2, 3, 4): one party per block, k - 1 messages along the chain") {
        // Every choice of k - 1 block starts in [1, n), for n = 4..7.
        const auto model = makeRandomRnn(2, 3, 2, 2, Activation::Tanh, 7);
        for (std::size_t n = 4; n <= 7; ++n)
            for (std::uint64_t mask = 1; mask < (1U << (n - 1)); ++mask) {
                std::vector<std::size_t> starts;
                for (std::size_t s = 1; s < n; ++s)
                    if (mask >> (s - 1) & 1U) starts.push_back(s);
                const std::size_t blocks = starts.size() + 1;
                if (blocks > 4) continue;
                SplitMix64 rng(mask * 31 + n);
                const Matrix x = gaussianMatrix(rng, static_cast<Eigen::Index>(n), 2);
                for (const char* format : {"fp32", "bf16"}) {
                    CAPTURE(n);
                    CAPTURE(mask);
                    CAPTURE(format);
                    ChainSpec spec;
                    spec.format = Format::parse(format);
                    spec.tokens = n;
                    spec.splits = starts;
                    spec.readout = [](const Vector& out) -> std::uint64_t { return out[0] > 0; };
                    ProtocolRunner runner(compileChain(model, spec));
                    REQUIRE(runner.protocol().parties == static_cast<int>(blocks));
                    REQUIRE(runner.protocol().rounds.size() == blocks - 1);
                    const PartyInputs inputs = splitBlocks(x, starts);
                    REQUIRE(inputs.size() == blocks);
                    for (std::size_t b = 0; b < blocks; ++b) {
                        const std::size_t lo = b == 0 ? 0 : starts[b - 1];
                        const std::size_t hi = b + 1 == blocks ? n : starts[b];
                        CHECK(inputs[b].tokens.size() == hi - lo);
                        CHECK(inputs[b].tokens.front().position == lo);
                    }
                    const ProtocolOutput out = runner.run(inputs);
                    REQUIRE(out.values.size() == 2);
                    // k - 1 messages of L·m·p bits each, along the chain 0 -> 1 -> ... -> k-1.
                    CHECK(runner.transcript().totalBits() ==
                          (blocks - 1) * chainBits(*model, spec.format));
                    for (std::size_t i = 0; i + 1 < blocks; ++i) {
                        const Round& r = runner.protocol().rounds[i];
                        CHECK(r.from == static_cast<PartyId>(i));
                        CHECK(r.to == std::vector<PartyId>{static_cast<PartyId>(i + 1)});
                        CHECK(r.payloadBits == chainBits(*model, spec.format));
                    }
                    if (blocks == 2) {
                        // The two-block API is the same protocol.
                        ChainSpec two = spec;
                        two.splits.clear();
                        two.split = starts[0];
                        ProtocolRunner old(compileChain(model, two));
                        const ProtocolOutput o2 = old.run(splitPrefix(x, two.split));
                        CHECK(o2.values == out.values);
                        CHECK(old.transcript().key() == runner.transcript().key());
                    }
                }
            }
    }

    TEST_CASE("k-block starts that leave a party without tokens are refused") {
        const auto model = makeRandomRnn(2, 2, 1, 1, Activation::Tanh, 1);
        ChainSpec spec;
        spec.tokens = 5;
        spec.readout = [](const Vector&) -> std::uint64_t { return 0; };
        spec.splits = {2, 2};
        CHECK_THROWS_AS(compileChain(model, spec), UsageError);
        spec.splits = {3, 2};
        CHECK_THROWS_AS(compileChain(model, spec), UsageError);
        spec.splits = {2, 5};
        CHECK_THROWS_AS(compileChain(model, spec), UsageError);
        spec.splits = {1, 2, 4};
        CHECK_NOTHROW(compileChain(model, spec));
    }

    TEST_CASE("a split that leaves a party without tokens is refused") {
        const auto model = makeRandomRnn(2, 2, 1, 1, Activation::Tanh, 1);
        ChainSpec spec;
        spec.tokens = 4;
        spec.readout = [](const Vector&) -> std::uint64_t { return 0; };
        spec.split = 0;
        CHECK_THROWS_AS(compileChain(model, spec), UsageError);
        spec.split = 4;
        CHECK_THROWS_AS(compileChain(model, spec), UsageError);
    }

    TEST_CASE("index_qsa_rnn: memory n passes, every smaller state fails with a witness") {
        VerifyOptions options;
        options.threads = 2;
        const BuiltReduction ok = buildReduction("index_qsa_rnn", {"n=7"});
        const CheckResult r = check(*ok.reduction, options);
        CHECK(r.verdict.outcome == Outcome::Correct);
        CHECK(r.result.maxBits == 7 * 2);
        CHECK(r.result.distinctTranscripts == 128);
        int below = 0;
        for (const char* m : {"m=1", "m=2", "m=3"}) {
            for (const std::vector<std::string>& extra :
                 {std::vector<std::string>{}, std::vector<std::string>{"construction=random"}}) {
                std::vector<std::string> words = {"n=7", m};
                words.insert(words.end(), extra.begin(), extra.end());
                CAPTURE(m);
                const CheckResult low =
                    check(*buildReduction("index_qsa_rnn", words).reduction, options);
                REQUIRE(static_cast<double>(low.result.maxBits) < low.verdict.bound.bits);
                ++below;
                CHECK(low.verdict.outcome == Outcome::FailsAsPredicted);
                REQUIRE(low.search.witness.has_value());
                const InstanceRun& wrong = low.search.witness->wrongRun();
                const std::uint64_t i = wrong.instance[1].values.at(0);
                CHECK(wrong.answer != (wrong.instance[0].bits[i] ? 1U : 0U));
            }
        }
        CHECK(below == 6);
    }
}
