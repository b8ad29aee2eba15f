// The nof strategy: the pair assignment, isolation of the foreheads, the blackboard's bits.
// Faithfulness (output = quantized pass) is tests/compile/faithfulness_test.cpp.

#include <doctest/doctest.h>

#include <ccsim/compile/nof.hpp>
#include <ccsim/error.hpp>
#include <ccsim/task/qsa.hpp>

using namespace ccsim;

TEST_SUITE("compile/nof") {
    TEST_CASE("every pair of blocks goes to a player who sees both") {
        for (PartyId out = 0; out < 3; ++out)
            for (PartyId a : {0, 1, 2, kPublic})
                for (PartyId b : {0, 1, 2, kPublic}) {
                    const PartyId p = nofPairOwner(a, b, out);
                    CHECK(p >= 0);
                    CHECK(p < 3);
                    CHECK(p != a);
                    CHECK(p != b);
                }
        CHECK(nofPairOwner(0, 1, 2) == 2);
        CHECK(nofPairOwner(1, 1, 2) == 2);
        CHECK(nofPairOwner(kPublic, 2, 2) == 1);
        CHECK(nofPairOwner(kPublic, kPublic, 0) == 0);
    }

    TEST_CASE("a player holds every token but those on its forehead") {
        Matrix x(4, 1);
        x << 10, 11, 12, 13;
        const PartyInputs in = splitNof(x, {kPublic, 0, 1, 2});
        REQUIRE(in.size() == 3);
        for (PartyId p = 0; p < 3; ++p) {
            const auto& tokens = in[static_cast<std::size_t>(p)].tokens;
            REQUIRE(tokens.size() == 3);
            for (const TokenRow& t : tokens) CHECK(t.position != static_cast<std::size_t>(p) + 1);
        }
    }

    TEST_CASE("on a blackboard, two writers of (d_v + 2)p bits and a silent output player") {
        for (const char* format : {"fp64", "fp32", "bf16", "e4m3", "fixed:12:8", "fixed:4:2"}) {
            for (std::uint64_t seed = 1; seed <= 25; ++seed) {
                CAPTURE(format);
                CAPTURE(seed);
                SplitMix64 rng(seed);
                const std::size_t n = 2 + rng.below(7);
                const std::size_t d = 1 + rng.below(3);
                const auto model = makeRandomThirdOrder(
                    d, 1 + rng.below(4), 1 + rng.below(4), 1 + rng.below(2),
                    0.5 + 2.0 * static_cast<double>(rng.below(4)), rng.below(2) == 1, seed);
                NofSpec spec;
                spec.format = Format::parse(format);
                spec.target = rng.below(n);
                spec.outputParty = static_cast<PartyId>(rng.below(3));
                spec.readout = [](const Vector& out) -> std::uint64_t { return out[0] > 0; };
                for (std::size_t j = 0; j < n; ++j)
                    spec.forehead.push_back(j == spec.target || rng.below(6) == 0
                                                ? kPublic
                                                : static_cast<PartyId>(rng.below(3)));
                Matrix x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
                for (Eigen::Index r = 0; r < x.rows(); ++r)
                    for (Eigen::Index c = 0; c < x.cols(); ++c) x(r, c) = 2 * gaussian(rng);
                ProtocolRunner runner(compileNof(model, spec));
                runner.run(splitNof(x, spec.forehead));
                const Transcript& t = runner.transcript();
                CHECK(t.costModel() == CostModel::Blackboard);
                CHECK(t.messages().size() == 2);
                CHECK(t.totalBits() == nofBits(*model, spec));
                CHECK(t.totalBits() ==
                      2 * (model->valueDim() + 2) * std::size_t(spec.format.widthBits()));
                CHECK(t.sentBits(spec.outputParty) == 0);
            }
        }
    }

    TEST_CASE("bad specs are usage errors") {
        const auto model = makeRandomThirdOrder(1, 2, 2, 1, 1.0, false, 1);
        NofSpec spec;
        spec.readout = [](const Vector&) -> std::uint64_t { return 0; };
        spec.forehead = {0, 1, 2};
        spec.target = 0;
        CHECK_THROWS_WITH_AS(compileNof(model, spec),
                             "nof needs the target token to be public (seen by every player)",
                             UsageError);
        spec.forehead = {kPublic, 1, 2};
        spec.precision = PrecisionModel::Embeddings;
        CHECK_THROWS_AS(compileNof(model, spec), UsageError);
        spec.precision = PrecisionModel::PartialSums;
        spec.forehead = {kPublic, 3, 2};
        CHECK_THROWS_AS(compileNof(model, spec), UsageError);
    }
}
