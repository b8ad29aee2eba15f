#pragma once
/// \file
/// The `chain` strategy (docs/architecture.md, "strategy"): a causal RNN over a contiguous split of
/// its tokens into k blocks, one per party. Party i holds positions [s_i, s_{i+1}) (s_0 = 0, s_k =
/// N); it continues the network from the state it received (party 0 from the initial state) over
/// its block and sends the state after it — L·m numbers of the format, L·m·p bits — to party
/// i + 1. The last party applies the read-out at the last token. k − 1 messages, a one-way
/// chain. With k = 2 (ChainSpec::split) Alice holds [0, split), Bob the rest, and the one
/// message is labelled "state"; with more blocks message i is "state<i>", the state after
/// block i (1-based).
///
/// The protocol's output equals RnnModel::forward(X, format) bit for bit: both call
/// RnnModel::step on the same quantized states.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/model/rnn.hpp>

namespace ccsim {

struct ChainSpec {
    Format format = Format::parse("fp32");
    std::size_t tokens = 0;  ///< N
    std::size_t split = 0;   ///< Alice holds [0, split); 1 <= split < N
    /// k blocks: the k − 1 block starts s_1 < … < s_{k−1} in (0, N). Empty: two blocks split
    /// at `split`.
    std::vector<std::size_t> splits;
    std::function<std::uint64_t(const Vector&)> readout;

    /// The block starts in use: `splits`, or {split} if it is empty.
    std::vector<std::size_t> blockStarts() const;
};

/// UsageError if the split does not leave every party a token.
ProtocolFactory compileChain(std::shared_ptr<const RnnModel> model, const ChainSpec& spec);

/// What each state message carries: the L layers' states, m scalars each (L·m·p bits).
MessageLayout chainMessage(const RnnModel& model);
/// Its width, L·m·p.
std::size_t chainBits(const RnnModel& model, const Format& format);

/// The quantization the protocol computes at the last token: the state quantized to
/// spec.format after every step (no precision model or blocks apply).
Quantization quantizationOf(const ChainSpec& spec);

/// The parties' inputs: rows [0, split) to Alice, the rest to Bob.
PartyInputs splitPrefix(const Matrix& x, std::size_t split);

/// The k parties' inputs for block starts s_1 < … < s_{k−1}: party i gets rows [s_i, s_{i+1}).
PartyInputs splitBlocks(const Matrix& x, const std::vector<std::size_t>& starts);

}  // namespace ccsim
