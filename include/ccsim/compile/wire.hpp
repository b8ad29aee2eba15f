#pragma once
/// \file
/// How compiled protocols write numbers into messages: every scalar is one value of the run's
/// format, written and read with BitWriter/BitReader, so a receiver decodes bits, never the
/// sender's doubles. Used by the attention, transformer and NOF compilers (the RNN chain and
/// the FNN first layer write their few numbers with BitWriter directly); defined in
/// src/compile/compiler.cpp.

#include <cstddef>
#include <string>
#include <vector>

#include <ccsim/comm/bits.hpp>
#include <ccsim/comm/protocol.hpp>
#include <ccsim/model/attention.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

/// `count` blocks of `size` scalars each, every block written together (one vector, one
/// block's partial sums): the unit whose width the format gives (Format::blockBits).
struct ScalarBlocks {
    std::size_t count = 0;
    std::size_t size = 0;
};

/// One part of a message: its scalars in blocks, and their number as a formula in the
/// protocol's parameters ("H(2m + d_v)", "L·m", "|X|·Hm").
struct MessagePart {
    std::string count;
    std::vector<ScalarBlocks> blocks;
    std::string times;  ///< between the count and p in the formula: "" (Hmp) or "·" (L·m·p)
};

/// What a message carries, declared once: its width in bits and its width formula are both
/// derived from it and the format, so no compiler writes either out by hand.
struct MessageLayout {
    std::vector<MessagePart> parts;

    /// Σ over parts and blocks of count · format.blockBits(size).
    std::size_t bits(const Format& format) const;
    /// The parts' formulas joined by " + ", e.g. "|Y<-X|·H(d_v+2)p + |X|·Hmp".
    std::string formula(const Format& format) const;
};

/// One part, `count` blocks of `size` scalars, as a layout.
MessageLayout layoutOf(std::string count, std::size_t blocks, std::size_t size,
                       std::string times = "");

/// A round whose width and width formula come from the layout.
Round messageRound(PartyId from, std::vector<PartyId> to, std::string label,
                   const MessageLayout& layout, const Format& format,
                   std::function<Payload(const PartyView&)> compute);

/// A token's coordinates as a vector.
Vector rowOf(const TokenRow& t);
/// The token at position held by the viewing party; ProtocolViolation if it does not hold it.
const TokenRow& tokenAt(const PartyView& view, std::size_t position);

/// Every coordinate of v, in order.
void writeVector(BitWriter& out, const Format& format, const Vector& v);
Vector readVector(BitReader& in, const Format& format, std::size_t size);

/// A block's partial sums: s_max, the d_v numerator coordinates, the denominator
/// (d_v + 2 numbers).
void writeSums(BitWriter& out, const BlockSums& s, const Format& format, std::size_t dv);
BlockSums readSums(BitReader& in, const Format& format, std::size_t dv);

}  // namespace ccsim
