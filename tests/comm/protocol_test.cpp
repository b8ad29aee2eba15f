#include <memory>

#include <doctest/doctest.h>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/error.hpp>

using namespace ccsim;

namespace {

PartyInputs inputs(const std::string& alice, const std::string& bob) {
    return {PartyInput{payloadFromString(alice), {}, {}},
            PartyInput{payloadFromString(bob), {}, {}}};
}

/// Alice sends her bits, Bob replies with his, Alice answers whether they are equal.
Protocol echo(std::size_t n) {
    Protocol p;
    p.summary = "echo";
    p.rounds.push_back({0, {1}, "a", n, [](const PartyView& v) { return v.input().bits; }, "n"});
    p.rounds.push_back({1, {0}, "b", n, [](const PartyView& v) { return v.input().bits; }, "n"});
    p.outputParty = 0;
    p.output = [](const PartyView& v) -> std::uint64_t {
        return v.received("b") == v.input().bits ? 1 : 0;
    };
    return p;
}

}  // namespace

TEST_SUITE("comm/protocol") {
    TEST_CASE("the runner executes rounds in order and returns the output party's answer") {
        ProtocolRunner runner([] { return echo(3); });
        CHECK(runner.run(inputs("101", "101")).answer == 1);
        CHECK(runner.transcript().messages().size() == 2);
        CHECK(runner.transcript().totalBits() == 6);
        CHECK(runner.run(inputs("101", "100")).answer == 0);
        CHECK(bitString(runner.transcript().messages()[1].payload) == "100");
    }

    TEST_CASE("a step sees its own input and its inbox, and nothing else") {
        std::vector<std::string> seen;
        ProtocolRunner runner([&seen] {
            Protocol p = echo(2);
            p.rounds[0].compute = [&seen](const PartyView& v) {
                seen.push_back("alice:" + bitString(v.input().bits) + ":" +
                               std::to_string(v.inboxSize()));
                return v.input().bits;
            };
            p.rounds[1].compute = [&seen](const PartyView& v) {
                seen.push_back("bob:" + bitString(v.input().bits) + ":" +
                               std::to_string(v.inboxSize()) + ":" +
                               bitString(v.message(0).payload));
                return v.input().bits;
            };
            return p;
        });
        runner.run(inputs("10", "01"));
        REQUIRE(seen.size() == 2);
        CHECK(seen[0] == "alice:10:0");
        CHECK(seen[1] == "bob:01:1:10");
    }

    TEST_CASE("every party runs its own copy of the protocol") {
        int built = 0;
        ProtocolRunner runner([&built] {
            ++built;
            auto counter = std::make_shared<int>(0);
            Protocol p = echo(1);
            // State captured by a step stays with the party whose copy it is.
            p.rounds[0].compute = [counter](const PartyView& v) {
                ++*counter;
                return v.input().bits;
            };
            p.rounds[1].compute = [counter](const PartyView& v) {
                Payload out(1);
                out[0] = *counter != 0;  // Bob's copy never ran Alice's step
                (void)v;
                return out;
            };
            p.output = [](const PartyView& v) -> std::uint64_t { return v.received("b")[0]; };
            return p;
        });
        CHECK(built == 2);
        CHECK(runner.run(inputs("1", "1")).answer == 0);
    }

    TEST_CASE("a payload of another width than declared is a violation") {
        ProtocolRunner runner([] {
            Protocol p = echo(3);
            p.rounds[0].compute = [](const PartyView&) { return Payload(2); };
            return p;
        });
        CHECK_THROWS_WITH_AS(runner.run(inputs("101", "101")),
                             "round 0 ('a'): party 0 produced 2 bits, the round declares 3",
                             ProtocolViolation);
    }

    TEST_CASE("reading a message that never arrived is a violation") {
        ProtocolRunner runner([] {
            Protocol p = echo(1);
            p.output = [](const PartyView& v) -> std::uint64_t { return v.received("zzz")[0]; };
            return p;
        });
        CHECK_THROWS_AS(runner.run(inputs("1", "1")), ProtocolViolation);
    }

    TEST_CASE("a factory that builds different schedules is rejected") {
        int calls = 0;
        CHECK_THROWS_AS(
            ProtocolRunner([&calls] { return echo(static_cast<std::size_t>(++calls)); }),
            ProtocolViolation);
    }

    TEST_CASE("protocols without output or with a bad speaker are rejected") {
        CHECK_THROWS_AS(ProtocolRunner([] {
                            Protocol p = echo(1);
                            p.output = nullptr;
                            return p;
                        }),
                        ProtocolViolation);
        CHECK_THROWS_AS(ProtocolRunner([] {
                            Protocol p = echo(1);
                            p.rounds[0].from = 2;
                            return p;
                        }),
                        ProtocolViolation);
    }

    TEST_CASE("shapes: one message towards the output party is one-way, a reply makes two-way") {
        Protocol twoWay = echo(1);
        CHECK_FALSE(shapeOf(twoWay).oneWay);
        Protocol oneWay = echo(1);
        oneWay.rounds.pop_back();
        oneWay.outputParty = 1;
        CHECK(shapeOf(oneWay).oneWay);
        CHECK(shapeOf(oneWay).sender == 0);
        Protocol backwards = echo(1);
        backwards.rounds.erase(backwards.rounds.begin());
        CHECK(shapeOf(backwards).oneWay);
        CHECK(shapeOf(backwards).sender == 1);
        Protocol silent = echo(1);
        silent.rounds.clear();
        CHECK(shapeOf(silent).oneWay);
    }

    TEST_CASE("declared bits follow the cost model") {
        Protocol p;
        p.parties = 3;
        p.rounds.push_back({0, {}, "x", 5, nullptr, ""});
        p.rounds.push_back({1, {2}, "y", 2, nullptr, ""});
        CHECK(p.declaredBits() == 12);
        p.costModel = CostModel::Blackboard;
        CHECK(p.declaredBits() == 7);
    }
}
