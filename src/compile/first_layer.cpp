#include <algorithm>

#include <fmt/format.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/compile/first_layer.hpp>
#include <ccsim/compile/strategy.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

Quantization quantizationOf(const FirstLayerSpec& spec) {
    Quantization q{spec.format, {}, {}};
    for (bool alice : spec.alice) q.partition.blockOf.push_back(alice ? 0 : 1);
    return q;
}

std::vector<std::size_t> senderRows(const FnnModel& model, const std::vector<bool>& alice) {
    const Matrix& w = model.firstWeight();
    const auto d = static_cast<Eigen::Index>(model.tokenDim());
    std::vector<std::size_t> rows;
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
        bool touches = false;
        for (std::size_t t = 0; t < alice.size() && !touches; ++t)
            if (alice[t])
                touches =
                    (w.row(r).segment(static_cast<Eigen::Index>(t) * d, d).array() != 0.0).any();
        if (touches) rows.push_back(static_cast<std::size_t>(r));
    }
    return rows;
}

namespace {

/// A party's tokens in position order.
std::vector<const TokenRow*> sortedTokens(const PartyView& view) {
    std::vector<const TokenRow*> rows;
    for (const TokenRow& t : view.input().tokens) rows.push_back(&t);
    std::sort(rows.begin(), rows.end(),
              [](const TokenRow* a, const TokenRow* b) { return a->position < b->position; });
    return rows;
}

Vector shareOf(const FnnModel& model, const PartyView& view) {
    Vector sum = Vector::Zero(model.firstWeight().rows());
    for (const TokenRow* t : sortedTokens(view))
        sum += model.tokenContribution(
            t->position, Eigen::Map<const Vector>(t->values.data(),
                                                  static_cast<Eigen::Index>(t->values.size())));
    return sum;
}

}  // namespace

MessageLayout firstLayerMessage(std::size_t rows) {
    // Alice's share of the rows that touch her tokens: one block of r scalars.
    return layoutOf("r", 1, rows, "·");
}

ProtocolFactory compileFirstLayer(std::shared_ptr<const FnnModel> model,
                                  const FirstLayerSpec& spec) {
    CCSIM_CHECK(model != nullptr && spec.readout != nullptr);
    if (spec.alice.size() != model->tokens())
        throw UsageError(fmt::format("first-layer split has {} positions, the model {} tokens",
                                     spec.alice.size(), model->tokens()));
    const auto aliceCount = std::count(spec.alice.begin(), spec.alice.end(), true);
    if (aliceCount == 0 || static_cast<std::size_t>(aliceCount) == spec.alice.size())
        throw UsageError("first-layer split must leave both parties a token");
    const std::vector<std::size_t> rows = senderRows(*model, spec.alice);
    const MessageLayout message = firstLayerMessage(rows.size());
    return [model, spec, rows, message] {
        Protocol p;
        p.summary = fmt::format(
            "first-layer: Alice sends her share of W vec(X), {} of w={} rows in {}; Bob adds "
            "his share and b and applies g",
            rows.size(), model->width(), spec.format.name());
        p.rounds.push_back(messageRound(
            0, {1}, "W_A x_A", message, spec.format, [model, spec, rows](const PartyView& alice) {
                const Vector share = shareOf(*model, alice);
                BitWriter out;
                for (std::size_t r : rows)
                    out.writeNumber(spec.format, share[static_cast<Eigen::Index>(r)]);
                return out.payload();
            }));
        p.outputParty = 1;
        p.output = [model, spec, rows](const PartyView& bob) {
            // Alice's share: the received rows, 0 (quantized, as the model does) elsewhere.
            Vector mine = Vector::Constant(model->firstWeight().rows(), spec.format.quantize(0.0));
            BitReader in(bob.received("W_A x_A"));
            for (std::size_t r : rows)
                mine[static_cast<Eigen::Index>(r)] = in.readNumber(spec.format);
            in.expectEnd();
            const Vector theirs = model->firstBias() + shareOf(*model, bob);
            return spec.readout(model->applyRest(mine + theirs), bob.input());
        };
        return p;
    };
}

namespace {

const StrategyRegistry::Registrar firstLayer({
    "first-layer",
    "fnn",
    "r·p, r <= w",
    "1 message of r·p bits, r <= w (an FNN's first-layer share)",
    "An FNN f(X) = g(W vec(X) + b) with tokens split between two parties: Alice sends her share "
    "of W vec(X), one number per row of W touching her tokens; Bob adds his share and b and "
    "applies g. See include/ccsim/compile/first_layer.hpp.",
});

}  // namespace

}  // namespace ccsim
