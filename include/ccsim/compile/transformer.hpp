#pragma once
/// \file
/// Compiling multi-layer transformers into two-party protocols (docs/architecture.md, "strategy").
///
// clang-format off
/// | strategy          | who holds what                           | messages                 | bits                                      |
/// |-------------------|------------------------------------------|--------------------------|-------------------------------------------|
/// | layerwise         | any split; the target's owner answers    | 2L+1 alternating (2 if L=1) | (L−1)·N·H(m+d_v+2)p + H(m+d_v+2)p (at most) |
/// | causal-prefix     | causal; Alice a prefix, Bob the rest     | 1, A→B: every layer's K, V of her tokens | L·\|A\|·H(m+d_v)p                  |
/// | causal-last-token | causal; Bob holds only the last token    | 2L alternating, B first  | L·H(m+d_v+2)p                             |
// clang-format on
///
/// layerwise: call X the party that does not hold the target and Y the one that does. In
/// every layer but the last, X sends the queries of its tokens, Y answers with its block
/// partial sums for each of X's tokens and the queries of its own tokens, and X answers with
/// its block sums for each of Y's tokens (that answer rides on X's next message, so the
/// directions alternate). In the last layer only the target's output is needed: Y sends the
/// target's queries and X its block sums for them. Under a causal mask a block that token i
/// does not attend to is not sent; the split is public, so both know which. Exact under
/// partial-sums (P2).
///
/// causal-prefix: a causal decoder's prefix does not depend on the suffix, so Alice runs
/// every layer on her tokens and sends their keys and values; Bob finishes. Exact under
/// embeddings (P1) and under partial-sums (Bob forms Alice's block sums himself).
///
/// causal-last-token: Bob holds the last token (the target). Per layer Bob sends its queries
/// and Alice returns her block sums for them. Exact under partial-sums.
///
/// In every case the protocol's output equals TransformerModel::forwardQuantized(X, format,
/// precision, owner) at the target, bit for bit (tests/compile/faithfulness_test.cpp).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/model/transformer.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

enum class TransformerStrategy { Layerwise, CausalPrefix, CausalLastToken };

std::string_view nameOf(TransformerStrategy strategy);
/// layerwise | causal-prefix | causal-last-token; UsageError otherwise.
TransformerStrategy parseTransformerStrategy(std::string_view name);
/// The closed formula of the strategy's bits, as docs/architecture.md's strategy table writes it.
std::string closedFormula(TransformerStrategy strategy);

struct TransformerSpec {
    TransformerStrategy strategy = TransformerStrategy::Layerwise;
    Format format = Format::parse("fp32");
    PrecisionModel precision = PrecisionModel::PartialSums;
    std::size_t target = 0;      ///< read-out position
    std::vector<PartyId> owner;  ///< per position: 0 (Alice) or 1 (Bob)
    /// Final residual stream at the target → answer. Public, like the model.
    std::function<std::uint64_t(const Vector&)> readout;
};

/// The closed form of the strategy's bits for this model and split, with the value of every
/// symbol it uses, and its value computed from those symbols (not from the schedule), so a
/// test can hold it against the measured bits. Layerwise: X is the party without the target
/// (it speaks first), |X<-Y| counts X's tokens that attend to some token of Y (they receive
/// Y's sums), [t<-X] is 1 if the target attends to X. Causal-prefix: |A| is Alice's prefix.
ClosedForm transformerClosedForm(std::shared_ptr<const TransformerModel> model,
                                 const TransformerSpec& spec);
/// Checks that the spec fits the strategy and the model (UsageError naming what does not
/// fit) and returns the protocol factory.
ProtocolFactory compileTransformer(std::shared_ptr<const TransformerModel> model,
                                   const TransformerSpec& spec);

/// The blocks forwardQuantized must use to match the protocol: the owners.
std::vector<int> blocksOf(const TransformerSpec& spec);
/// The quantization the protocol computes at spec.target: format, precision model, blocksOf.
Quantization quantizationOf(const TransformerSpec& spec);

}  // namespace ccsim
