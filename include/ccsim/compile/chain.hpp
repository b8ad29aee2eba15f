#pragma once
/// \file
/// The `chain` strategy (THEORY.md §5): a causal RNN over a contiguous split of its tokens.
/// Alice holds positions [0, split), Bob [split, N). Alice runs the network over her prefix
/// and sends its state — L·m numbers of the format, L·m·p bits — and Bob continues from it
/// over his tokens and applies the read-out at the last one. One message, Alice → Bob.
/// (With k contiguous blocks the same runs as a chain of k − 1 such messages; ccsim's
/// problems have two parties, so the compiler builds the two-block case.)
///
/// The protocol's output equals RnnModel::forward(X, format) bit for bit: both call
/// RnnModel::step on the same quantized states.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/model/rnn.hpp>

namespace ccsim {

struct ChainSpec {
    Format format = Format::parse("fp32");
    std::size_t tokens = 0;  ///< N
    std::size_t split = 0;   ///< Alice holds [0, split); 1 <= split < N
    std::function<std::uint64_t(const Vector&)> readout;
};

/// UsageError if the split does not leave both parties a token.
ProtocolFactory compileChain(std::shared_ptr<const RnnModel> model, const ChainSpec& spec);

/// L·m·p.
std::size_t chainBits(const RnnModel& model, const Format& format);

/// The parties' inputs: rows [0, split) to Alice, the rest to Bob.
PartyInputs splitPrefix(const Matrix& x, std::size_t split);

}  // namespace ccsim
