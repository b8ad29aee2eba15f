#pragma once
/// \file
/// How compiled protocols write numbers into messages: every scalar is one value of the run's
/// format, written and read with BitWriter/BitReader, so a receiver decodes bits, never the
/// sender's doubles. Used by the attention, transformer and NOF compilers (the RNN chain and
/// the FNN first layer write their few numbers with BitWriter directly); defined in
/// src/compile/compiler.cpp.

#include <cstddef>

#include <ccsim/comm/bits.hpp>
#include <ccsim/comm/protocol.hpp>
#include <ccsim/model/attention.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

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
