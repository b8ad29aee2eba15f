#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/task/match.hpp>

using namespace ccsim;

TEST_SUITE("task/match") {
    TEST_CASE("match2 known answers with and without distinctness") {
        // M = 6: 1 + 5 ≡ 0; 3 + 3 ≡ 0; 0 + 0 ≡ 0.
        const std::vector<std::uint64_t> x{1, 5, 3, 0, 2};
        const MatchSpec distinct{6, true};
        const MatchSpec repeats{6, false};
        CHECK(match2(x, distinct) == std::vector<bool>{true, true, false, false, false});
        CHECK(match2(x, repeats) == std::vector<bool>{true, true, true, true, false});
        const std::vector<std::uint64_t> twice{3, 3, 2};
        CHECK(match2(twice, distinct) == std::vector<bool>{true, true, false});
        // Values are read modulo M.
        CHECK(match2At({7, 11}, 0, distinct));
    }

    TEST_CASE("match3 known answers with and without distinctness") {
        // M = 7, x = (1, 2, 4): 1 + 2 + 4 = 7 ≡ 0 for every position.
        const MatchSpec d7{7, true};
        CHECK(match3({1, 2, 4}, d7) == std::vector<bool>{true, true, true});
        // 1 + 3 + 3 ≡ 0 needs the 3 twice: one token 3 is not enough under distinctness.
        CHECK(match3({1, 3}, d7) == std::vector<bool>{false, false});
        CHECK(match3({1, 3}, MatchSpec{7, false}) == std::vector<bool>{true, true});
        CHECK(match3({1, 3, 3}, d7) == std::vector<bool>{true, true, true});  // 3 + 1 + 3
        CHECK(match3({1, 6, 0, 3}, d7) == std::vector<bool>{true, true, true, false});
        // A token with 3x ≡ 0 matches itself alone only with repeats.
        CHECK(match3({3}, MatchSpec{9, false}) == std::vector<bool>{true});
        CHECK(match3({3}, MatchSpec{9, true}) == std::vector<bool>{false});
        CHECK(match3({3, 3, 3}, MatchSpec{9, true}) == std::vector<bool>{true, true, true});
    }

    TEST_CASE("whole-sequence versions agree with brute force over all small inputs") {
        for (std::size_t m : {2, 3, 4, 5, 6}) {
            for (std::size_t n : {1, 2, 3, 4}) {
                std::uint64_t total = 1;
                for (std::size_t k = 0; k < n; ++k) total *= m;
                for (bool distinct : {true, false}) {
                    const MatchSpec spec{m, distinct};
                    for (std::uint64_t idx = 0; idx < total; ++idx) {
                        const auto x = matchSequence(n, m, idx);
                        const auto m2 = match2(x, spec);
                        const auto m3 = match3(x, spec);
                        for (std::size_t i = 0; i < n; ++i) {
                            bool want2 = false, want3 = false;
                            for (std::size_t j = 0; j < n; ++j) {
                                if (distinct && j == i) continue;
                                want2 = want2 || (x[i] + x[j]) % m == 0;
                                for (std::size_t k = 0; k < n; ++k) {
                                    if (distinct && (k == i || k == j)) continue;
                                    want3 = want3 || (x[i] + x[j] + x[k]) % m == 0;
                                }
                            }
                            REQUIRE(m2[i] == want2);
                            REQUIRE(match2At(x, i, spec) == want2);
                            REQUIRE(m3[i] == want3);
                            REQUIRE(match3At(x, i, spec) == want3);
                            std::vector<std::size_t> counts(m, 0);
                            for (auto v : x) ++counts[v];
                            REQUIRE(match3FromResidueCounts(counts, x[i], spec) == want3);
                        }
                    }
                }
            }
        }
    }

    TEST_CASE("sequences enumerate lexicographically and samples are seeded") {
        CHECK(matchSequence(3, 4, 0) == std::vector<std::uint64_t>{0, 0, 0});
        CHECK(matchSequence(3, 4, 6) == std::vector<std::uint64_t>{0, 1, 2});
        CHECK(matchSequence(3, 4, 63) == std::vector<std::uint64_t>{3, 3, 3});
        SplitMix64 a(5), b(5);
        const auto xa = sampleMatch(20, MatchSpec{9, true}, a);
        CHECK(xa == sampleMatch(20, MatchSpec{9, true}, b));
        for (auto v : xa) CHECK(v < 9);
        const Matrix t = matchTokens({10, 2}, 9);
        CHECK(t(0, 0) == 1.0);
        CHECK(t(1, 0) == 2.0);
    }

    TEST_CASE("a modulus below 2 is a usage error") {
        CHECK_THROWS_AS((MatchSpec{1, true}.validate()), UsageError);
        CHECK_THROWS_AS((match2({0}, MatchSpec{0, true})), UsageError);
    }
}
