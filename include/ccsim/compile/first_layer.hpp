#pragma once
/// \file
/// The `first-layer` strategy for fully connected networks (docs/theory/qsa_fnn.md, qSA → FNN):
/// Alice holds some tokens, Bob the rest and the read-out. The first layer is linear in vec(X), so
/// Alice sends her share Σ_{j ∈ A} W_{:, j} x_j of the pre-activation — one p-bit number per
/// row of W that has a non-zero entry in her columns (rows without one contribute a public 0
/// and are not sent; for a dense W that is all w rows). Bob adds his share and b, applies g
/// and reads out. One message A→B of r·p bits (r ≤ w), so one-way bounds apply: with
/// D->(INDEX_n) = n, r·p >= n.
///
/// The protocol's output equals FnnModel::forwardSplit(X, Alice's tokens, format) bit for bit.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/model/fnn.hpp>

namespace ccsim {

struct FirstLayerSpec {
    Format format = Format::parse("fp32");
    std::vector<bool> alice;  ///< per position: true if Alice holds the token, else Bob
    /// The model's output and Bob's own input → the protocol output.
    std::function<ProtocolOutput(const Vector& out, const PartyInput& bob)> readout;
};

/// The rows of W with a non-zero entry in a column of Alice's tokens, in increasing order.
std::vector<std::size_t> senderRows(const FnnModel& model, const std::vector<bool>& alice);

/// Alice's message: her share of the r rows of W that touch her tokens (r·p bits).
MessageLayout firstLayerMessage(std::size_t rows);

/// The quantization the protocol computes: Alice's tokens are block 0 (the sender's, whose
/// share is quantized to spec.format), Bob's block 1.
Quantization quantizationOf(const FirstLayerSpec& spec);

/// UsageError unless each party holds a token and `alice` has one entry per token.
ProtocolFactory compileFirstLayer(std::shared_ptr<const FnnModel> model,
                                  const FirstLayerSpec& spec);

}  // namespace ccsim
