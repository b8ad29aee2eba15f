#pragma once
/// \file
/// The `nof` strategy (docs/architecture.md, "strategy"): third-order attention compiled into a
/// 3-player number-on-forehead protocol on a blackboard.
///
/// The tokens are split into blocks 0, 1, 2 and public tokens (the read-out target among
/// them). Block b is written on player b's forehead: player i sees every block but its own,
/// and every public token. A pair of blocks (a, b) is assigned to a player who sees both
/// (nofPairOwner):
///  - a ≠ b, both forehead blocks: the third player, the only one who sees both;
///  - (a, a): player a + 1 (mod 3); (a, public) and (public, a): player a + 2 (mod 3);
///  - (public, public): the output player.
/// Every player that is not the output player writes on the board the normalised partial
/// sums (s_max, numerator, denominator) of the pairs assigned to it, quantized: d_v + 2 format
/// numbers, (d_v + 2)p bits. The output player adds its own pairs' sums (quantized alike) and
/// reads out. Two writers: 2(d_v + 2)p bits in all.
///
/// Faithfulness: the pair blocks are the players (nofPairBlocks), combined in increasing
/// player id, pairs inside a block in lexicographic order, so the output equals
/// ThirdOrderModel::forwardQuantized(X, t, format, partial-sums, nofPairBlocks(spec)) bit for
/// bit (tests/compile/faithfulness_test.cpp).

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/model/third_order.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

inline constexpr int kNofPlayers = 3;

struct NofSpec {
    Format format = Format::parse("fp32");
    PrecisionModel precision = PrecisionModel::PartialSums;
    std::size_t target = 0;         ///< read-out position; must be public
    std::vector<PartyId> forehead;  ///< per position: 0, 1, 2 or kPublic
    PartyId outputParty = 2;
    /// Model output at the target → answer. Public, like the model.
    std::function<std::uint64_t(const Vector&)> readout;
};

/// The player a pair of token blocks is assigned to (blocks 0..2 or kPublic).
PartyId nofPairOwner(PartyId a, PartyId b, PartyId outputParty);

/// The pair blocks the model must use to match the protocol: the pair (j, k) lies in the
/// block of the player it is assigned to.
PairBlocks nofPairBlocks(const NofSpec& spec);
/// The quantization the protocol computes at spec.target: format, precision model and
/// nofPairBlocks(spec) as the partition's pair blocks.
Quantization quantizationOf(const NofSpec& spec);

/// Party i's input: every token not on its forehead (public tokens go to all), position order.
PartyInputs splitNof(const Matrix& x, const std::vector<PartyId>& forehead);

/// What each writer puts on the board: its block sums, d_v + 2 scalars.
MessageLayout nofMessage(const ThirdOrderModel& model);
/// 2(d_v + 2)p: what the writers put on the board.
std::size_t nofBits(const ThirdOrderModel& model, const NofSpec& spec);

/// Checks the spec (owners, public target, partial-sums) and returns the protocol factory.
ProtocolFactory compileNof(std::shared_ptr<const ThirdOrderModel> model, const NofSpec& spec);

}  // namespace ccsim
