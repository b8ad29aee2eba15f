#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

std::string bitString(const Payload& payload) {
    std::string out(payload.size(), '0');
    for (std::size_t i = payload.find_first(); i != Payload::npos; i = payload.find_next(i))
        out[i] = '1';
    return out;
}

Payload payloadFromString(const std::string& bits) {
    Payload payload(bits.size());
    for (std::size_t i = 0; i < bits.size(); ++i) {
        if (bits[i] == '1')
            payload.set(i);
        else if (bits[i] != '0')
            throw UsageError(
                fmt::format("bit string has character '{}' at position {}; only 0 "
                            "and 1 are allowed",
                            bits[i], i));
    }
    return payload;
}

BitWriter& BitWriter::writeUint(std::uint64_t value, int widthBits) {
    if (widthBits < 0 || widthBits > 64)
        throw ProtocolViolation(fmt::format("field width {} out of range [0, 64]", widthBits));
    if (widthBits < 64 && (value >> widthBits) != 0)
        throw ProtocolViolation(
            fmt::format("value {} does not fit in a {}-bit field", value, widthBits));
    if (widthBits == 0) return *this;
    const std::size_t offset = sizeBits_ % 64;
    if (offset == 0) {
        words_.push_back(value);
    } else {
        words_.back() |= value << offset;
        if (offset + static_cast<std::size_t>(widthBits) > 64)
            words_.push_back(value >> (64 - offset));
    }
    sizeBits_ += static_cast<std::size_t>(widthBits);
    return *this;
}

BitWriter& BitWriter::writeBit(bool bit) { return writeUint(bit ? 1 : 0, 1); }

BitWriter& BitWriter::writeBits(const Payload& bits) {
    std::vector<std::uint64_t> blocks;
    blocks.reserve(bits.num_blocks());
    boost::to_block_range(bits, std::back_inserter(blocks));
    std::size_t left = bits.size();
    for (std::uint64_t block : blocks) {
        const int width = static_cast<int>(std::min<std::size_t>(left, 64));
        writeUint(width == 64 ? block : block & ((std::uint64_t{1} << width) - 1), width);
        left -= static_cast<std::size_t>(width);
    }
    return *this;
}

BitWriter& BitWriter::writeNumber(const Format& format, double x) {
    return writeUint(format.encode(x), format.widthBits());
}

Payload BitWriter::payload() const {
    Payload out(words_.begin(), words_.end());
    out.resize(sizeBits_);
    return out;
}

BitReader::BitReader(const Payload& payload) : sizeBits_(payload.size()) {
    words_.reserve(payload.num_blocks());
    boost::to_block_range(payload, std::back_inserter(words_));
}

void BitReader::need(std::size_t bits) const {
    if (bits > remainingBits())
        throw ProtocolViolation(
            fmt::format("read of {} bits past the end of a {}-bit message", bits, sizeBits_));
}

std::uint64_t BitReader::readUint(int widthBits) {
    if (widthBits < 0 || widthBits > 64)
        throw ProtocolViolation(fmt::format("field width {} out of range [0, 64]", widthBits));
    need(static_cast<std::size_t>(widthBits));
    if (widthBits == 0) return 0;
    const std::size_t word = position_ / 64;
    const std::size_t offset = position_ % 64;
    std::uint64_t value = words_[word] >> offset;
    if (offset + static_cast<std::size_t>(widthBits) > 64)
        value |= words_[word + 1] << (64 - offset);
    if (widthBits < 64) value &= (std::uint64_t{1} << widthBits) - 1;
    position_ += static_cast<std::size_t>(widthBits);
    return value;
}

bool BitReader::readBit() { return readUint(1) != 0; }

Payload BitReader::readBits(std::size_t count) {
    need(count);
    BitWriter out(count);
    for (std::size_t left = count; left > 0;) {
        const int width = static_cast<int>(std::min<std::size_t>(left, 64));
        out.writeUint(readUint(width), width);
        left -= static_cast<std::size_t>(width);
    }
    return out.payload();
}

double BitReader::readNumber(const Format& format) {
    return format.decode(readUint(format.widthBits()));
}

void BitReader::expectEnd() const {
    if (remainingBits() != 0)
        throw ProtocolViolation(fmt::format("{} bits of a {}-bit message were left unread",
                                            remainingBits(), sizeBits_));
}

}  // namespace ccsim
