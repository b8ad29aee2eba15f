#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/error.hpp>
#include <ccsim/numeric/format.hpp>

using namespace ccsim;

namespace {

/// The expected string of a value written with a given width, from the documented bit order
/// (least-significant bit first), built character by character.
std::string lsbFirst(std::uint64_t value, int widthBits) {
    std::string out;
    for (int i = 0; i < widthBits; ++i) out += ((value >> i) & 1U) != 0 ? '1' : '0';
    return out;
}

/// A width-w value with a mix of ones and zeros and its top bit set (0 for w = 0).
std::uint64_t patternOfWidth(int widthBits) {
    if (widthBits == 0) return 0;
    const std::uint64_t mask =
        widthBits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << widthBits) - 1;
    return (0xB5C3'96A1'F00D'4E27ULL & mask) | (std::uint64_t{1} << (widthBits - 1));
}

}  // namespace

TEST_SUITE("comm/bits") {
    TEST_CASE("values are written least-significant bit first") {
        BitWriter w;
        w.writeUint(0b110, 3);
        CHECK(bitString(w.payload()) == "011");

        BitWriter w8;
        w8.writeUint(0x0F, 8);
        CHECK(bitString(w8.payload()) == "11110000");

        BitWriter one;
        one.writeUint(1, 64);
        CHECK(bitString(one.payload()) == "1" + std::string(63, '0'));
    }

    TEST_CASE("fields are appended in order and the payload grows by their widths") {
        BitWriter w;
        w.writeUint(0b01, 2).writeBit(true).writeUint(0b100, 3).writeBit(false);
        CHECK(w.sizeBits() == 7);
        CHECK(bitString(w.payload()) == "1010010");
    }

    TEST_CASE("every width from 0 to 64 round-trips at every offset within a block") {
        for (int width = 0; width <= 64; ++width) {
            for (int offset : {0, 1, 3, 63, 64, 65}) {
                CAPTURE(width);
                CAPTURE(offset);
                const std::uint64_t value = patternOfWidth(width);
                BitWriter w;
                for (int i = 0; i < offset; ++i) w.writeBit(i % 2 == 0);
                w.writeUint(value, width);
                w.writeUint(0b101, 3);  // a trailer: the field must not spill into it
                REQUIRE(w.sizeBits() == static_cast<std::size_t>(offset + width + 3));
                CHECK(bitString(w.payload())
                          .substr(static_cast<std::size_t>(offset),
                                  static_cast<std::size_t>(width)) == lsbFirst(value, width));

                BitReader r(w.payload());
                for (int i = 0; i < offset; ++i) CHECK(r.readBit() == (i % 2 == 0));
                CHECK(r.readUint(width) == value);
                CHECK(r.readUint(3) == 0b101);
                CHECK_NOTHROW(r.expectEnd());
            }
        }
    }

    TEST_CASE("64-bit values land on the right bits at aligned and unaligned positions") {
        const std::uint64_t high = 0x8000'0000'0000'0001ULL;  // bits 0 and 63
        BitWriter w;
        w.writeUint(high, 64);                      // aligned at 0
        w.writeUint(0b1, 1);                        // bit 64
        w.writeUint(high, 64);                      // unaligned: bits 65 and 128
        w.writeUint(0, 63);                         // pad to 192, block-aligned again
        w.writeUint(~std::uint64_t{0}, 64);         // aligned at 192: bits 192..255
        w.writeUint(0x0123'4567'89AB'CDEFULL, 64);  // aligned at 256
        const Payload p = w.payload();
        REQUIRE(p.size() == 320);
        std::vector<std::size_t> ones;
        for (std::size_t i = 0; i < 192; ++i)
            if (p[i]) ones.push_back(i);
        CHECK(ones == std::vector<std::size_t>{0, 63, 64, 65, 128});
        CHECK(bitString(p).substr(192, 64) == std::string(64, '1'));
        // 0x...EF = 1110'1111: bit 0 first reads 1111 0111.
        CHECK(bitString(p).substr(256, 8) == "11110111");

        BitReader r(p);
        CHECK(r.readUint(64) == high);
        CHECK(r.readUint(1) == 1);
        CHECK(r.readUint(64) == high);
        CHECK(r.readUint(63) == 0);
        CHECK(r.readUint(64) == ~std::uint64_t{0});
        CHECK(r.readUint(64) == 0x0123'4567'89AB'CDEFULL);
        CHECK(r.remainingBits() == 0);
    }

    TEST_CASE("a width-0 field writes nothing and reads 0 even from an empty payload") {
        BitWriter w;
        w.writeUint(0, 0);
        CHECK(w.sizeBits() == 0);
        const Payload empty;
        BitReader r(empty);
        CHECK(r.readUint(0) == 0);
        CHECK_NOTHROW(r.expectEnd());
    }

    TEST_CASE("a value that does not fit its width is a protocol violation") {
        BitWriter w;
        CHECK_THROWS_AS(w.writeUint(1, 0), ProtocolViolation);
        CHECK_THROWS_AS(w.writeUint(2, 1), ProtocolViolation);
        CHECK_THROWS_AS(w.writeUint(8, 3), ProtocolViolation);
        CHECK_THROWS_AS(w.writeUint(std::uint64_t{1} << 63, 63), ProtocolViolation);
        CHECK_THROWS_WITH_AS(w.writeUint(8, 3), "value 8 does not fit in a 3-bit field",
                             ProtocolViolation);
        CHECK(w.sizeBits() == 0);  // nothing half-written
        CHECK_NOTHROW(w.writeUint(7, 3));
        CHECK_NOTHROW(w.writeUint(1, 1));
        CHECK_NOTHROW(w.writeUint(~std::uint64_t{0}, 64));
        CHECK(w.sizeBits() == 68);
    }

    TEST_CASE("widths outside [0, 64] are protocol violations for writer and reader") {
        BitWriter w;
        CHECK_THROWS_AS(w.writeUint(0, -1), ProtocolViolation);
        CHECK_THROWS_AS(w.writeUint(0, 65), ProtocolViolation);
        const Payload p(100);
        BitReader r(p);
        CHECK_THROWS_AS(r.readUint(-1), ProtocolViolation);
        CHECK_THROWS_AS(r.readUint(65), ProtocolViolation);
        CHECK(r.remainingBits() == 100);
    }

    TEST_CASE("reading past the end is a protocol violation and consumes nothing") {
        const Payload p = payloadFromString("101");
        BitReader r(p);
        CHECK_THROWS_WITH_AS(r.readUint(4), "read of 4 bits past the end of a 3-bit message",
                             ProtocolViolation);
        CHECK_THROWS_AS(r.readBits(4), ProtocolViolation);
        CHECK(r.remainingBits() == 3);
        CHECK(r.readUint(3) == 0b101);
        CHECK_THROWS_AS(r.readBit(), ProtocolViolation);
        CHECK_THROWS_AS(r.readUint(1), ProtocolViolation);

        const Payload fifteen(15);
        BitReader numbers(fifteen);
        CHECK_THROWS_AS(numbers.readNumber(Format::parse("fp16")), ProtocolViolation);
    }

    TEST_CASE("expectEnd throws while bits remain and passes once all are read") {
        const Payload p = payloadFromString("1100");
        BitReader r(p);
        CHECK_THROWS_WITH_AS(r.expectEnd(), "4 bits of a 4-bit message were left unread",
                             ProtocolViolation);
        r.readUint(3);
        CHECK(r.remainingBits() == 1);
        CHECK_THROWS_AS(r.expectEnd(), ProtocolViolation);
        CHECK(r.readBit() == false);
        CHECK_NOTHROW(r.expectEnd());
    }

    TEST_CASE("writeNumber writes exactly the format's width and readNumber decodes it") {
        const Format fixed = Format::parse("fixed:8:4");
        const Format fp16 = Format::parse("fp16");
        BitWriter w;
        w.writeBit(true);  // make the numbers unaligned
        w.writeNumber(fixed, 1.5);
        CHECK(w.sizeBits() == 1 + 8);
        w.writeNumber(fixed, -1.0);
        CHECK(w.sizeBits() == 1 + 8 + 8);
        w.writeNumber(fp16, 1.0);
        CHECK(w.sizeBits() == 1 + 8 + 8 + 16);
        w.writeNumber(fp16, -2.0);
        CHECK(w.sizeBits() == 1 + 8 + 8 + 16 + 16);

        // Hand-computed codes: 1.5 * 2^4 = 24; -1.0 * 2^4 = -16 = 0xF0 in 8-bit two's
        // complement; IEEE half 1.0 = 0x3C00, -2.0 = 0xC000.
        const std::string bits = bitString(w.payload());
        CHECK(bits.substr(1, 8) == lsbFirst(24, 8));
        CHECK(bits.substr(9, 8) == lsbFirst(0xF0, 8));
        CHECK(bits.substr(17, 16) == lsbFirst(0x3C00, 16));
        CHECK(bits.substr(33, 16) == lsbFirst(0xC000, 16));

        BitReader r(w.payload());
        CHECK(r.readBit());
        CHECK(r.readNumber(fixed) == 1.5);
        CHECK(r.readNumber(fixed) == -1.0);
        CHECK(r.readNumber(fp16) == 1.0);
        CHECK(r.readNumber(fp16) == -2.0);
        CHECK_NOTHROW(r.expectEnd());
    }

    TEST_CASE("a 64-bit format writes the double's own bit pattern at an unaligned position") {
        const Format fp64 = Format::parse("fp64");
        BitWriter w;
        w.writeUint(0b11, 2);
        w.writeNumber(fp64, 0.1);
        CHECK(w.sizeBits() == 66);
        BitReader r(w.payload());
        CHECK(r.readUint(2) == 0b11);
        CHECK(r.readUint(64) == std::bit_cast<std::uint64_t>(0.1));
        BitReader again(w.payload());
        again.readUint(2);
        CHECK(again.readNumber(fp64) == 0.1);
    }

    TEST_CASE("a 1-bit fixed format holds -1 and 0 in one bit") {
        const Format oneBit = Format::parse("fixed:1:0");
        BitWriter w;
        w.writeNumber(oneBit, -1.0).writeNumber(oneBit, 0.0);
        CHECK(bitString(w.payload()) == "10");
        BitReader r(w.payload());
        CHECK(r.readNumber(oneBit) == -1.0);
        CHECK(r.readNumber(oneBit) == 0.0);
    }

    TEST_CASE("writeBits appends a bitset after existing bits and readBits returns it") {
        BitWriter w;
        w.writeBits(payloadFromString("01"));
        CHECK(bitString(w.payload()) == "01");
        w.writeBit(true).writeBits(payloadFromString("0011")).writeBits(Payload());
        CHECK(bitString(w.payload()) == "0110011");
        BitReader r(w.payload());
        CHECK(bitString(r.readBits(3)) == "011");
        CHECK(bitString(r.readBits(0)).empty());
        CHECK(bitString(r.readBits(4)) == "0011");
        CHECK_NOTHROW(r.expectEnd());
    }

    TEST_CASE("payload is a snapshot that later writes do not change") {
        BitWriter w(16);  // the size hint must not show in the result
        w.writeUint(0b1011, 4);
        const Payload before = w.payload();
        w.writeUint(0b11, 2);
        CHECK(bitString(before) == "1101");
        CHECK(bitString(w.payload()) == "110111");
        CHECK(w.payload().size() == 6);
    }

    TEST_CASE("bitString and payloadFromString are inverse to each other") {
        for (const std::string& s :
             {std::string(), std::string("0"), std::string("1"), std::string("0110"),
              std::string(64, '1'), std::string(63, '0') + "11",
              std::string("1") + std::string(64, '0') + "1"}) {
            CAPTURE(s);
            const Payload p = payloadFromString(s);
            CHECK(p.size() == s.size());
            CHECK(bitString(p) == s);
        }
        const Payload p = payloadFromString("0010");
        CHECK(!p[0]);
        CHECK(!p[1]);
        CHECK(p[2]);
        CHECK(!p[3]);
    }

    TEST_CASE("payloadFromString rejects characters other than 0 and 1") {
        CHECK_THROWS_AS(payloadFromString("01x"), UsageError);
        CHECK_THROWS_AS(payloadFromString(" 1"), UsageError);
        CHECK_THROWS_AS(payloadFromString("2"), UsageError);
        CHECK_THROWS_WITH_AS(payloadFromString("01x"),
                             "bit string has character 'x' at position 2; only 0 and 1 are "
                             "allowed",
                             UsageError);
    }
}
