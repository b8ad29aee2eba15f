#pragma once
/// \file
/// Payloads: the real bit strings that parties exchange.
///
/// A Payload is a `boost::dynamic_bitset`; its size() is its length in bits and is what the
/// channel charges. BitWriter appends unsigned integers of a stated width and formatted
/// numbers; BitReader reads them back in the same order and fails loudly when a message is
/// read past its end or not read to its end (a receiver that ignores bits is a protocol bug
/// worth knowing about, see BitReader::expectEnd).
///
/// Bit order: values are written least-significant bit first; bit i of the payload is the
/// i-th bit appended. `bitString` prints bit 0 first, so the string reads in sending order.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/dynamic_bitset.hpp>

#include <ccsim/numeric/format.hpp>

namespace ccsim {

using Payload = boost::dynamic_bitset<std::uint64_t>;

/// The payload as a string of '0'/'1' in sending order (bit 0 first).
std::string bitString(const Payload& payload);
/// Inverse of bitString. Throws UsageError on characters other than '0' and '1'.
Payload payloadFromString(const std::string& bits);

/// Appends fields to a growing bit string. Bits are packed into 64-bit words as they come
/// (a field costs a shift and an or, not one push per bit); payload() builds the bitset.
class BitWriter {
public:
    BitWriter() = default;
    /// Reserves room for bits (no effect on the result, only on allocations).
    explicit BitWriter(std::size_t expectedBits) { words_.reserve((expectedBits + 63) / 64); }

    /// Appends the low widthBits bits of value (widthBits in [0, 64]); the higher bits of
    /// value must be zero, otherwise the value does not fit and ProtocolViolation is thrown.
    BitWriter& writeUint(std::uint64_t value, int widthBits);
    BitWriter& writeBit(bool bit);
    /// Appends all bits of a bitset in index order.
    BitWriter& writeBits(const Payload& bits);
    /// Appends format.encode(x): exactly format.widthBits() bits.
    BitWriter& writeNumber(const Format& format, double x);

    std::size_t sizeBits() const { return sizeBits_; }
    /// The bits written so far.
    Payload payload() const;

private:
    std::vector<std::uint64_t> words_;
    std::size_t sizeBits_ = 0;
};

/// Reads fields back in the order they were written. Copies the payload's words once, so
/// that each field is a shift and a mask.
class BitReader {
public:
    explicit BitReader(const Payload& payload);

    std::uint64_t readUint(int widthBits);
    bool readBit();
    Payload readBits(std::size_t count);
    double readNumber(const Format& format);

    std::size_t remainingBits() const { return sizeBits_ - position_; }
    /// Throws ProtocolViolation if bits are left unread.
    void expectEnd() const;

private:
    void need(std::size_t bits) const;

    std::vector<std::uint64_t> words_;
    std::size_t sizeBits_;
    std::size_t position_ = 0;
};

}  // namespace ccsim
