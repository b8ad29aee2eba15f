#include <ccsim/comm/bits.hpp>

#include <fmt/format.h>

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
            throw UsageError(fmt::format("bit string has character '{}' at position {}; only 0 "
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
    // dynamic_bitset appends whole blocks fast; do that when the payload is block-aligned.
    if (widthBits == 64 && payload_.size() % Payload::bits_per_block == 0) {
        payload_.append(value);
        return *this;
    }
    for (int i = 0; i < widthBits; ++i) payload_.push_back(((value >> i) & 1U) != 0);
    return *this;
}

BitWriter& BitWriter::writeBit(bool bit) {
    payload_.push_back(bit);
    return *this;
}

BitWriter& BitWriter::writeBits(const Payload& bits) {
    if (payload_.empty()) {
        payload_ = bits;
        return *this;
    }
    const std::size_t offset = payload_.size();
    payload_.resize(offset + bits.size());
    for (std::size_t i = bits.find_first(); i != Payload::npos; i = bits.find_next(i))
        payload_.set(offset + i);
    return *this;
}

BitWriter& BitWriter::writeNumber(const Format& format, double x) {
    return writeUint(format.encode(x), format.widthBits());
}

void BitReader::need(std::size_t bits) const {
    if (bits > remainingBits())
        throw ProtocolViolation(fmt::format("read of {} bits past the end of a {}-bit message",
                                            bits, payload_->size()));
}

std::uint64_t BitReader::readUint(int widthBits) {
    if (widthBits < 0 || widthBits > 64)
        throw ProtocolViolation(fmt::format("field width {} out of range [0, 64]", widthBits));
    need(static_cast<std::size_t>(widthBits));
    std::uint64_t value = 0;
    for (int i = 0; i < widthBits; ++i)
        if ((*payload_)[position_ + static_cast<std::size_t>(i)]) value |= std::uint64_t{1} << i;
    position_ += static_cast<std::size_t>(widthBits);
    return value;
}

bool BitReader::readBit() {
    need(1);
    return (*payload_)[position_++];
}

Payload BitReader::readBits(std::size_t count) {
    need(count);
    Payload out(count);
    for (std::size_t i = 0; i < count; ++i) out[i] = (*payload_)[position_ + i];
    position_ += count;
    return out;
}

double BitReader::readNumber(const Format& format) {
    return format.decode(readUint(format.widthBits()));
}

void BitReader::expectEnd() const {
    if (remainingBits() != 0)
        throw ProtocolViolation(
            fmt::format("{} bits of a {}-bit message were left unread", remainingBits(),
                        payload_->size()));
}

}  // namespace ccsim
