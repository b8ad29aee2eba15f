#pragma once
/// \file
/// The compiler: an attention model × a partition of its tokens × a format and precision
/// model → a two-party protocol, by a named strategy (docs/architecture.md, "strategy").
///
// clang-format off
/// | strategy        | who holds what                         | messages              | bits              |
/// |-----------------|----------------------------------------|-----------------------|-------------------|
/// | send-token      | Alice: the target t only; Bob the rest | A→B: Q,K,V of x_t     | H(2m + d_v)p      |
/// | partial-sums    | t public; the others split             | A→B: her block sums   | H(d_v + 2)p       |
/// | query-then-sums | Alice holds t; Bob the rest            | A→B Q(x_t); B→A sums  | Hmp + H(d_v + 2)p |
// clang-format on
///
/// Every number in a message is one value of the format, written with BitWriter; receivers
/// decode the bits, never the sender's doubles. The party that answers computes the model's
/// output at t and applies the read-out. The protocol's output equals
/// AttentionModel::forwardQuantized(X, t, format, precision, blocksOf(spec)) bit for bit, that
/// is Model::quantizedAt(X, t, quantizationOf(spec)) (the faithfulness invariant of
/// docs/architecture.md); tests/compile/faithfulness_test.cpp checks it over random weights
/// and partitions.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/model/attention.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

enum class Strategy { SendToken, PartialSums, QueryThenSums };

std::string_view nameOf(Strategy strategy);
/// send-token | partial-sums | query-then-sums; UsageError otherwise.
Strategy parseStrategy(std::string_view name);

/// Owner of a token: Alice (0), Bob (1), or both (a public token).
inline constexpr PartyId kPublic = -2;

struct CompileSpec {
    Strategy strategy = Strategy::SendToken;
    Format format = Format::parse("fp32");
    PrecisionModel precision = PrecisionModel::Embeddings;
    std::size_t target = 0;      ///< read-out position t
    std::vector<PartyId> owner;  ///< per position: 0, 1 or kPublic
    /// Model output at t → answer bit(s). Public, like the model.
    std::function<std::uint64_t(const Vector&)> readout;
};

/// Checks that the spec fits the strategy (who holds t, precision model, residual read-out)
/// and returns the protocol factory. UsageError names what does not fit.
ProtocolFactory compile(std::shared_ptr<const AttentionModel> model, const CompileSpec& spec);

/// The messages a strategy sends, in round order, for H heads of key dimension m and value
/// dimension d_v: what each carries, declared once. The rounds' widths and width formulas,
/// the closed-form bit count and its formula all come from these layouts.
std::vector<MessageLayout> attentionMessages(Strategy strategy, std::size_t h, std::size_t m,
                                             std::size_t dv);

/// The closed-form bit count of the strategy, and the formula it evaluates (its messages'
/// formulas; `format` only matters for formats that write blocks with a shared scale).
std::size_t closedFormBits(const AttentionModel& model, const CompileSpec& spec);
std::string closedFormula(Strategy strategy, const Format& format = Format::parse("fp64"));
/// Both, with the symbols' values: "H(2m + d_v)p with H=1, m=25, d_v=4, p=8".
ClosedForm attentionClosedForm(const AttentionModel& model, const CompileSpec& spec);

/// The block forwardQuantized sums public tokens in: after Alice's (0) and Bob's (1), since
/// the protocols combine each party's own sums first and the public ones last.
inline constexpr int kPublicTokenBlock = 2;

/// The block of each token that forwardQuantized must use to match the protocol: Alice's
/// tokens 0, Bob's 1, public tokens kPublicTokenBlock.
std::vector<int> blocksOf(const CompileSpec& spec);
/// The quantization the protocol computes at spec.target: its format, precision model and
/// blocksOf(spec) (Model::quantizedAt, model/model.hpp).
Quantization quantizationOf(const CompileSpec& spec);

/// The parties' inputs for tokens X under the spec's owners (public tokens go to both).
PartyInputs splitTokens(const Matrix& x, const std::vector<PartyId>& owner);

}  // namespace ccsim
