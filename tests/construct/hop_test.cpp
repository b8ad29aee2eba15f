// hop_k: the task's definition on hand-made cases, and the pointer-doubling transformer
// against it on random sequences (every position, every k up to 9).

#include <doctest/doctest.h>

#include <ccsim/construct/hop.hpp>
#include <ccsim/error.hpp>
#include <ccsim/task/hop.hpp>

using namespace ccsim;

TEST_SUITE("construct/hop") {
    TEST_CASE("hop_k follows the previous occurrence and steps right") {
        //                 0  1  2  3  4  5  6
        const Sequence x = {0, 1, 2, 0, 1, 2, 0};
        CHECK(hopStep(x, 6) == 4);  // previous 0 at 3, then step to 4
        CHECK(hopAt(x, 6, 1) == 1);
        CHECK(hopPosition(x, 6, 2) == 2);  // from 4 (symbol 1): previous 1 at 1, step to 2
        CHECK(hopAt(x, 6, 2) == 2);
        CHECK_FALSE(hopPosition(x, 6, 3).has_value());  // from 2 (symbol 2): no earlier 2
        CHECK_FALSE(hopPosition(x, 2, 1).has_value());
        CHECK_FALSE(hopAt(x, 6, 4).has_value());
        CHECK(hopAt(x, 0, 0) == 0);
        const Sequence repeat = {5, 5, 5};
        CHECK(hopStep(repeat, 2) == 2);  // previous 5 at 1: σ = 2 = i itself
        CHECK(hopAt(repeat, 2, 7) == 5);
    }

    TEST_CASE("pointer doubling uses floor(log2 k) + 2 layers") {
        CHECK(hopDoublingLayers(1) == 2);
        CHECK(hopDoublingLayers(2) == 3);
        CHECK(hopDoublingLayers(3) == 3);
        CHECK(hopDoublingLayers(8) == 5);
        for (std::size_t k : {1U, 2U, 5U, 8U})
            CHECK(makeHopDoubling({6, 3, k})->model()->layers() == hopDoublingLayers(k));
    }

    TEST_CASE("the doubling transformer computes hop_k at every position") {
        SplitMix64 rng(7);
        for (std::size_t k = 1; k <= 9; ++k)
            for (std::size_t alphabet : {1U, 2U, 3U, 5U}) {
                const std::size_t n = 4 + rng.below(9);
                const auto hop = makeHopDoubling({n, alphabet, k});
                for (int trial = 0; trial < 6; ++trial) {
                    const Sequence x = sampleSequence(n, alphabet, rng);
                    const Matrix out = hop->model()->forward(hop->tokens(x));
                    for (std::size_t i = 0; i < n; ++i) {
                        CAPTURE(k);
                        CAPTURE(alphabet);
                        CAPTURE(i);
                        CHECK(hop->decode(out.row(static_cast<Eigen::Index>(i + 1)).transpose()) ==
                              hopAt(x, i, k));
                    }
                }
            }
    }

    TEST_CASE("the doubling transformer survives quantization to fp32, bf16 and fixed:24:8") {
        SplitMix64 rng(11);
        for (const char* name : {"fp32", "bf16", "fixed:24:8"}) {
            const Format format = Format::parse(name);
            for (std::size_t k : {1U, 3U, 4U}) {
                const std::size_t n = 10;
                const auto hop = makeHopDoubling({n, 3, k});
                std::vector<int> blocks(n + 1, 0);
                for (std::size_t j = 6; j <= n; ++j) blocks[j] = 1;
                for (int trial = 0; trial < 4; ++trial) {
                    const Sequence x = sampleSequence(n, 3, rng);
                    const Matrix out = hop->model()->forwardQuantized(
                        hop->tokens(x), format, PrecisionModel::PartialSums, blocks);
                    CAPTURE(std::string(name));
                    CAPTURE(k);
                    CHECK(hop->decode(out.row(static_cast<Eigen::Index>(n)).transpose()) ==
                          hopAt(x, n - 1, k));
                }
            }
        }
    }

    TEST_CASE("bad shapes and sequences are refused") {
        CHECK_THROWS_AS(makeHopDoubling({0, 3, 1}), UsageError);
        CHECK_THROWS_AS(makeHopDoubling({4, 3, 0}), UsageError);
        CHECK_THROWS_AS(makeHopDoubling({4, 0, 1}), UsageError);
        const auto hop = makeHopDoubling({3, 2, 1});
        CHECK_THROWS_AS(hop->tokens({0, 1}), RunError);
        CHECK_THROWS_AS(hop->tokens({0, 1, 2}), RunError);
    }
}
