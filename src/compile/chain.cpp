#include <algorithm>

#include <fmt/format.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/compile/chain.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

std::size_t chainBits(const RnnModel& model, const Format& format) {
    return model.layers() * model.stateDim() * static_cast<std::size_t>(format.widthBits());
}

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

ProtocolFactory compileChain(std::shared_ptr<const RnnModel> model, const ChainSpec& spec) {
    CCSIM_CHECK(model != nullptr && spec.readout != nullptr);
    if (spec.split < 1 || spec.split >= spec.tokens)
        throw UsageError(fmt::format("chain split {} must leave both parties a token (N = {})",
                                     spec.split, spec.tokens));
    const std::size_t bits = chainBits(*model, spec.format);
    return [model, spec, bits] {
        Protocol p;
        p.summary = fmt::format("chain: a {}-layer RNN with m={}, Alice's prefix state in {}",
                                model->layers(), model->stateDim(), spec.format.name());
        p.rounds.push_back({0,
                            {1},
                            "state",
                            bits,
                            [model, spec](const PartyView& alice) {
                                std::vector<Vector> state = model->initialState();
                                for (const Vector& x : rowsOf(alice))
                                    state = model->step(state, x, spec.format);
                                BitWriter out;
                                for (const Vector& h : state)
                                    for (Eigen::Index c = 0; c < h.size(); ++c)
                                        out.writeNumber(spec.format, h[c]);
                                return out.payload();
                            },
                            "L·m·p"});
        p.outputParty = 1;
        p.output = [model, spec](const PartyView& bob) {
            BitReader in(bob.received("state"));
            std::vector<Vector> state = model->initialState();
            for (Vector& h : state)
                for (Eigen::Index c = 0; c < h.size(); ++c) h[c] = in.readNumber(spec.format);
            in.expectEnd();
            const std::vector<Vector> rows = rowsOf(bob);
            for (const Vector& x : rows) state = model->step(state, x, spec.format);
            const Vector out = model->readout(state, rows.back());
            return ProtocolOutput(spec.readout(out),
                                  std::vector<double>(out.data(), out.data() + out.size()));
        };
        return p;
    };
}

}  // namespace ccsim
