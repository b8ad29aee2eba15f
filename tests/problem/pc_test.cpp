// Pointer chasing PC_k: enumeration, truth, and every executable bound checked against brute
// force over the whole communication matrix at small n (the verdict relies on them).

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/construct/pc_tokens.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/pc.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>
#include <ccsim/verify/verdict.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

namespace {

/// All n^n functions [n] -> [n].
std::vector<PcFunction> allFunctions(std::size_t n) {
    std::vector<PcFunction> out;
    PcFunction f(n, 0);
    for (;;) {
        out.push_back(f);
        std::size_t u = 0;
        while (u < n && ++f[u] == n) f[u++] = 0;
        if (u == n) break;
    }
    return out;
}

/// Walks v_0 = 0 → ... by hand, independently of pcChase.
std::uint64_t chaseByHand(const PcFunction& fa, const PcFunction& fb, std::size_t k) {
    std::uint64_t v = 0;
    for (std::size_t t = 1; t <= k; ++t) v = (t % 2 == 1) ? fa.at(v) : fb.at(v);
    return v;
}

/// ceil(log2 of the number of distinct rows) of the matrix sender x receiver -> v_k: the
/// exact one-way complexity when the receiver answers.
double exactOneWay(std::size_t n, std::size_t k, bool aliceSends) {
    const std::vector<PcFunction> fs = allFunctions(n);
    std::set<std::vector<std::uint64_t>> rows;
    for (const PcFunction& s : fs) {
        std::vector<std::uint64_t> row;
        for (const PcFunction& r : fs)
            row.push_back(aliceSends ? chaseByHand(s, r, k) : chaseByHand(r, s, k));
        rows.insert(row);
    }
    return rows.size() <= 1 ? 0.0 : std::ceil(std::log2(static_cast<double>(rows.size())) - 1e-12);
}

}  // namespace

TEST_SUITE("problem/pc") {
    TEST_CASE("instances enumerate every pair of functions once and truth chases k pointers") {
        const Pc p(3, 4);
        REQUIRE(p.instanceCount() == std::optional<std::uint64_t>(729));
        CHECK(p.log2Instances() == doctest::Approx(6 * std::log2(3.0)));
        std::set<std::pair<PcFunction, PcFunction>> seen;
        for (std::uint64_t i = 0; i < 729; ++i) {
            const Instance in = p.instance(i);
            seen.insert({in[0].values, in[1].values});
            CHECK(p.truth(in) == chaseByHand(in[0].values, in[1].values, 4));
        }
        CHECK(seen.size() == 729);
        // Index 0 is both functions zero; index 1 is f_A(0) = 1.
        CHECK(p.instance(1)[0].values == PcFunction{1, 0, 0});
        CHECK(p.show(p.instance(1)) == "f_A=(1,0,0) f_B=(0,0,0)");
    }

    TEST_CASE("instance counts are exact and overflow is refused, not wrapped") {
        CHECK(Pc(4, 2).instanceCount() == std::optional<std::uint64_t>(65536));
        CHECK(Pc(9, 2).instanceCount() == std::optional<std::uint64_t>(150094635296999121ULL));
        CHECK_FALSE(Pc(10, 2).instanceCount().has_value());
        CHECK_THROWS_AS(Pc(0, 3), UsageError);
        CHECK_THROWS_AS(Pc(3, 1), UsageError);
    }

    TEST_CASE("sampling is seeded") {
        const Pc p(7, 5);
        CHECK(p.sample(42)[0].values == p.sample(42)[0].values);
        CHECK(p.sample(42)[1].values == p.sample(42)[1].values);
        CHECK(p.sample(42)[0].values != p.sample(43)[0].values);
        const Instance in = p.sample(9);
        for (std::uint64_t v : in[1].values) CHECK(v < 7);
    }

    TEST_CASE("one-way bounds: never above the exact one-way complexity, equal where claimed") {
        for (std::size_t n = 1; n <= 4; ++n) {
            for (std::size_t k = 2; k <= (n <= 3 ? 7U : 5U); ++k) {
                CAPTURE(n);
                CAPTURE(k);
                const Pc p(n, k);
                const double ab = p.lowerBound(BoundClass::OneWayAliceToBob)->bits;
                const double ba = p.lowerBound(BoundClass::OneWayBobToAlice)->bits;
                const double exactAb = exactOneWay(n, k, true);
                const double exactBa = exactOneWay(n, k, false);
                CHECK(ab <= exactAb);
                CHECK(ba <= exactBa);
                if (k == 2 || k % 2 == 1) CHECK(ab == exactAb);
                if (k % 2 == 0 || k == 3) CHECK(ba == exactBa);
            }
        }
        // The counterexamples to "every f_A needs its own message for k >= 3": at n = 2, k = 4
        // the identity and the swap are indistinguishable (3 classes), and at n = 3, k = 6
        // only 15 of 27 functions can be told apart.
        CHECK(exactOneWay(2, 4, true) == 2);
        CHECK(exactOneWay(3, 6, true) == 4);
        CHECK(Pc(5, 3).lowerBound(BoundClass::OneWayAliceToBob)->bits == 12);  // 5^5 = 3125
        CHECK(Pc(8, 3).lowerBound(BoundClass::OneWayAliceToBob)->bits == 24);
        CHECK(Pc(8, 2).lowerBound(BoundClass::OneWayAliceToBob)->bits == 3);
    }

    TEST_CASE("separate() tells every two sender inputs of both directions apart") {
        for (std::size_t n = 2; n <= 4; ++n) {
            for (std::size_t k = 2; k <= 8; ++k) {
                CAPTURE(n);
                CAPTURE(k);
                const Pc p(n, k);
                const auto domain =
                    static_cast<std::uint64_t>(std::llround(std::exp2(p.log2SenderInputs())));
                REQUIRE(std::ceil(p.log2SenderInputs() - 1e-12) ==
                        p.lowerBound(BoundClass::OneWayAliceToBob)->bits);
                std::set<PcFunction> distinct;
                for (std::uint64_t i = 0; i < domain; ++i) {
                    const PartyInput a = p.senderInput(i);
                    distinct.insert(a.values);
                    for (std::uint64_t j = 0; j < i; ++j) {
                        const PartyInput b = p.senderInput(j);
                        const PartyInput y = p.separate(a, b);
                        REQUIRE(chaseByHand(a.values, y.values, k) !=
                                chaseByHand(b.values, y.values, k));
                    }
                }
                CHECK(distinct.size() == domain);
                const auto bobDomain =
                    static_cast<std::uint64_t>(std::llround(std::exp2(p.log2BobSenderInputs())));
                for (std::uint64_t i = 0; i < bobDomain; ++i) {
                    const PartyInput b = p.bobSenderInput(i);
                    for (std::uint64_t j = 0; j < i; ++j) {
                        const PartyInput b2 = p.bobSenderInput(j);
                        const PartyInput x = p.separateForAlice(b, b2);
                        REQUIRE(chaseByHand(x.values, b.values, k) !=
                                chaseByHand(x.values, b2.values, k));
                    }
                }
            }
        }
    }

    TEST_CASE("the fooling set: pairs agree, every two crossings disagree with them") {
        for (std::size_t n = 2; n <= 6; ++n) {
            for (std::size_t k = 2; k <= 9; ++k) {
                CAPTURE(n);
                CAPTURE(k);
                const Pc p(n, k);
                CHECK(p.lowerBound(BoundClass::TwoWay)->bits ==
                      std::ceil(std::log2(static_cast<double>(n)) - 1e-12));
                const std::uint64_t answer = p.truth(p.foolingPair(0));
                for (std::uint64_t i = 0; i < n; ++i) {
                    const Instance a = p.foolingPair(i);
                    CHECK(p.truth(a) == answer);
                    for (std::uint64_t j = 0; j < i; ++j) {
                        const Instance b = p.foolingPair(j);
                        const bool crossedDiffers =
                            p.truth({a[0], b[1]}) != answer || p.truth({b[0], a[1]}) != answer;
                        CHECK(crossedDiffers);
                    }
                }
            }
        }
    }

    TEST_CASE("the k-round bound is Viola's n/8, exact, Bob first, k - 1 messages") {
        // The last receiver outputs the answer with nothing announced, as in ccsim, so nothing
        // is subtracted (it used to be n/8 - ceil(log2 n): 64/8 - 6 = 2).
        const Pc p(64, 5);
        const std::optional<LowerBound> b = p.lowerBound(BoundClass::RoundLimited);
        REQUIRE(b.has_value());
        CHECK(b->bits == 8);
        CHECK(Pc(16, 5).lowerBound(BoundClass::RoundLimited)->bits == 2);
        CHECK(Pc(3, 5).lowerBound(BoundClass::RoundLimited)->bits == 0.375);
        CHECK(b->executable);
        CHECK(b->maxRounds == 4);
        CHECK(b->firstSpeaker == 1);
        CHECK(p.lowerBound(BoundClass::OneWayAliceToBob)->executable);
        CHECK_FALSE(p.lowerBound(BoundClass::RandomizedRoundLimited)->executable);
    }

    TEST_CASE("the token matrix: Alice's table, then Bob's, read back exactly") {
        const Pc p(3, 3);
        const Instance in = p.instance(5 + 27 * 11);
        const Matrix x = pcTokens(p, in);
        REQUIRE(x.rows() == 6);
        REQUIRE(x.cols() == 3);
        for (std::size_t r = 0; r < 6; ++r) {
            const PcTokenParts t = pcTokenParts(3, x.row(static_cast<Eigen::Index>(r)).transpose());
            CHECK(t.table == r / 3);
            CHECK(t.arg == r % 3);
            CHECK(t.value == in[r / 3].values[r % 3]);
        }
        CHECK_THROWS_AS(pcTokenParts(3, pcToken(0, 3, 0)), RunError);
        CHECK_THROWS_AS(pcTokenParts(3, pcToken(2, 0, 0)), RunError);
    }
}

TEST_SUITE("verify/verdict rounds") {
    namespace {
    Protocol speakers(std::vector<PartyId> from, PartyId output = 1) {
        Protocol p;
        for (PartyId s : from) {
            Round r;
            r.from = s;
            r.to = {1 - s};
            r.label = "m";
            p.rounds.push_back(r);
        }
        p.outputParty = output;
        return p;
    }
    }  // namespace

    TEST_CASE("rounds are runs of one speaker; the bound class follows them") {
        CHECK(countRounds(speakers({})).rounds == 0);
        const RoundCount c = countRounds(speakers({0, 0, 1, 0, 0}));
        CHECK(c.rounds == 3);
        CHECK(c.first == 0);
        // n = 64: the round-limited n/8 = 8 exceeds the two-way ceil(log2 n) = 6, so where the
        // rounds fit it is the largest bound that applies.
        const Pc p(64, 3);
        // One-way protocols keep the one-way classes.
        CHECK(boundFor(p, speakers({0, 0}))->cls == BoundClass::OneWayAliceToBob);
        CHECK(boundFor(p, speakers({1}, 0))->cls == BoundClass::OneWayBobToAlice);
        // k = 3: the bound covers at most k - 1 = 2 messages with Bob first (the output
        // party's own last step is free in ccsim).
        CHECK(boundFor(p, speakers({1, 0}))->cls == BoundClass::RoundLimited);
        // Bob, Alice, Bob: 3 > 2 (Alice computes v_1, Bob v_2, Alice answers v_3 cheaply).
        CHECK(boundFor(p, speakers({1, 0, 1}, 0))->cls == BoundClass::TwoWay);
        // Alice first counts an empty Bob round in front: Alice, Bob is 3 > 2.
        CHECK(boundFor(p, speakers({0, 1}, 0))->cls == BoundClass::TwoWay);
        CHECK(boundFor(p, speakers({0, 1, 0}))->cls == BoundClass::TwoWay);
        const Pc deep(64, 5);
        CHECK(boundFor(deep, speakers({0, 1, 0}))->cls == BoundClass::RoundLimited);
        CHECK(boundFor(deep, speakers({1, 0, 1, 0}))->cls == BoundClass::RoundLimited);
        CHECK(boundFor(deep, speakers({1, 0, 1, 0, 1}))->cls == BoundClass::TwoWay);
    }

    TEST_CASE("of the classes a protocol is in, the largest exact bound is the one it is held to") {
        // pc_decoder n=3 k=5 L=1 speaks Bob, Alice: round-limited (n/8 = 0.375) and two-way
        // (ceil(log2 3) = 2) both apply, and the two-way bound is the larger.
        const Pc small(3, 5);
        const auto b = boundFor(small, speakers({1, 0}));
        REQUIRE(b.has_value());
        CHECK(b->cls == BoundClass::TwoWay);
        CHECK(b->bits == 2);
        // A one-way protocol is also two-way; its one-way bound is the larger.
        CHECK(boundFor(small, speakers({0}))->cls == BoundClass::OneWayAliceToBob);
        // With n = 64 the round-limited n/8 = 8 is larger than ceil(log2 64) = 6.
        CHECK(boundFor(Pc(64, 5), speakers({1, 0}))->cls == BoundClass::RoundLimited);
    }

    TEST_CASE("below an asymptotic bound without failures is undecided, never INCONSISTENT") {
        LowerBound b{BoundClass::RoundLimited, 10, "n/8", "test", ""};
        b.executable = false;
        VerifyResult r;
        r.instances = 100;
        r.correct = 100;
        r.maxBits = 4;
        WitnessSearch s;
        s.argument = WitnessArgument::None;
        s.complete = true;
        Verdict v = decide(r, s, b);
        CHECK(v.outcome == Outcome::Undecided);
        CHECK(v.explanation.find("asymptotic") != std::string::npos);
        r.correct = 90;
        r.incorrect = 10;
        CHECK(decide(r, s, b).outcome == Outcome::FailsAsPredicted);
        b.executable = true;
        r.correct = 100;
        r.incorrect = 0;
        // An exact round-limited bound still has no argument ccsim executes: undecided.
        const Verdict exact = decide(r, s, b);
        CHECK(exact.outcome == Outcome::Undecided);
        CHECK(exact.explanation.find("no lower-bound argument") != std::string::npos);
        // A two-way bound with a complete search and no failure contradicts the theorem.
        b.cls = BoundClass::TwoWay;
        s.argument = WitnessArgument::FoolingSet;
        CHECK(decide(r, s, b).outcome == Outcome::Inconsistent);
    }
}

namespace {

/// Bob sends f_B(0..m-1) (ceil(log2 n) bits each); Alice chases, reading f_B(u) = 0 beyond m.
class BobSendsPrefix final : public Reduction {
public:
    BobSendsPrefix(std::size_t n, std::size_t k, std::size_t m) : problem_(n, k), m_(m) {}
    const Problem& problem() const override { return problem_; }
    ClosedForm closedForm() const override {
        const auto width =
            static_cast<std::size_t>(std::ceil(std::log2(static_cast<double>(problem_.n()))));
        return {"m ceil(log2 n)", m_ * width};
    }
    ProtocolFactory protocol() const override {
        const std::size_t n = problem_.n(), k = problem_.k(), m = m_;
        const int width = static_cast<int>(std::ceil(std::log2(static_cast<double>(n))));
        return [n, k, m, width] {
            Protocol p;
            p.summary = "Bob sends a prefix of f_B";
            p.rounds.push_back({1,
                                {0},
                                "f_B[0:m]",
                                m * static_cast<std::size_t>(width),
                                [m, width](const PartyView& bob) {
                                    BitWriter out;
                                    for (std::size_t u = 0; u < m; ++u)
                                        out.writeUint(bob.input().values[u], width);
                                    return out.payload();
                                },
                                "m ceil(log2 n)"});
            p.outputParty = 0;
            p.output = [n, k, m, width](const PartyView& alice) -> std::uint64_t {
                BitReader in(alice.received("f_B[0:m]"));
                PcFunction fb(n, 0);
                for (std::size_t u = 0; u < m; ++u) fb[u] = in.readUint(width);
                return pcChase(alice.input().values, fb, k);
            };
            return p;
        };
    }

private:
    Pc problem_;
    std::size_t m_;
};

}  // namespace

TEST_SUITE("problem/pc") {
    TEST_CASE("Bob -> Alice protocols get the mirrored one-way witness, never a false verdict") {
        for (std::size_t k : {2U, 4U}) {
            CAPTURE(k);
            const Pc problem(3, k);
            const double bound = problem.lowerBound(BoundClass::OneWayBobToAlice)->bits;
            for (std::size_t m = 0; m <= 3; ++m) {
                CAPTURE(m);
                const BobSendsPrefix reduction(3, k, m);
                const CheckResult r = check(reduction, VerifyOptions{});
                CHECK(r.verdict.bound.cls == BoundClass::OneWayBobToAlice);
                CHECK(r.verdict.outcome != Outcome::Inconsistent);
                if (static_cast<double>(r.result.maxBits) < bound) {
                    CHECK(r.search.argument == WitnessArgument::OneWay);
                    CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
                    REQUIRE(r.search.witness.has_value());
                    const InstanceRun& wrong = r.search.witness->wrongRun();
                    CHECK(wrong.answer != wrong.truth);
                } else {
                    CHECK(r.verdict.outcome == Outcome::Correct);
                }
            }
        }
    }
}
