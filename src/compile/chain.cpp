#include <algorithm>

#include <fmt/format.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/compile/chain.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/strategy.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

MessageLayout chainMessage(const RnnModel& model) {
    return layoutOf("L·m", model.layers(), model.stateDim(), "·");
}

std::size_t chainBits(const RnnModel& model, const Format& format) {
    return chainMessage(model).bits(format);
}

Quantization quantizationOf(const ChainSpec& spec) { return {spec.format, {}, {}}; }

PartyInputs splitPrefix(const Matrix& x, std::size_t split) {
    std::vector<PartyId> owner(static_cast<std::size_t>(x.rows()), 1);
    for (std::size_t j = 0; j < split && j < owner.size(); ++j) owner[j] = 0;
    return splitTokens(x, owner);
}

namespace {

/// A party's tokens in position order, as vectors.
std::vector<Vector> rowsOf(const PartyView& view) {
    std::vector<const TokenRow*> rows;
    for (const TokenRow& t : view.input().tokens) rows.push_back(&t);
    std::sort(rows.begin(), rows.end(),
              [](const TokenRow* a, const TokenRow* b) { return a->position < b->position; });
    std::vector<Vector> out;
    for (const TokenRow* t : rows)
        out.push_back(Eigen::Map<const Vector>(t->values.data(),
                                               static_cast<Eigen::Index>(t->values.size())));
    return out;
}

}  // namespace

std::vector<std::size_t> ChainSpec::blockStarts() const {
    return splits.empty() ? std::vector<std::size_t>{split} : splits;
}

PartyInputs splitBlocks(const Matrix& x, const std::vector<std::size_t>& starts) {
    PartyInputs inputs(starts.size() + 1);
    std::size_t party = 0;
    for (std::size_t j = 0; j < static_cast<std::size_t>(x.rows()); ++j) {
        while (party < starts.size() && j >= starts[party]) ++party;
        TokenRow token{j, std::vector<double>(static_cast<std::size_t>(x.cols()))};
        for (Eigen::Index c = 0; c < x.cols(); ++c)
            token.values[static_cast<std::size_t>(c)] = x(static_cast<Eigen::Index>(j), c);
        inputs[party].tokens.push_back(std::move(token));
    }
    return inputs;
}

ProtocolFactory compileChain(std::shared_ptr<const RnnModel> model, const ChainSpec& spec) {
    CCSIM_CHECK(model != nullptr && spec.readout != nullptr);
    const std::vector<std::size_t> starts = spec.blockStarts();
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const std::size_t prev = i == 0 ? 0 : starts[i - 1];
        if (starts[i] <= prev || starts[i] >= spec.tokens) {
            if (starts.size() == 1)
                throw UsageError(
                    fmt::format("chain split {} must leave both parties a token (N = {})",
                                starts[i], spec.tokens));
            throw UsageError(fmt::format(
                "chain block start {} must lie in ({}, {}) so that every party has a token",
                starts[i], prev, spec.tokens));
        }
    }
    const MessageLayout message = chainMessage(*model);
    const auto parties = static_cast<PartyId>(starts.size() + 1);
    // Message i (0-based) carries the state after block i + 1.
    auto label = [parties](PartyId i) -> std::string {
        return parties == 2 ? "state" : fmt::format("state{}", i + 1);
    };
    return [model, spec, message, parties, label] {
        // The state a party starts its block from: the initial state for party 0, otherwise
        // the one its predecessor sent.
        auto incoming = [model, spec, label](const PartyView& view) {
            std::vector<Vector> state = model->initialState();
            if (view.self() == 0) return state;
            BitReader in(view.received(label(view.self() - 1)));
            for (Vector& h : state)
                for (Eigen::Index c = 0; c < h.size(); ++c) h[c] = in.readNumber(spec.format);
            in.expectEnd();
            return state;
        };
        Protocol p;
        p.parties = parties;
        p.summary = parties == 2
                        ? fmt::format("chain: a {}-layer RNN with m={}, Alice's prefix state in {}",
                                      model->layers(), model->stateDim(), spec.format.name())
                        : fmt::format(
                              "chain: a {}-layer RNN with m={} over {} blocks, each block's "
                              "state in {} to the next party",
                              model->layers(), model->stateDim(), parties, spec.format.name());
        for (PartyId i = 0; i + 1 < parties; ++i) {
            p.rounds.push_back(messageRound(i, {static_cast<PartyId>(i + 1)}, label(i), message,
                                            spec.format,
                                            [model, spec, incoming](const PartyView& view) {
                                                std::vector<Vector> state = incoming(view);
                                                for (const Vector& x : rowsOf(view))
                                                    state = model->step(state, x, spec.format);
                                                BitWriter out;
                                                for (const Vector& h : state)
                                                    for (Eigen::Index c = 0; c < h.size(); ++c)
                                                        out.writeNumber(spec.format, h[c]);
                                                return out.payload();
                                            }));
        }
        p.outputParty = parties - 1;
        p.output = [model, spec, incoming](const PartyView& last) {
            std::vector<Vector> state = incoming(last);
            const std::vector<Vector> rows = rowsOf(last);
            for (const Vector& x : rows) state = model->step(state, x, spec.format);
            const Vector out = model->readout(state, rows.back());
            return ProtocolOutput(spec.readout(out),
                                  std::vector<double>(out.data(), out.data() + out.size()));
        };
        return p;
    };
}

namespace {

const StrategyRegistry::Registrar chain({
    "chain",
    "rnn",
    "(k-1)·L·m·p",
    "k-1 messages of L·m·p bits (an RNN's state, block to block)",
    "An RNN over k contiguous blocks, one per party: each party continues from the state it "
    "received and sends the state after its block, L*m numbers, to the next; with two blocks "
    "Alice sends the state after her prefix. See include/ccsim/compile/chain.hpp.",
});

}  // namespace

}  // namespace ccsim
