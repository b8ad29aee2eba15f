#include <doctest/doctest.h>

#include <ccsim/comm/channel.hpp>
#include <ccsim/error.hpp>

using namespace ccsim;

TEST_SUITE("comm/channel") {
    TEST_CASE("send charges payload bits, not bytes") {
        Channel channel(2, CostModel::PointToPoint);
        channel.send(0, 0, {1}, "m", payloadFromString("101"));
        CHECK(channel.transcript().totalBits() == 3);
        CHECK(channel.transcript().sentBits(0) == 3);
        CHECK(channel.transcript().receivedBits(1) == 3);
        CHECK(channel.transcript().receivedBits(0) == 0);
        REQUIRE(channel.inbox(1).size() == 1);
        CHECK(bitString(channel.transcript().messages()[channel.inbox(1)[0]].payload) == "101");
    }

    TEST_CASE("point-to-point charges a message once per receiver") {
        Channel channel(3, CostModel::PointToPoint);
        channel.send(0, 0, {1, 2}, "m", payloadFromString("1100"));
        const Transcript& t = channel.transcript();
        CHECK(t.totalBits() == 8);
        CHECK(t.sentBits(0) == 8);
        CHECK(t.receivedBits(1) == 4);
        CHECK(t.receivedBits(2) == 4);
        CHECK(t.linkBits().at({0, 1}) == 4);
        CHECK(t.linkBits().at({0, 2}) == 4);
        CHECK(t.messages().front().chargedBits == 8);
    }

    TEST_CASE("a blackboard charges a broadcast once") {
        Channel channel(3, CostModel::Blackboard);
        channel.send(0, 1, {0, 2}, "m", payloadFromString("1100"));
        const Transcript& t = channel.transcript();
        CHECK(t.totalBits() == 4);
        CHECK(t.sentBits(1) == 4);
        CHECK(t.receivedBits(0) == 4);
        CHECK(t.linkBits().size() == 1);
        CHECK(t.linkBits().at({1, kBoard}) == 4);
    }

    TEST_CASE("a blackboard message must reach every other party") {
        Channel channel(3, CostModel::Blackboard);
        CHECK_THROWS_AS(channel.send(0, 1, {0}, "m", payloadFromString("1")), ProtocolViolation);
    }

    TEST_CASE("messages to oneself, to nobody or to unknown parties are violations") {
        Channel channel(2, CostModel::PointToPoint);
        CHECK_THROWS_AS(channel.send(0, 0, {0}, "m", Payload(1)), ProtocolViolation);
        CHECK_THROWS_AS(channel.send(0, 0, {2}, "m", Payload(1)), ProtocolViolation);
        CHECK_THROWS_AS(channel.send(0, 0, {}, "m", Payload(1)), ProtocolViolation);
        CHECK_THROWS_AS(channel.send(0, 5, {1}, "m", Payload(1)), ProtocolViolation);
        CHECK(channel.transcript().totalBits() == 0);
    }

    TEST_CASE("totals are kept per round") {
        Channel channel(2, CostModel::PointToPoint);
        channel.send(0, 0, {1}, "a", Payload(5));
        channel.send(1, 1, {0}, "b", Payload(2));
        channel.send(2, 0, {1}, "c", Payload(0));
        const Transcript& t = channel.transcript();
        REQUIRE(t.roundBits().size() == 3);
        CHECK(t.roundBits()[0] == 5);
        CHECK(t.roundBits()[1] == 2);
        CHECK(t.roundBits()[2] == 0);
        CHECK(t.totalBits() == 7);
        CHECK(t.sentBits(0) == 5);
        CHECK(t.sentBits(1) == 2);
    }

    TEST_CASE("reset forgets every message and total") {
        Channel channel(2, CostModel::PointToPoint);
        channel.send(0, 0, {1}, "a", Payload(5));
        channel.reset();
        CHECK(channel.transcript().messages().empty());
        CHECK(channel.transcript().totalBits() == 0);
        CHECK(channel.transcript().sentBits(0) == 0);
        CHECK(channel.inbox(1).empty());
        CHECK(channel.transcript().linkBits().empty());
    }

    TEST_CASE("transcript keys tell different payloads apart and equal ones together") {
        Channel a(2, CostModel::PointToPoint);
        Channel b(2, CostModel::PointToPoint);
        a.send(0, 0, {1}, "m", payloadFromString("100000001"));
        b.send(0, 0, {1}, "m", payloadFromString("100000001"));
        CHECK(a.transcript().key() == b.transcript().key());
        b.reset();
        b.send(0, 0, {1}, "m", payloadFromString("100000000"));
        CHECK(a.transcript().key() != b.transcript().key());
    }
}
