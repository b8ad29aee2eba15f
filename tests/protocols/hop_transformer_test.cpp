// hop_transformer: the pointer-doubling transformer solves INDEX through hop_k, and no
// configuration is ever reported as refuted by a two-party bound: its layerwise and
// causal-prefix protocols cost more than any bound of a problem of size <= N.

#include <doctest/doctest.h>

#include <ccsim/problem/disj.hpp>
#include <ccsim/problem/eq.hpp>
#include <ccsim/problem/index.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>

using namespace ccsim;

namespace {

CheckResult run(const std::vector<std::string>& words) {
    const BuiltReduction built = buildReduction("hop_transformer", words);
    VerifyOptions options;
    options.threads = 2;
    return check(*built.reduction, options);
}

/// The largest deterministic bound of DISJ, INDEX and EQ of size `size`.
double largestBound(std::size_t size) {
    double top = 0;
    const Disj disj(size);
    const Index index(size);
    const Eq eq(size);
    for (const Problem* p : std::initializer_list<const Problem*>{&disj, &index, &eq})
        for (const LowerBound& b : p->lowerBounds())
            if (isDeterministic(b.cls)) top = std::max(top, b.bits);
    return top;
}

}  // namespace

TEST_SUITE("protocols/hop_transformer") {
    TEST_CASE("hop_k by pointer doubling answers INDEX on every instance") {
        for (const char* k : {"k=1", "k=2", "k=3", "k=4", "k=5"}) {
            CAPTURE(k);
            const CheckResult r = run({"n=4", k});
            CHECK(r.result.instances == 64);
            CHECK(r.result.incorrect == 0);
            CHECK(r.verdict.outcome == Outcome::Correct);
            CHECK(r.verdict.bound.cls == BoundClass::TwoWay);
        }
        const CheckResult prefix = run({"n=4", "k=3", "strategy=causal-prefix"});
        CHECK(prefix.verdict.outcome == Outcome::Correct);
        CHECK(prefix.verdict.bound.cls == BoundClass::OneWayAliceToBob);
        const CheckResult p1 =
            run({"n=4", "k=2", "strategy=causal-prefix", "precision_model=embeddings"});
        CHECK(p1.verdict.outcome == Outcome::Correct);
        const CheckResult last = run({"n=4", "k=1", "strategy=causal-last-token"});
        CHECK(last.verdict.outcome == Outcome::Correct);
    }

    TEST_CASE("never refuted: bits exceed every two-party bound of a problem of size <= N") {
        int runs = 0;
        for (const char* n : {"n=1", "n=3"})
            for (const char* k : {"k=1", "k=2", "k=5"})
                for (const char* strategy : {"strategy=layerwise", "strategy=causal-prefix"})
                    for (const char* precision : {"precision=fp32", "precision=bf16",
                                                  "precision=fixed:4:2", "precision=e4m3"}) {
                        CAPTURE(n);
                        CAPTURE(k);
                        CAPTURE(strategy);
                        CAPTURE(precision);
                        const BuiltReduction built =
                            buildReduction("hop_transformer", {n, k, strategy, precision});
                        VerifyOptions options;
                        const CheckResult r = check(*built.reduction, options);
                        ++runs;
                        // Narrow formats may break the model (fails-above-bound); a verdict that
                        // the bound refutes it would be a bug.
                        CHECK(r.verdict.outcome != Outcome::FailsAsPredicted);
                        CHECK(r.verdict.outcome != Outcome::Undecided);
                        CHECK(r.verdict.outcome != Outcome::Inconsistent);
                        CHECK(static_cast<double>(r.result.maxBits) >= r.verdict.bound.bits);
                        // N = the model's positions; no problem of size <= N has a larger bound.
                        const PartyInputs inputs =
                            built.reduction->encode(built.reduction->problem().instance(0));
                        const std::size_t positions =
                            inputs.at(0).tokens.size() + inputs.at(1).tokens.size();
                        CHECK(static_cast<double>(r.result.maxBits) >= largestBound(positions));
                    }
        CHECK(runs == 48);
    }

    TEST_CASE("bad parameters are usage errors") {
        CHECK_THROWS_AS(buildReduction("hop_transformer", {"k=0"}), UsageError);
        CHECK_THROWS_AS(buildReduction("hop_transformer", {"strategy=chain"}), UsageError);
        CHECK_THROWS_AS(buildReduction("hop_transformer", {"construction=random"}), UsageError);
        // Bob holds 2k - 1 tokens: causal-last-token needs k = 1.
        CHECK_THROWS_WITH_AS(
            buildReduction("hop_transformer", {"k=2", "strategy=causal-last-token"}),
            doctest::Contains("last token"), UsageError);
    }
}
