#include <array>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include <ccsim/compile/strategy.hpp>
#include <ccsim/compile/transformer.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/error.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

std::string_view nameOf(TransformerStrategy strategy) {
    switch (strategy) {
        case TransformerStrategy::Layerwise:
            return "layerwise";
        case TransformerStrategy::CausalPrefix:
            return "causal-prefix";
        case TransformerStrategy::CausalLastToken:
            return "causal-last-token";
    }
    return "?";
}

TransformerStrategy parseTransformerStrategy(std::string_view name) {
    for (TransformerStrategy s : {TransformerStrategy::Layerwise, TransformerStrategy::CausalPrefix,
                                  TransformerStrategy::CausalLastToken})
        if (nameOf(s) == name) return s;
    const std::vector<std::string> names = {"layerwise", "causal-prefix", "causal-last-token"};
    throw UsageError(fmt::format(
        "unknown transformer strategy '{}'{}; known: layerwise, causal-prefix, causal-last-token",
        name, didYouMean(name, names)));
}

std::string closedFormula(TransformerStrategy strategy) {
    switch (strategy) {
        case TransformerStrategy::Layerwise:
            return "(L-1)·(|X| + |Y|)·Hmp + (L-1)·(|X<-Y| + |Y<-X|)·H(d_v + 2)p + Hmp + "
                   "[t<-X]·H(d_v + 2)p";
        case TransformerStrategy::CausalPrefix:
            return "L·|A|·H(m + d_v)p";
        case TransformerStrategy::CausalLastToken:
            return "L·H(m + d_v + 2)p";
    }
    return "?";
}

std::vector<int> blocksOf(const TransformerSpec& spec) {
    return {spec.owner.begin(), spec.owner.end()};
}

Quantization quantizationOf(const TransformerSpec& spec) {
    return {spec.format, spec.precision, {blocksOf(spec), {}}};
}

namespace {

/// The public facts of a split that every party's steps rely on.
struct Layout {
    std::shared_ptr<const TransformerModel> model;
    TransformerSpec spec;
    std::array<std::vector<std::size_t>, 2> held;  ///< positions of each party, ascending
    PartyId x = 0;  ///< layerwise: the party without the target (speaks first)
    PartyId y = 1;  ///< the party with the target (answers)

    std::size_t layers() const { return model->layers(); }
    const AttentionModel& attention(std::size_t l) const { return *model->layer(l).attention; }
    std::size_t p() const { return static_cast<std::size_t>(spec.format.widthBits()); }
    /// Does token i attend to some token of party b?
    bool attendsBlock(std::size_t i, PartyId b) const {
        for (std::size_t j : held[static_cast<std::size_t>(b)])
            if (model->attends(i, j)) return true;
        return false;
    }
};

using States = std::map<std::size_t, Vector>;
using Embeddings = std::map<std::size_t, Embedding>;
using HeadVectors = std::vector<Vector>;
using HeadSums = std::vector<BlockSums>;

States initialStates(const PartyView& view) {
    States s;
    for (const TokenRow& t : view.input().tokens) s[t.position] = rowOf(t);
    return s;
}

Embeddings embedAll(const Layout& at, std::size_t l, const States& states) {
    Embeddings e;
    for (const auto& [pos, state] : states) e[pos] = at.model->embed(l, state, pos, at.spec.format);
    return e;
}

/// Per head, the partial sums for token i's queries over the tokens of `block` that i attends
/// to, from their embeddings in `emb` (which must hold them). At least one must exist.
HeadSums sumsOver(const Layout& at, std::size_t l, const HeadVectors& queries, std::size_t i,
                  const std::vector<std::size_t>& block, const Embeddings& emb) {
    std::vector<std::size_t> rows;
    for (std::size_t j : block)
        if (at.model->attends(i, j)) rows.push_back(j);
    CCSIM_CHECK(!rows.empty());
    HeadSums out;
    for (std::size_t h = 0; h < queries.size(); ++h) {
        const Embedding& first = emb.at(rows.front());
        Matrix keys(static_cast<Eigen::Index>(rows.size()), first.k[h].size());
        Matrix values(static_cast<Eigen::Index>(rows.size()), first.v[h].size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
            keys.row(static_cast<Eigen::Index>(r)) = emb.at(rows[r]).k[h];
            values.row(static_cast<Eigen::Index>(r)) = emb.at(rows[r]).v[h];
        }
        out.push_back(
            at.model->blockSums(l, queries[h], keys, values, at.spec.format, at.spec.precision));
    }
    return out;
}

/// Token i's new residual stream from its blocks' sums (either may be absent), combined in
/// increasing block id as the model does.
Vector finishToken(const Layout& at, std::size_t l, std::size_t i, const Vector& state,
                   const std::optional<HeadSums>& block0, const std::optional<HeadSums>& block1) {
    const std::size_t heads = at.attention(l).heads();
    std::vector<HeadSums> perHead(heads);
    for (std::size_t h = 0; h < heads; ++h) {
        if (block0) perHead[h].push_back((*block0)[h]);
        if (block1) perHead[h].push_back((*block1)[h]);
    }
    return at.model->finish(l, state, i, perHead);
}

/// Token i's update from its own party's sums and the other party's.
Vector finishOwned(const Layout& at, std::size_t l, PartyId self, std::size_t i,
                   const Vector& state, const std::optional<HeadSums>& own,
                   const std::optional<HeadSums>& theirs) {
    return self == 0 ? finishToken(at, l, i, state, own, theirs)
                     : finishToken(at, l, i, state, theirs, own);
}

/// One layer over tokens that attend only to tokens of their own party (a causal prefix).
States localLayer(const Layout& at, std::size_t l, PartyId self, const States& states) {
    const Embeddings emb = embedAll(at, l, states);
    const std::vector<std::size_t>& mine = at.held[static_cast<std::size_t>(self)];
    States next;
    for (const auto& [i, state] : states)
        next[i] = finishOwned(at, l, self, i, state, sumsOver(at, l, emb.at(i).q, i, mine, emb),
                              std::nullopt);
    return next;
}

void writeQueries(BitWriter& out, const Layout& at, const std::vector<std::size_t>& positions,
                  const Embeddings& emb) {
    for (std::size_t i : positions)
        for (const Vector& q : emb.at(i).q) writeVector(out, at.spec.format, q);
}

std::map<std::size_t, HeadVectors> readQueries(BitReader& in, const Layout& at, std::size_t l,
                                               const std::vector<std::size_t>& positions) {
    std::map<std::size_t, HeadVectors> out;
    const AttentionModel& a = at.attention(l);
    for (std::size_t i : positions)
        for (std::size_t h = 0; h < a.heads(); ++h)
            out[i].push_back(readVector(in, at.spec.format, a.keyDim()));
    return out;
}

/// The sums of the sender's block for each token of `receivers` that attends to it.
void writeSumsFor(BitWriter& out, const Layout& at, std::size_t l, PartyId sender,
                  const std::vector<std::size_t>& receivers,
                  const std::map<std::size_t, HeadVectors>& queries, const Embeddings& emb) {
    const auto& block = at.held[static_cast<std::size_t>(sender)];
    for (std::size_t i : receivers)
        if (at.attendsBlock(i, sender))
            for (const BlockSums& s : sumsOver(at, l, queries.at(i), i, block, emb))
                writeSums(out, s, at.spec.format, at.attention(l).valueDim());
}

std::map<std::size_t, HeadSums> readSumsFor(BitReader& in, const Layout& at, std::size_t l,
                                            PartyId sender,
                                            const std::vector<std::size_t>& receivers) {
    std::map<std::size_t, HeadSums> out;
    const AttentionModel& a = at.attention(l);
    for (std::size_t i : receivers)
        if (at.attendsBlock(i, sender))
            for (std::size_t h = 0; h < a.heads(); ++h)
                out[i].push_back(readSums(in, at.spec.format, a.valueDim()));
    return out;
}

/// `count` tokens' queries at layer l: H blocks of m scalars each. `text` is the count of
/// scalars as the width formula writes it ("|X|·Hm").
MessagePart queryPart(const Layout& at, std::size_t l, std::size_t count, std::string text) {
    const AttentionModel& a = at.attention(l);
    return {std::move(text), {{count * a.heads(), a.keyDim()}}, ""};
}

/// The sender's block sums at layer l for every receiver token that attends to its block: H
/// blocks of d_v + 2 scalars per such token.
MessagePart sumsPart(const Layout& at, std::size_t l, PartyId sender,
                     const std::vector<std::size_t>& receivers, std::string text) {
    const AttentionModel& a = at.attention(l);
    std::size_t tokens = 0;
    for (std::size_t i : receivers) tokens += at.attendsBlock(i, sender) ? 1 : 0;
    return {std::move(text), {{tokens * a.heads(), a.valueDim() + 2}}, ""};
}

std::optional<HeadSums> found(const std::map<std::size_t, HeadSums>& sums, std::size_t i) {
    const auto it = sums.find(i);
    if (it == sums.end()) return std::nullopt;
    return it->second;
}

/// One party's token states after each layer, kept so that each layer is computed once per
/// (input, messages read). For each input, a chain of entries: entry k holds the states at
/// the input of layer k and the message read to complete layer k - 1, so the chain up to k is
/// valid exactly when those messages are the ones the view received. The reference runner
/// asks for the layers of one instance in order; the tree engine walks the protocol tree
/// depth first, asking for one input after another at each node, and the chain of each input
/// then follows the path like a stack. Inputs are told apart by PartyInput::id where the
/// engine gave one, by their contents otherwise. Each party's copy of the protocol has its
/// own cache, so nothing crosses between parties.
struct StateCache {
    struct Entry {
        Payload read;  ///< the message read to complete the previous layer (or none)
        States states;
        /// The quantized embeddings of `states` at this layer, computed on first use: the
        /// rounds of one layer and the step to the next all need them.
        std::optional<Embeddings> emb;
    };
    struct Chain {
        PartyId self = -1;
        PartyInput input;           ///< compared for inputs without an id
        std::deque<Entry> entries;  ///< a deque: references stay valid as the chain grows
    };
    std::unordered_map<std::uint64_t, Chain> byInput;
};

/// Advances one layer: the states after layer l from those before it and the layer's message
/// (null for a party that computes the layer alone).
using LayerStep = std::function<States(std::size_t, StateCache::Entry&, const Payload*)>;

/// The embeddings of an entry's states at layer l, computed once per entry.
const Embeddings& embeddingsOf(const Layout& at, std::size_t l, StateCache::Entry& entry) {
    if (!entry.emb) entry.emb = embedAll(at, l, entry.states);
    return *entry.emb;
}

/// The viewing party's token states at the input of layer `upto`, reusing the cache. label(l)
/// names the message layer l reads; an empty label function means the layers read none.
StateCache::Entry& cachedEntry(StateCache& cache, const PartyView& view, std::size_t upto,
                               const std::function<std::string(std::size_t)>& label,
                               const LayerStep& step) {
    const PartyInput& input = view.input();
    StateCache::Chain& chain = cache.byInput[input.id];
    if (chain.self != view.self() || (input.id == 0 && !(chain.input == input))) {
        chain = {};
        chain.self = view.self();
        if (input.id == 0) chain.input = input;
    }
    // Keep the longest valid prefix of the chain that ends at or before `upto`.
    std::size_t keep = std::min(chain.entries.size(), upto + 1);
    for (std::size_t k = 1; k < keep && label; ++k)
        if (!(view.received(label(k - 1)) == chain.entries[k].read)) keep = k;
    chain.entries.resize(keep);
    if (chain.entries.empty())
        chain.entries.push_back({Payload(), initialStates(view), std::nullopt});
    for (std::size_t l = chain.entries.size() - 1; l < upto; ++l) {
        const Payload* message = label ? &view.received(label(l)) : nullptr;
        States next = step(l, chain.entries.back(), message);
        chain.entries.push_back({message ? *message : Payload(), std::move(next), std::nullopt});
    }
    return chain.entries[upto];
}

States cachedStates(StateCache& cache, const PartyView& view, std::size_t upto,
                    const std::function<std::string(std::size_t)>& label, const LayerStep& step) {
    return cachedEntry(cache, view, upto, label, step).states;
}

// ---- layerwise ------------------------------------------------------------------------

std::string xLabel(std::size_t l) { return fmt::format("X[{}]", l); }
std::string yLabel(std::size_t l) { return fmt::format("Y[{}]", l); }

/// The viewing party's token states at the input of layer `upto`. X completes layer l with
/// Y's sums from message Y[l]; Y completes it with X's sums from message X[l+1].
StateCache::Entry& layerwiseEntry(const Layout& at, const PartyView& view, std::size_t upto,
                                  StateCache& cache) {
    const PartyId self = view.self();
    const bool isX = self == at.x;
    const PartyId other = isX ? at.y : at.x;
    const auto& mine = at.held[static_cast<std::size_t>(self)];
    return cachedEntry(
        cache, view, upto, [isX](std::size_t l) { return isX ? yLabel(l) : xLabel(l + 1); },
        [&](std::size_t l, StateCache::Entry& entry, const Payload* message) {
            const Embeddings& emb = embeddingsOf(at, l, entry);
            BitReader in(*message);
            const auto theirs = readSumsFor(in, at, l, other, mine);
            States next;
            for (const auto& [i, state] : entry.states) {
                std::optional<HeadSums> own;
                if (at.attendsBlock(i, self)) own = sumsOver(at, l, emb.at(i).q, i, mine, emb);
                next[i] = finishOwned(at, l, self, i, state, own, found(theirs, i));
            }
            return next;
        });
}

/// The viewing party's token states at the input of layer `upto`. X completes layer l with
/// Y's sums from message Y[l]; Y completes it with X's sums from message X[l+1].
States layerwiseStates(const Layout& at, const PartyView& view, std::size_t upto,
                       StateCache& cache) {
    return layerwiseEntry(at, view, upto, cache).states;
}

/// Their embeddings at layer `upto`, computed once per (input, messages read).
const Embeddings& layerwiseEmbeddings(const Layout& at, const PartyView& view, std::size_t upto,
                                      StateCache& cache) {
    return embeddingsOf(at, upto, layerwiseEntry(at, view, upto, cache));
}

/// The queries of Y's tokens at layer l, from message Y[l] (after its sums for X's tokens).
std::map<std::size_t, HeadVectors> yQueries(const Layout& at, const PartyView& xView,
                                            std::size_t l) {
    BitReader in(xView.received(yLabel(l)));
    readSumsFor(in, at, l, at.y, at.held[static_cast<std::size_t>(at.x)]);
    return readQueries(in, at, l, at.held[static_cast<std::size_t>(at.y)]);
}

/// The queries of X's tokens at layer l, from message X[l] (after its sums for Y's tokens).
std::map<std::size_t, HeadVectors> xQueries(const Layout& at, const PartyView& yView,
                                            std::size_t l) {
    BitReader in(yView.received(xLabel(l)));
    if (l > 0) readSumsFor(in, at, l - 1, at.x, at.held[static_cast<std::size_t>(at.y)]);
    return readQueries(in, at, l, at.held[static_cast<std::size_t>(at.x)]);
}

void layerwiseRounds(Protocol& protocol, const std::shared_ptr<const Layout>& layout,
                     const std::shared_ptr<StateCache>& cache) {
    const Layout& at = *layout;
    const std::size_t layers = at.layers();
    const std::size_t t = at.spec.target;
    const auto& xs = at.held[static_cast<std::size_t>(at.x)];
    const auto& ys = at.held[static_cast<std::size_t>(at.y)];
    for (std::size_t l = 0; l + 1 < layers; ++l) {
        // X[l]: X's sums for Y's tokens at layer l-1, then X's queries at layer l.
        protocol.rounds.push_back(messageRound(
            at.x, {at.y}, xLabel(l),
            l > 0 ? MessageLayout{{sumsPart(at, l - 1, at.x, ys, "|Y<-X|·H(d_v+2)"),
                                   queryPart(at, l, xs.size(), "|X|·Hm")}}
                  : MessageLayout{{queryPart(at, l, xs.size(), "|X|·Hm")}},
            at.spec.format, [layout, l, cache](const PartyView& view) {
                const Layout& a = *layout;
                BitWriter out;
                if (l > 0) {
                    const Embeddings& emb = layerwiseEmbeddings(a, view, l - 1, *cache);
                    writeSumsFor(out, a, l - 1, a.x, a.held[static_cast<std::size_t>(a.y)],
                                 yQueries(a, view, l - 1), emb);
                }
                writeQueries(out, a, a.held[static_cast<std::size_t>(a.x)],
                             layerwiseEmbeddings(a, view, l, *cache));
                return out.payload();
            }));
        // Y[l]: Y's sums for X's tokens at layer l, then Y's queries at layer l.
        protocol.rounds.push_back(
            messageRound(at.y, {at.x}, yLabel(l),
                         MessageLayout{{sumsPart(at, l, at.y, xs, "|X<-Y|·H(d_v+2)"),
                                        queryPart(at, l, ys.size(), "|Y|·Hm")}},
                         at.spec.format, [layout, l, cache](const PartyView& view) {
                             const Layout& a = *layout;
                             const Embeddings& emb = layerwiseEmbeddings(a, view, l, *cache);
                             BitWriter out;
                             writeSumsFor(out, a, l, a.y, a.held[static_cast<std::size_t>(a.x)],
                                          xQueries(a, view, l), emb);
                             writeQueries(out, a, a.held[static_cast<std::size_t>(a.y)], emb);
                             return out.payload();
                         }));
    }
    const std::size_t last = layers - 1;
    if (layers >= 2)
        // X[L-1]: only X's sums for Y's tokens at layer L-2.
        protocol.rounds.push_back(messageRound(
            at.x, {at.y}, xLabel(last),
            MessageLayout{{sumsPart(at, last - 1, at.x, ys, "|Y<-X|·H(d_v+2)")}}, at.spec.format,
            [layout, last, cache](const PartyView& view) {
                const Layout& a = *layout;
                const Embeddings& emb = layerwiseEmbeddings(a, view, last - 1, *cache);
                BitWriter out;
                writeSumsFor(out, a, last - 1, a.x, a.held[static_cast<std::size_t>(a.y)],
                             yQueries(a, view, last - 1), emb);
                return out.payload();
            }));
    // The last layer: Y sends the target's queries, X answers with its sums for them.
    protocol.rounds.push_back(messageRound(
        at.y, {at.x}, yLabel(last), MessageLayout{{queryPart(at, last, 1, "Hm")}}, at.spec.format,
        [layout, last, t, cache](const PartyView& view) {
            const Layout& a = *layout;
            const States states = layerwiseStates(a, view, last, *cache);
            BitWriter out;
            for (const Vector& q : a.model->embed(last, states.at(t), t, a.spec.format).q)
                writeVector(out, a.spec.format, q);
            return out.payload();
        }));
    protocol.rounds.push_back(messageRound(
        at.x, {at.y}, "X[final]", MessageLayout{{sumsPart(at, last, at.x, {t}, "[t<-X]·H(d_v+2)")}},
        at.spec.format, [layout, last, t, cache](const PartyView& view) {
            const Layout& a = *layout;
            BitReader in(view.received(yLabel(last)));
            std::map<std::size_t, HeadVectors> queries = readQueries(in, a, last, {t});
            in.expectEnd();
            BitWriter out;
            writeSumsFor(out, a, last, a.x, {t}, queries,
                         layerwiseEmbeddings(a, view, last, *cache));
            return out.payload();
        }));
    protocol.outputParty = at.y;
    protocol.output = [layout, last, t, cache](const PartyView& view) {
        const Layout& a = *layout;
        const States states = layerwiseStates(a, view, last, *cache);
        const Embeddings& emb = layerwiseEmbeddings(a, view, last, *cache);
        BitReader in(view.received("X[final]"));
        const auto theirs = readSumsFor(in, a, last, a.x, {t});
        in.expectEnd();
        std::optional<HeadSums> own;
        if (a.attendsBlock(t, a.y))
            own = sumsOver(a, last, emb.at(t).q, t, a.held[static_cast<std::size_t>(a.y)], emb);
        const Vector out = finishOwned(a, last, a.y, t, states.at(t), own, found(theirs, t));
        return ProtocolOutput(a.spec.readout(out),
                              std::vector<double>(out.data(), out.data() + out.size()));
    };
}

// ---- causal-prefix -----------------------------------------------------------------------

void causalPrefixRounds(Protocol& protocol, const std::shared_ptr<const Layout>& layout) {
    const Layout& at = *layout;
    // Every layer's keys and values of Alice's |A| tokens: H blocks of m and H of d_v each.
    MessagePart kv{"L·|A|·H(m + d_v)", {}, ""};
    for (std::size_t l = 0; l < at.layers(); ++l) {
        const AttentionModel& a = at.attention(l);
        kv.blocks.push_back({at.held[0].size() * a.heads(), a.keyDim()});
        kv.blocks.push_back({at.held[0].size() * a.heads(), a.valueDim()});
    }
    const MessageLayout message{{kv}};
    protocol.rounds.push_back(messageRound(
        0, {1}, "KV(prefix)", message, at.spec.format, [layout](const PartyView& view) {
            const Layout& a = *layout;
            States states = initialStates(view);
            BitWriter out;
            for (std::size_t l = 0; l < a.layers(); ++l) {
                const Embeddings emb = embedAll(a, l, states);
                for (const auto& [i, e] : emb)
                    for (std::size_t h = 0; h < e.k.size(); ++h) {
                        writeVector(out, a.spec.format, e.k[h]);
                        writeVector(out, a.spec.format, e.v[h]);
                    }
                if (l + 1 < a.layers()) states = localLayer(a, l, 0, states);
            }
            return out.payload();
        }));
    protocol.outputParty = 1;
    protocol.output = [layout](const PartyView& view) {
        const Layout& a = *layout;
        const std::size_t t = a.spec.target;
        BitReader in(view.received("KV(prefix)"));
        States states = initialStates(view);
        std::vector<std::size_t> all = a.held[0];  // Alice's prefix, then Bob's tokens
        all.insert(all.end(), a.held[1].begin(), a.held[1].end());
        for (std::size_t l = 0; l < a.layers(); ++l) {
            const AttentionModel& att = a.attention(l);
            // Alice's keys and values at this layer, as her embeddings (queries unused).
            Embeddings emb;
            for (std::size_t j : a.held[0]) {
                Embedding e;
                for (std::size_t h = 0; h < att.heads(); ++h) {
                    e.k.push_back(readVector(in, a.spec.format, att.keyDim()));
                    e.v.push_back(readVector(in, a.spec.format, att.valueDim()));
                }
                emb[j] = std::move(e);
            }
            const Embeddings own = embedAll(a, l, states);
            emb.insert(own.begin(), own.end());
            States next;
            for (const auto& [i, state] : states) {
                if (i > t || (l + 1 == a.layers() && i != t)) continue;  // not needed
                const HeadVectors& q = emb.at(i).q;
                if (a.spec.precision == PrecisionModel::Embeddings) {
                    // One exact block over every attended token in position order.
                    next[i] =
                        finishToken(a, l, i, state, sumsOver(a, l, q, i, all, emb), std::nullopt);
                } else {
                    next[i] = finishToken(a, l, i, state, sumsOver(a, l, q, i, a.held[0], emb),
                                          sumsOver(a, l, q, i, a.held[1], emb));
                }
            }
            states = std::move(next);
        }
        in.expectEnd();
        const Vector& out = states.at(t);
        return ProtocolOutput(a.spec.readout(out),
                              std::vector<double>(out.data(), out.data() + out.size()));
    };
}

// ---- causal-last-token -------------------------------------------------------------------

std::string queryLabel(std::size_t l) { return fmt::format("Q[{}]", l); }
std::string sumsLabel(std::size_t l) { return fmt::format("S[{}]", l); }

/// Bob's last token at the input of layer `upto`, from Alice's sums S[0..upto-1].
Vector lastTokenState(const Layout& at, const PartyView& view, std::size_t upto,
                      StateCache& cache) {
    const std::size_t t = at.spec.target;
    return cachedStates(cache, view, upto, sumsLabel,
                        [&](std::size_t l, StateCache::Entry& entry, const Payload* message) {
                            const States& states = entry.states;
                            Embeddings emb;
                            emb[t] = at.model->embed(l, states.at(t), t, at.spec.format);
                            BitReader in(*message);
                            const auto theirs = readSumsFor(in, at, l, 0, {t});
                            in.expectEnd();
                            return States{{t, finishToken(at, l, t, states.at(t), found(theirs, t),
                                                          sumsOver(at, l, emb[t].q, t, {t}, emb))}};
                        })
        .at(t);
}

/// Alice's prefix at the input of layer `upto`: computed alone, layer by layer.
States prefixStates(const Layout& at, const PartyView& view, std::size_t upto, StateCache& cache) {
    return cachedStates(cache, view, upto, {},
                        [&](std::size_t l, StateCache::Entry& entry, const Payload*) {
                            const States& states = entry.states;
                            return localLayer(at, l, 0, states);
                        });
}

void causalLastTokenRounds(Protocol& protocol, const std::shared_ptr<const Layout>& layout,
                           const std::shared_ptr<StateCache>& cache) {
    const Layout& at = *layout;
    const std::size_t t = at.spec.target;
    for (std::size_t l = 0; l < at.layers(); ++l) {
        protocol.rounds.push_back(messageRound(
            1, {0}, queryLabel(l), MessageLayout{{queryPart(at, l, 1, "Hm")}}, at.spec.format,
            [layout, l, t, cache](const PartyView& view) {
                const Layout& a = *layout;
                BitWriter out;
                for (const Vector& q :
                     a.model->embed(l, lastTokenState(a, view, l, *cache), t, a.spec.format).q)
                    writeVector(out, a.spec.format, q);
                return out.payload();
            }));
        protocol.rounds.push_back(messageRound(
            0, {1}, sumsLabel(l), MessageLayout{{sumsPart(at, l, 0, {t}, "H(d_v + 2)")}},
            at.spec.format, [layout, l, t, cache](const PartyView& view) {
                const Layout& a = *layout;
                const States states = prefixStates(a, view, l, *cache);
                BitReader in(view.received(queryLabel(l)));
                const auto queries = readQueries(in, a, l, {t});
                in.expectEnd();
                BitWriter out;
                writeSumsFor(out, a, l, 0, {t}, queries, embedAll(a, l, states));
                return out.payload();
            }));
    }
    protocol.outputParty = 1;
    protocol.output = [layout, cache](const PartyView& view) {
        const Layout& a = *layout;
        const Vector out = lastTokenState(a, view, a.layers(), *cache);
        return ProtocolOutput(a.spec.readout(out),
                              std::vector<double>(out.data(), out.data() + out.size()));
    };
}

Layout checkedLayout(std::shared_ptr<const TransformerModel> model, const TransformerSpec& spec) {
    CCSIM_CHECK(model != nullptr);
    CCSIM_CHECK(spec.readout != nullptr);
    const std::size_t n = spec.owner.size();
    const std::string name(nameOf(spec.strategy));
    if (n < 2) throw UsageError(fmt::format("{} needs at least two tokens", name));
    if (spec.target >= n)
        throw UsageError(fmt::format("target token {} out of range [0, {})", spec.target, n));
    Layout at{model, spec, {}, 0, 1};
    for (std::size_t j = 0; j < n; ++j) {
        if (spec.owner[j] != 0 && spec.owner[j] != 1)
            throw UsageError(fmt::format(
                "{}: token {} must belong to Alice (0) or Bob (1); public tokens are not "
                "supported for multi-layer models",
                name, j));
        at.held[static_cast<std::size_t>(spec.owner[j])].push_back(j);
    }
    if (at.held[0].empty() || at.held[1].empty())
        throw UsageError(fmt::format("{}: both parties must hold at least one token", name));
    at.y = spec.owner[spec.target];
    at.x = 1 - at.y;
    const bool p2 = spec.precision == PrecisionModel::PartialSums;
    switch (spec.strategy) {
        case TransformerStrategy::Layerwise:
            if (!p2)
                throw UsageError(
                    "layerwise sends block partial sums, which are quantized only under "
                    "precision_model=partial-sums");
            if (!at.attendsBlock(spec.target, at.x))
                throw UsageError(
                    "layerwise: the target attends to no token of the other party, so there is "
                    "nothing to communicate");
            break;
        case TransformerStrategy::CausalPrefix:
            if (!model->causal()) throw UsageError("causal-prefix needs a causal decoder");
            if (at.y != 1)
                throw UsageError("causal-prefix needs Bob (the suffix) to hold the target");
            if (at.held[0].back() >= at.held[1].front())
                throw UsageError("causal-prefix needs Alice to hold a prefix and Bob the rest");
            break;
        case TransformerStrategy::CausalLastToken:
            if (!model->causal()) throw UsageError("causal-last-token needs a causal decoder");
            if (at.held[1] != std::vector<std::size_t>{n - 1} || spec.target != n - 1)
                throw UsageError(
                    "causal-last-token needs Bob to hold exactly the last token, the target");
            if (!p2)
                throw UsageError(
                    "causal-last-token sends block partial sums, which are quantized only under "
                    "precision_model=partial-sums");
            break;
    }
    return at;
}

}  // namespace

ClosedForm transformerClosedForm(std::shared_ptr<const TransformerModel> model,
                                 const TransformerSpec& spec) {
    const Layout at = checkedLayout(std::move(model), spec);
    const std::size_t layers = at.layers();
    const std::size_t p = at.p();
    // The symbols, counted from the split and the attention mask, never from the schedule.
    const std::size_t x = at.held[static_cast<std::size_t>(at.x)].size();
    const std::size_t y = at.held[static_cast<std::size_t>(at.y)].size();
    std::size_t xFromY = 0;
    std::size_t yFromX = 0;
    for (std::size_t i : at.held[static_cast<std::size_t>(at.x)])
        xFromY += at.attendsBlock(i, at.y) ? 1 : 0;
    for (std::size_t i : at.held[static_cast<std::size_t>(at.y)])
        yFromX += at.attendsBlock(i, at.x) ? 1 : 0;
    const std::size_t targetFromX = at.attendsBlock(spec.target, at.x) ? 1 : 0;
    std::string dims;
    bool uniform = true;
    for (std::size_t l = 0; l < layers; ++l) {
        const AttentionModel& a = at.attention(l);
        const AttentionModel& first = at.attention(0);
        uniform = uniform && a.heads() == first.heads() && a.keyDim() == first.keyDim() &&
                  a.valueDim() == first.valueDim();
        dims +=
            fmt::format("{}({}, {}, {})", l == 0 ? "" : ", ", a.heads(), a.keyDim(), a.valueDim());
    }
    const AttentionModel& a0 = at.attention(0);
    const std::string shape =
        uniform ? fmt::format("H={}, m={}, d_v={}", a0.heads(), a0.keyDim(), a0.valueDim())
                : "H, m, d_v of each layer in its own terms, (H, m, d_v) = " + dims;
    ClosedForm out;
    // Widths through the format's block width, as the messages' layouts count them: a query is
    // a block of m, a key of m, a value of d_v, a block's sums one of d_v + 2.
    const Format& format = spec.format;
    auto hm = [&](std::size_t l) {
        return at.attention(l).heads() * format.blockBits(at.attention(l).keyDim());
    };
    auto hd = [&](std::size_t l) {
        return at.attention(l).heads() * format.blockBits(at.attention(l).valueDim() + 2);
    };
    auto hmd = [&](std::size_t l) {
        return at.attention(l).heads() * (format.blockBits(at.attention(l).keyDim()) +
                                          format.blockBits(at.attention(l).valueDim()));
    };
    const std::string sum;
    switch (spec.strategy) {
        case TransformerStrategy::Layerwise:
            for (std::size_t l = 0; l + 1 < layers; ++l)
                out.bits += (x + y) * hm(l) + (xFromY + yFromX) * hd(l);
            out.bits += hm(layers - 1) + targetFromX * hd(layers - 1);
            out.text = fmt::format(
                "{}{} with L={}, {}, |X|={}, |Y|={}, |X<-Y|={}, |Y<-X|={}, [t<-X]={}, p={}", sum,
                closedFormula(spec.strategy), layers, shape, x, y, xFromY, yFromX, targetFromX, p);
            break;
        case TransformerStrategy::CausalPrefix:
            for (std::size_t l = 0; l < layers; ++l) out.bits += x * hmd(l);
            out.text = fmt::format("{}{} with L={}, {}, |A|={}, p={}", sum,
                                   closedFormula(spec.strategy), layers, shape, x, p);
            break;
        case TransformerStrategy::CausalLastToken:
            for (std::size_t l = 0; l < layers; ++l) out.bits += hm(l) + targetFromX * hd(l);
            out.text = fmt::format("{}{} with L={}, {}, p={}", sum, closedFormula(spec.strategy),
                                   layers, shape, p);
            break;
    }
    return out;
}

ProtocolFactory compileTransformer(std::shared_ptr<const TransformerModel> model,
                                   const TransformerSpec& spec) {
    auto layout = std::make_shared<const Layout>(checkedLayout(std::move(model), spec));
    return [layout] {
        const Layout& at = *layout;
        Protocol protocol;
        protocol.summary =
            fmt::format("{}: {}-layer {} transformer, {} ({})", nameOf(at.spec.strategy),
                        at.layers(), at.model->causal() ? "causal" : "encoder",
                        at.spec.format.name(), nameOf(at.spec.precision));
        switch (at.spec.strategy) {
            case TransformerStrategy::Layerwise:
                layerwiseRounds(protocol, layout, std::make_shared<StateCache>());
                break;
            case TransformerStrategy::CausalPrefix:
                causalPrefixRounds(protocol, layout);
                break;
            case TransformerStrategy::CausalLastToken:
                causalLastTokenRounds(protocol, layout, std::make_shared<StateCache>());
                break;
        }
        return protocol;
    };
}

namespace {

StrategyInfo transformerStrategy(TransformerStrategy strategy, std::string split) {
    const std::string formula = closedFormula(strategy);
    return {std::string(nameOf(strategy)), "transformer", formula,
            formula + " bits (multi-layer transformers)",
            "A multi-layer transformer compiled into a protocol: " + split + "; " + formula +
                " bits. See include/ccsim/compile/transformer.hpp."};
}

const StrategyRegistry::Registrar layerwise(transformerStrategy(
    TransformerStrategy::Layerwise,
    "any split; per layer each party sends the queries of its tokens and the partial sums its "
    "tokens' attention needs from the other party, 2L + 1 alternating messages (2 if L = 1); "
    "X is the party without the target, |X<-Y| counts X's tokens attending to some token of "
    "Y; partial-sums only"));
const StrategyRegistry::Registrar causalPrefix(transformerStrategy(
    TransformerStrategy::CausalPrefix,
    "a causal transformer with Alice holding a prefix: she sends the keys and values of her "
    "tokens at every layer in one message; both precision models"));
const StrategyRegistry::Registrar causalLastToken(transformerStrategy(
    TransformerStrategy::CausalLastToken,
    "a causal transformer with Bob holding only the last token: per layer Bob sends its query "
    "and Alice answers with her partial sums, 2L alternating messages, Bob first; "
    "partial-sums only"));

}  // namespace

}  // namespace ccsim
