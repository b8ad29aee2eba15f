#include <chrono>
#include <cmath>
#include <thread>

#include <ccsim/error.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/check.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

namespace {

VerifyOptions exhaustive(unsigned threads = 1) {
    VerifyOptions o;
    o.threads = threads;
    return o;
}

std::uint64_t pow3(std::size_t k) { return static_cast<std::uint64_t>(std::pow(3.0, k)); }

/// A test-only reduction on DISJ_n around a hand-written protocol factory.
class CustomDisj final : public Reduction {
public:
    CustomDisj(std::size_t n, ProtocolFactory factory)
        : problem_(n), factory_(std::move(factory)) {}
    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return factory_; }
    // Read off the schedule: a hand-written protocol has no formula of its own.
    ClosedForm closedForm() const override { return {"custom", factory_().declaredBits()}; }

private:
    Disj problem_;
    ProtocolFactory factory_;
};

/// Sends all n bits and then answers the opposite of the truth: big enough, always wrong.
Protocol contrarian(std::size_t n) {
    Protocol p;
    p.rounds.push_back({0, {1}, "a", n, [](const PartyView& v) { return v.input().bits; }, "n"});
    p.output = [](const PartyView& v) -> std::uint64_t {
        return v.received("a").intersects(v.input().bits) ? 1 : 0;
    };
    return p;
}

/// Two-way with 1 bit each way: Alice sends a_0, Bob sends b_0, Bob answers from those only.
Protocol twoBits() {
    Protocol p;
    p.rounds.push_back({0,
                        {1},
                        "a0",
                        1,
                        [](const PartyView& v) {
                            Payload x(1);
                            x[0] = v.input().bits[0];
                            return x;
                        },
                        "1"});
    p.rounds.push_back({1,
                        {0},
                        "b0",
                        1,
                        [](const PartyView& v) {
                            Payload x(1);
                            x[0] = v.input().bits[0];
                            return x;
                        },
                        "1"});
    p.outputParty = 1;
    p.output = [](const PartyView& v) -> std::uint64_t {
        return v.received("a0")[0] && v.input().bits[0] ? 0 : 1;
    };
    return p;
}

/// Cheats: Alice's step writes her input to a variable Bob's output reads, and the message
/// is empty. The verdict must call this out as inconsistent.
Payload leaked;
Protocol cheater() {
    Protocol p;
    p.rounds.push_back({0,
                        {1},
                        "nothing",
                        0,
                        [](const PartyView& v) {
                            leaked = v.input().bits;
                            return Payload();
                        },
                        "0"});
    p.output = [](const PartyView& v) -> std::uint64_t {
        return leaked.intersects(v.input().bits) ? 0 : 1;
    };
    return p;
}

}  // namespace

TEST_SUITE("verify") {
    TEST_CASE("disj_trivial is correct on all 4^n instances with n bits and 2^n transcripts") {
        const BuiltReduction built = buildReduction("disj_trivial", {"n=4"});
        const CheckResult r = check(*built.reduction, exhaustive());
        CHECK(r.result.instances == 256);
        CHECK(r.result.correct == 256);
        CHECK(r.result.minBits == 4);
        CHECK(r.result.maxBits == 4);
        CHECK(r.result.distinctTranscripts == 16);
        CHECK(r.result.effectiveBits == doctest::Approx(4.0));
        CHECK(r.verdict.outcome == Outcome::Correct);
        CHECK(r.verdict.bound.cls == BoundClass::OneWayAliceToBob);
        CHECK(r.verdict.bound.bits == 4);
        CHECK_FALSE(r.search.witness.has_value());
        CHECK(r.search.complete);
    }

    TEST_CASE("disj_truncated is wrong on exactly 3^k (4^(n-k) - 3^(n-k)) instances") {
        // Wrong iff no common element among the first k positions but one among the rest.
        for (auto [n, k] : {std::pair{4, 2}, std::pair{5, 0}, std::pair{5, 4}, std::pair{3, 1}}) {
            const BuiltReduction built = buildReduction(
                "disj_truncated", {"n=" + std::to_string(n), "k=" + std::to_string(k)});
            const CheckResult r = check(*built.reduction, exhaustive(2));
            const auto nk = static_cast<std::size_t>(n - k);
            const std::uint64_t expected =
                pow3(static_cast<std::size_t>(k)) * ((std::uint64_t{1} << (2 * nk)) - pow3(nk));
            CHECK(r.result.incorrect == expected);
            CHECK(r.result.distinctTranscripts == (std::uint64_t{1} << k));
            CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
        }
    }

    TEST_CASE(
        "the one-way witness is two inputs with one message and a wrongly answered instance") {
        const BuiltReduction built = buildReduction("disj_truncated", {"n=6", "k=3"});
        const CheckResult r = check(*built.reduction, exhaustive());
        REQUIRE(r.search.witness.has_value());
        const Witness& w = *r.search.witness;
        CHECK(w.argument == WitnessArgument::OneWay);
        CHECK(r.search.searched <= (1U << 3) + 1);  // pigeonhole
        CHECK(w.collision[0].transcript == w.collision[1].transcript);
        CHECK(w.collision[0].instance[0] != w.collision[1].instance[0]);
        CHECK(w.separating[0].instance[1] == w.separating[1].instance[1]);
        // Truth computed here, independently of the problem class.
        const InstanceRun& wrong = w.wrongRun();
        const bool disjoint = !wrong.instance[0].bits.intersects(wrong.instance[1].bits);
        CHECK(wrong.truth == (disjoint ? 1U : 0U));
        CHECK(wrong.answer != wrong.truth);
    }

    TEST_CASE("results do not depend on the number of threads") {
        const BuiltReduction built = buildReduction("disj_truncated", {"n=6", "k=4"});
        const VerifyResult one = verifyInstances(*built.reduction, exhaustive(1));
        for (unsigned threads : {2U, 3U, 7U}) {
            const VerifyResult many = verifyInstances(*built.reduction, exhaustive(threads));
            CHECK(many.incorrect == one.incorrect);
            CHECK(many.distinctTranscripts == one.distinctTranscripts);
            REQUIRE(many.firstIncorrect.has_value());
            CHECK(many.firstIncorrect->index == one.firstIncorrect->index);
        }
    }

    TEST_CASE("sampled runs are reproducible from the seed and independent of threads") {
        const BuiltReduction built = buildReduction("disj_truncated", {"n=40", "k=30"});
        VerifyOptions o;
        o.mode = VerifyMode::Sample;
        o.sampleCount = 5000;
        o.seed = 42;
        o.threads = 1;
        const VerifyResult a = verifyInstances(*built.reduction, o);
        o.threads = 2;
        const VerifyResult b = verifyInstances(*built.reduction, o);
        CHECK(a.incorrect == b.incorrect);
        CHECK(a.distinctTranscripts == b.distinctTranscripts);
        o.seed = 43;
        const VerifyResult c = verifyInstances(*built.reduction, o);
        CHECK(a.instances == 5000);
        CHECK(c.instances == 5000);
        REQUIRE(a.firstTranscript.has_value());
        CHECK(a.firstTranscript->key() == b.firstTranscript->key());
        CHECK(a.firstTranscript->key() != c.firstTranscript->key());
    }

    TEST_CASE("a sampled run below the bound still gets a witness by pigeonhole") {
        const BuiltReduction built = buildReduction("disj_truncated", {"n=300", "k=12"});
        VerifyOptions o;
        o.mode = VerifyMode::Sample;
        o.sampleCount = 200;
        const CheckResult r = check(*built.reduction, o);
        CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
        REQUIRE(r.search.witness.has_value());
        CHECK(r.search.searched <= (1U << 12) + 1);
    }

    TEST_CASE("too large exhaustive runs are refused with a hint to sample") {
        const BuiltReduction built = buildReduction("disj_trivial", {"n=21"});
        CHECK_THROWS_WITH_AS(check(*built.reduction, exhaustive()),
                             doctest::Contains("2^42 instances, over the limit of 2^40"),
                             UsageError);
        CHECK_THROWS_WITH_AS(check(*built.reduction, exhaustive()), doctest::Contains("--sample"),
                             UsageError);
    }

    TEST_CASE("a run that would take longer than --max-time is stopped and told how long") {
        // Every answer sleeps 1 ms, so the 2^20 instances of DISJ_10 take over 17 minutes
        // on any machine: the watch must stop the run within its warm-up and say so.
        CustomDisj reduction(10, [] {
            Protocol p = contrarian(10);
            p.output = [](const PartyView& v) -> std::uint64_t {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return v.received("a").intersects(v.input().bits) ? 0 : 1;
            };
            return p;
        });
        const auto refusal = [&](const VerifyOptions& o) -> std::string {
            try {
                verifyInstances(reduction, o);
            } catch (const UsageError& e) {
                return e.what();
            }
            return "no refusal";
        };
        for (const Engine engine : {Engine::Tree, Engine::Reference}) {
            CAPTURE(nameOf(engine));
            VerifyOptions o = exhaustive(2);
            o.engine = engine;
            o.maxSeconds = 4;  // the rate is measured over the first 2 s
            const std::string exhaustiveRefusal = refusal(o);
            CHECK_MESSAGE(
                exhaustiveRefusal.starts_with("exhaustive run of DISJ_10 would take about "),
                exhaustiveRefusal);
            CHECK_MESSAGE(exhaustiveRefusal.find("instances/s over ") != std::string::npos,
                          exhaustiveRefusal);
            CHECK_MESSAGE(exhaustiveRefusal.ends_with(
                              "over the --max-time limit of 4.0 s; use --sample N to check a "
                              "seeded sample (or raise --max-time)"),
                          exhaustiveRefusal);
            // Within a second nothing may have finished yet: then the refusal says so.
            o.maxSeconds = 1;
            o.mode = VerifyMode::Sample;
            o.sampleCount = 100000;
            const std::string sampleRefusal = refusal(o);
            CHECK_MESSAGE(sampleRefusal.starts_with("sampled run of DISJ_10 (100000 samples) "),
                          sampleRefusal);
            CHECK_MESSAGE(
                sampleRefusal.find("over the --max-time limit of 1.0 s") != std::string::npos,
                sampleRefusal);
        }
    }

    TEST_CASE("a protocol at the bound that answers wrongly fails above the bound") {
        CustomDisj reduction(3, [] { return contrarian(3); });
        const CheckResult r = check(reduction, exhaustive());
        CHECK(r.result.incorrect == 64);
        CHECK(r.verdict.outcome == Outcome::FailsAboveBound);
    }

    TEST_CASE("two-way protocols are held against the two-way bound with a fooling-set witness") {
        CustomDisj reduction(3, twoBits);
        const CheckResult r = check(reduction, exhaustive());
        CHECK(r.verdict.bound.cls == BoundClass::TwoWay);
        CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
        REQUIRE(r.search.witness.has_value());
        const Witness& w = *r.search.witness;
        CHECK(w.argument == WitnessArgument::FoolingSet);
        CHECK(w.collision[0].transcript == w.collision[1].transcript);
        CHECK(w.separating[0].instance[0] == w.collision[0].instance[0]);
        CHECK(w.separating[0].instance[1] == w.collision[1].instance[1]);
        CHECK(w.wrongRun().answer != w.wrongRun().truth);
    }

    TEST_CASE("a protocol that moves bits outside the channel is reported inconsistent") {
        CustomDisj reduction(3, cheater);
        VerifyOptions o = exhaustive();
        o.engine = Engine::Reference;
        const CheckResult r = check(reduction, o);
        CHECK(r.result.incorrect == 0);
        CHECK(r.verdict.outcome == Outcome::Inconsistent);
        // The tree engine computes every message of a node before any answer, so state that
        // leaks from Alice's copy to Bob's no longer lines up: the leak shows as wrong answers,
        // and the re-run of the first of them through the reference runner answers otherwise.
        o.engine = Engine::Tree;
        CHECK_THROWS_WITH_AS(check(reduction, o),
                             doctest::Contains("depends on more than its parties' views"),
                             ProtocolViolation);
    }

    TEST_CASE("index and eq baselines meet their bounds") {
        for (const char* name : {"index_trivial", "eq_trivial"}) {
            const BuiltReduction built = buildReduction(name, {"n=5"});
            const CheckResult r = check(*built.reduction, exhaustive());
            CHECK(r.result.incorrect == 0);
            CHECK(r.result.maxBits == 5);
            CHECK(r.verdict.outcome == Outcome::Correct);
        }
    }

    TEST_CASE("a problem without a bound in the protocol's class gets no-bound, no witness") {
        // DISJ run by three parties on a blackboard (a referee without input joins): DISJ has no
        // number-on-forehead bound, so nothing is compared and no argument is executed.
        class ThreeParty final : public Reduction {
        public:
            ThreeParty(std::size_t n, bool contrary) : problem_(n), contrary_(contrary) {}
            const Problem& problem() const override { return problem_; }
            PartyInputs encode(const Instance& instance) const override {
                PartyInputs inputs = instance;
                inputs.emplace_back();
                return inputs;
            }
            ProtocolFactory protocol() const override {
                const std::size_t n = problem_.n();
                const bool contrary = contrary_;
                return [n, contrary] {
                    Protocol p;
                    p.parties = 3;
                    p.costModel = CostModel::Blackboard;
                    p.rounds.push_back(
                        {0, {}, "a", n, [](const PartyView& v) { return v.input().bits; }, "n"});
                    p.outputParty = 1;
                    p.output = [contrary](const PartyView& v) -> std::uint64_t {
                        const bool disjoint = !v.received("a").intersects(v.input().bits);
                        return disjoint != contrary ? 1 : 0;
                    };
                    return p;
                };
            }
            ClosedForm closedForm() const override { return {"n", problem_.n()}; }

        private:
            Disj problem_;
            bool contrary_;
        };
        const CheckResult ok = check(ThreeParty(3, false), exhaustive());
        CHECK(ok.verdict.outcome == Outcome::NoBound);
        CHECK(nameOf(ok.verdict.outcome) == "no-bound");
        CHECK(ok.verdict.bound.cls == BoundClass::NofDeterministic);
        CHECK(std::isnan(ok.verdict.bound.bits));
        CHECK(ok.result.incorrect == 0);
        CHECK(ok.result.maxBits == 3);  // written once on the board
        CHECK(ok.search.searched == 0);
        CHECK_FALSE(ok.search.witness.has_value());
        CHECK(ok.verdict.explanation ==
              "3 bits; disj has no lower bound for number-on-forehead deterministic protocols, "
              "nothing to compare: correct on all 64 instances");
        const CheckResult bad = check(ThreeParty(3, true), exhaustive());
        CHECK(bad.verdict.outcome == Outcome::NoBound);
        CHECK(bad.result.incorrect == 64);
        CHECK(bad.verdict.explanation.find("64 of all 64 instances are answered wrongly") !=
              std::string::npos);
        CHECK_FALSE(hasWitnessArgument(BoundClass::NofDeterministic));
        CHECK(hasWitnessArgument(BoundClass::TwoWay));
    }
}
