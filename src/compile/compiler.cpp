#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <memory>

#include <fmt/format.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/strategy.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/error.hpp>
#include <ccsim/numeric/linalg.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

std::string_view nameOf(Strategy strategy) {
    switch (strategy) {
        case Strategy::SendToken:
            return "send-token";
        case Strategy::PartialSums:
            return "partial-sums";
        case Strategy::QueryThenSums:
            return "query-then-sums";
    }
    return "?";
}

Strategy parseStrategy(std::string_view name) {
    for (Strategy s : {Strategy::SendToken, Strategy::PartialSums, Strategy::QueryThenSums})
        if (nameOf(s) == name) return s;
    const std::vector<std::string> names = {"send-token", "partial-sums", "query-then-sums"};
    throw UsageError(
        fmt::format("unknown strategy '{}'{}; known: send-token, partial-sums, "
                    "query-then-sums",
                    name, didYouMean(name, names)));
}

std::vector<MessageLayout> attentionMessages(Strategy strategy, std::size_t h, std::size_t m,
                                             std::size_t dv) {
    // A head's query, key and value are one block each; a block's partial sums (s_max, d_v
    // numerator coordinates, the denominator) are one block of d_v + 2.
    const MessageLayout sums = layoutOf("H(d_v + 2)", h, dv + 2);
    switch (strategy) {
        case Strategy::SendToken:
            return {{{{"H(2m + d_v)", {{2 * h, m}, {h, dv}}, ""}}}};
        case Strategy::PartialSums:
            return {sums};
        case Strategy::QueryThenSums:
            return {layoutOf("Hm", h, m), sums};
    }
    return {};
}

std::string closedFormula(Strategy strategy, const Format& format) {
    std::string text;
    for (const MessageLayout& message : attentionMessages(strategy, 0, 0, 0))
        text += (text.empty() ? "" : " + ") + message.formula(format);
    return text;
}

std::size_t closedFormBits(const AttentionModel& model, const CompileSpec& spec) {
    std::size_t bits = 0;
    for (const MessageLayout& message :
         attentionMessages(spec.strategy, model.heads(), model.keyDim(), model.valueDim()))
        bits += message.bits(spec.format);
    return bits;
}

ClosedForm attentionClosedForm(const AttentionModel& model, const CompileSpec& spec) {
    return {
        fmt::format("{} with H={}, m={}, d_v={}, p={}", closedFormula(spec.strategy, spec.format),
                    model.heads(), model.keyDim(), model.valueDim(), spec.format.widthBits()),
        closedFormBits(model, spec)};
}

std::vector<int> blocksOf(const CompileSpec& spec) {
    std::vector<int> blocks;
    for (PartyId o : spec.owner) blocks.push_back(o == kPublic ? kPublicTokenBlock : o);
    return blocks;
}

Quantization quantizationOf(const CompileSpec& spec) {
    return {spec.format, spec.precision, {blocksOf(spec), {}}};
}

PartyInputs splitTokens(const Matrix& x, const std::vector<PartyId>& owner) {
    CCSIM_CHECK_OP(static_cast<std::size_t>(x.rows()), ==, owner.size());
    PartyInputs inputs(2);
    for (std::size_t j = 0; j < owner.size(); ++j) {
        const Eigen::Index row = static_cast<Eigen::Index>(j);
        TokenRow token{j, std::vector<double>(x.cols())};
        for (Eigen::Index c = 0; c < x.cols(); ++c)
            token.values[static_cast<std::size_t>(c)] = x(row, c);
        if (owner[j] == kPublic || owner[j] == 0) inputs[0].tokens.push_back(token);
        if (owner[j] == kPublic || owner[j] == 1) inputs[1].tokens.push_back(token);
    }
    return inputs;
}

std::size_t MessageLayout::bits(const Format& format) const {
    std::size_t n = 0;
    for (const MessagePart& part : parts)
        for (const ScalarBlocks& b : part.blocks) n += b.count * format.blockBits(b.size);
    return n;
}

std::string MessageLayout::formula(const Format& format) const {
    std::string text;
    for (const MessagePart& part : parts)
        text += (text.empty() ? "" : " + ") + format.blockFormula(part.count, part.times);
    return text;
}

MessageLayout layoutOf(std::string count, std::size_t blocks, std::size_t size, std::string times) {
    return {{{std::move(count), {{blocks, size}}, std::move(times)}}};
}

Round messageRound(PartyId from, std::vector<PartyId> to, std::string label,
                   const MessageLayout& layout, const Format& format,
                   std::function<Payload(const PartyView&)> compute) {
    return {from,
            std::move(to),
            std::move(label),
            layout.bits(format),
            std::move(compute),
            layout.formula(format)};
}

Vector rowOf(const TokenRow& t) {
    return Eigen::Map<const Vector>(t.values.data(), static_cast<Eigen::Index>(t.values.size()));
}

const TokenRow& tokenAt(const PartyView& view, std::size_t position) {
    for (const TokenRow& t : view.input().tokens)
        if (t.position == position) return t;
    throw ProtocolViolation(
        fmt::format("party {} needs token {}, which it does not hold", view.self(), position));
}

void writeSums(BitWriter& out, const BlockSums& s, const Format& format, std::size_t dv) {
    out.writeNumber(format, s.scoreMax);
    for (std::size_t c = 0; c < dv; ++c)
        out.writeNumber(format, s.numerator[static_cast<Eigen::Index>(c)]);
    out.writeNumber(format, s.denominator);
}

BlockSums readSums(BitReader& in, const Format& format, std::size_t dv) {
    BlockSums s;
    s.scoreMax = in.readNumber(format);
    s.numerator = Vector(static_cast<Eigen::Index>(dv));
    for (std::size_t c = 0; c < dv; ++c)
        s.numerator[static_cast<Eigen::Index>(c)] = in.readNumber(format);
    s.denominator = in.readNumber(format);
    return s;
}

Vector readVector(BitReader& in, const Format& format, std::size_t size) {
    Vector v(static_cast<Eigen::Index>(size));
    for (std::size_t c = 0; c < size; ++c) v[static_cast<Eigen::Index>(c)] = in.readNumber(format);
    return v;
}

void writeVector(BitWriter& out, const Format& format, const Vector& v) {
    for (Eigen::Index c = 0; c < v.size(); ++c) out.writeNumber(format, v[c]);
}

namespace {

/// What a party computes about its own tokens of a block: quantized K, V rows in position
/// order.
struct BlockRows {
    std::vector<Matrix> keys;    // per head
    std::vector<Matrix> values;  // per head
    bool empty = true;
};

BlockRows blockRows(const AttentionModel& model, const Format& format,
                    const std::vector<const TokenRow*>& tokens) {
    BlockRows rows;
    const auto n = static_cast<Eigen::Index>(tokens.size());
    rows.empty = tokens.empty();
    for (std::size_t h = 0; h < model.heads(); ++h) {
        rows.keys.emplace_back(n, static_cast<Eigen::Index>(model.keyDim()));
        rows.values.emplace_back(n, static_cast<Eigen::Index>(model.valueDim()));
    }
    for (Eigen::Index r = 0; r < n; ++r) {
        const Embedding e =
            model.embedQuantized(rowOf(*tokens[static_cast<std::size_t>(r)]),
                                 tokens[static_cast<std::size_t>(r)]->position, format);
        for (std::size_t h = 0; h < model.heads(); ++h) {
            rows.keys[h].row(r) = e.k[h].transpose();
            rows.values[h].row(r) = e.v[h].transpose();
        }
    }
    return rows;
}

/// The tokens a party holds whose block (by owner) is `block`, in position order.
std::vector<const TokenRow*> tokensOfBlock(const PartyView& view, const std::vector<int>& blocks,
                                           int block) {
    std::vector<const TokenRow*> out;
    for (const TokenRow& t : view.input().tokens)
        if (blocks.at(t.position) == block) out.push_back(&t);
    std::sort(out.begin(), out.end(),
              [](const TokenRow* a, const TokenRow* b) { return a->position < b->position; });
    return out;
}

/// The quantized block sums of each head for its query over `rows`. An empty block gives
/// zeros: the partition is public, so the receiver knows to leave it out.
std::vector<BlockSums> headSums(const AttentionModel& model, const Format& format,
                                const std::vector<Vector>& queries, const BlockRows& rows) {
    std::vector<BlockSums> sums;
    for (std::size_t h = 0; h < model.heads(); ++h) {
        if (rows.empty) {
            sums.push_back({0, Vector::Zero(static_cast<Eigen::Index>(model.valueDim())), 0});
            continue;
        }
        sums.push_back(AttentionModel::quantize(
            model.partialSums(queries[h], rows.keys[h], rows.values[h]), format));
    }
    return sums;
}

/// The message of a party's block sums: per head s_max, numerator, denominator.
Payload sumsMessage(const std::vector<BlockSums>& sums, const Format& format, std::size_t dv) {
    BitWriter out;
    for (const BlockSums& s : sums) writeSums(out, s, format, dv);
    return out.payload();
}

/// Does block b (by owner) hold any token? Public knowledge: the partition is public.
bool blockUsed(const std::vector<int>& blocks, int b) {
    return std::find(blocks.begin(), blocks.end(), b) != blocks.end();
}

/// The target's quantized Q, K, V per head, decoded from send-token's message.
struct TargetQkv {
    std::vector<Vector> q, k, v;
};
TargetQkv readTargetQkv(const PartyView& bob, const AttentionModel& model, const Format& format) {
    BitReader in(bob.received("qkv(x_t)"));
    TargetQkv t;
    for (std::size_t x = 0; x < model.heads(); ++x) {
        t.q.push_back(readVector(in, format, model.keyDim()));
        t.k.push_back(readVector(in, format, model.keyDim()));
        t.v.push_back(readVector(in, format, model.valueDim()));
    }
    in.expectEnd();
    return t;
}

/// Bob's side of send-token for a block of his inputs under one message
/// (Protocol::outputBatch): the same numbers as the protocol's output(), computed once where
/// output() recomputes them per instance.
///  - Each of Bob's tokens is embedded once per run (a *slot*, found by TokenRow::id), and
///    each input's slots in position order once per run (by PartyInput::id); slot 0 is the
///    target, whose Q, K, V arrive in the message.
///  - Per message, each slot is scored once per head, and exp(s_j - s_max) is memoised per
///    (slot j, slot of the maximum): a pure function of the same two doubles.
///  - Per input, the scores and value rows are gathered and summed by orderedWeightedSums,
///    the second half of the orderedSoftmaxSums that output() goes through, then combined and
///    read out by the same functions.
/// Nothing here is shared with another party: the protocol copy that owns this object is
/// Bob's, and everything in it comes from Bob's inputs and the message.
class SendTokenBatch {
public:
    SendTokenBatch(std::shared_ptr<const AttentionModel> model, const CompileSpec& spec,
                   std::vector<int> blocks)
        : model_(std::move(model)),
          format_(spec.format),
          exact_(spec.precision == PrecisionModel::Embeddings),
          target_(spec.target),
          readout_(spec.readout),
          blocks_(std::move(blocks)),
          slots_(1) {}

    void run(const PartyView& bob, std::span<const PartyInput* const> inputs,
             std::span<ProtocolOutput> out) {
        const std::size_t heads = model_->heads();
        const std::size_t dv = model_->valueDim();
        const auto [q, k, v] = readTargetQkv(bob, *model_, format_);

        if (slots_.size() > kMaxSlots) {
            // Only callers without ids (each token a new slot) get here: start afresh.
            slots_.resize(1);
            byToken_.clear();
            byInput_.clear();
        }
        std::vector<const std::vector<std::uint32_t>*> lists(inputs.size());
        std::deque<std::vector<std::uint32_t>> fresh;  // inputs without an id
        for (std::size_t i = 0; i < inputs.size(); ++i) lists[i] = &slotsOf(*inputs[i], fresh);
        const std::size_t nslots = slots_.size();
        const bool table = exact_ && nslots <= kMaxTable;

        // Per head: the score of every slot this block uses (slot 0, the target, included),
        // and rows of memoised weights exp(s_j - s_top), one row per slot that is a maximum.
        ++stamp_;
        used_.assign(nslots, 0);
        used_[0] = 1;
        for (const auto* list : lists)
            for (std::uint32_t slot : *list) used_[slot] = 1;
        scores_.resize(heads);
        values_.resize(heads);
        weights_.resize(heads);
        rowStamp_.resize(heads);
        std::vector<BlockSums> aliceBlock;
        for (std::size_t x = 0; x < heads; ++x) {
            scores_[x].resize(nslots);
            values_[x].resize(nslots);
            for (std::size_t slot = 0; slot < nslots; ++slot) {
                if (!used_[slot]) continue;
                const Embedding* e = slot == 0 ? nullptr : &slots_[slot];
                scores_[x][slot] = model_->score(q[x], e ? e->k[x] : k[x]);
                values_[x][slot] = e ? e->v[x].data() : v[x].data();
            }
            if (table) {
                weights_[x].resize(nslots * nslots);
                rowStamp_[x].resize(nslots, 0);
            }
            if (!exact_) {
                const double* row = v[x].data();
                aliceBlock.push_back(AttentionModel::quantize(
                    AttentionModel::stableSums(&scores_[x][0], &row, 1, dv), format_));
            }
        }

        std::vector<double> s, w;
        std::vector<const double*> rows;
        BlockSums sums;
        sums.numerator.resize(static_cast<Eigen::Index>(dv));
        std::vector<Vector> outputs(heads);
        const Vector none;
        Vector result;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const std::vector<std::uint32_t>& list = *lists[i];
            const std::size_t count = list.size();
            for (std::size_t x = 0; x < heads; ++x) {
                if (count == 0) {  // partial-sums, Bob holds no token: Alice's block only
                    const BlockSums* one = &aliceBlock[x];
                    AttentionModel::combineInto(&one, 1, outputs[x]);
                    continue;
                }
                const double* score = scores_[x].data();
                s.resize(count);
                w.resize(count);
                rows.resize(count);
                double top = 0;
                std::uint32_t topSlot = 0;
                for (std::size_t j = 0; j < count; ++j) {
                    const std::uint32_t slot = list[j];
                    s[j] = score[slot];
                    rows[j] = values_[x][slot];
                    // The same scan as orderedSoftmaxSums: the first strict maximum.
                    if (j == 0 || s[j] > top) {
                        top = s[j];
                        topSlot = slot;
                    }
                }
                if (table) {
                    double* row = &weights_[x][topSlot * nslots];
                    if (rowStamp_[x][topSlot] != stamp_) {
                        for (std::size_t slot = 0; slot < nslots; ++slot)
                            if (used_[slot]) row[slot] = std::exp(score[slot] - top);
                        rowStamp_[x][topSlot] = stamp_;
                    }
                    for (std::size_t j = 0; j < count; ++j) w[j] = row[list[j]];
                } else {
                    for (std::size_t j = 0; j < count; ++j) w[j] = std::exp(s[j] - top);
                }
                sums.scoreMax = top;
                sums.denominator =
                    orderedWeightedSums(w.data(), rows.data(), count, dv, sums.numerator.data());
                if (exact_) {
                    const BlockSums* one = &sums;
                    AttentionModel::combineInto(&one, 1, outputs[x]);
                } else {
                    const BlockSums bobs = AttentionModel::quantize(sums, format_);
                    const BlockSums* both[] = {&aliceBlock[x], &bobs};
                    AttentionModel::combineInto(both, 2, outputs[x]);
                }
            }
            model_->readoutInto(outputs, none, target_, result);
            // What answer() builds, in place (the block's outputs keep their storage).
            out[i].answer = readout_(result);
            out[i].values.assign(result.data(), result.data() + result.size());
        }
    }

private:
    static constexpr std::size_t kMaxTable = 1024;
    static constexpr std::size_t kMaxSlots = std::size_t{1} << 20;

    /// The slots of an input's softmax block in position order (the target's slot 0
    /// included under embeddings, where the target joins Bob's block).
    const std::vector<std::uint32_t>& slotsOf(const PartyInput& input,
                                              std::deque<std::vector<std::uint32_t>>& fresh) {
        if (input.id != 0 && input.id < byInput_.size() && byInput_[input.id])
            return *byInput_[input.id];
        std::vector<const TokenRow*> mine;
        for (const TokenRow& t : input.tokens)
            if (blocks_.at(t.position) == 1) mine.push_back(&t);
        std::sort(mine.begin(), mine.end(),
                  [](const TokenRow* a, const TokenRow* b) { return a->position < b->position; });
        std::vector<std::uint32_t> list;
        bool placed = !exact_;
        for (const TokenRow* t : mine) {
            if (!placed && t->position > target_) {
                list.push_back(0);
                placed = true;
            }
            list.push_back(slotOf(*t));
        }
        if (!placed) list.push_back(0);
        if (input.id == 0) return fresh.emplace_back(std::move(list));
        if (input.id >= byInput_.size()) byInput_.resize(input.id + 1);
        byInput_[input.id] = std::make_unique<std::vector<std::uint32_t>>(std::move(list));
        return *byInput_[input.id];
    }

    std::uint32_t slotOf(const TokenRow& token) {
        if (token.id != 0 && token.id < byToken_.size() && byToken_[token.id] != 0)
            return byToken_[token.id];
        const auto slot = static_cast<std::uint32_t>(slots_.size());
        slots_.push_back(model_->embedQuantized(rowOf(token), token.position, format_));
        if (token.id != 0) {
            if (token.id >= byToken_.size()) byToken_.resize(token.id + 1, 0);
            byToken_[token.id] = slot;
        }
        return slot;
    }

    std::shared_ptr<const AttentionModel> model_;
    Format format_;
    bool exact_;
    std::size_t target_;
    std::function<std::uint64_t(const Vector&)> readout_;
    std::vector<int> blocks_;
    std::vector<Embedding> slots_;  ///< slot 0: the target (unused entry)
    std::vector<std::uint32_t> byToken_;
    /// Owned one by one: callers keep pointers to lists while more are added.
    std::vector<std::unique_ptr<std::vector<std::uint32_t>>> byInput_;
    std::uint64_t stamp_ = 0;
    std::vector<char> used_;                          ///< slots used by this block
    std::vector<std::vector<double>> scores_;         ///< per head, per slot
    std::vector<std::vector<const double*>> values_;  ///< per head, per slot: its V row
    std::vector<std::vector<double>> weights_;        ///< per head, nslots × nslots
    std::vector<std::vector<std::uint64_t>> rowStamp_;
};

}  // namespace

ProtocolFactory compile(std::shared_ptr<const AttentionModel> model, const CompileSpec& spec) {
    CCSIM_CHECK(model != nullptr);
    CCSIM_CHECK(spec.readout != nullptr);
    const std::size_t n = spec.owner.size();
    if (spec.target >= n)
        throw UsageError(fmt::format("target token {} out of range [0, {})", spec.target, n));
    for (PartyId o : spec.owner)
        if (o != 0 && o != 1 && o != kPublic)
            throw UsageError(fmt::format("token owner {} is neither Alice, Bob nor public", o));
    const std::string strategy(nameOf(spec.strategy));
    const PartyId targetOwner = spec.owner[spec.target];
    switch (spec.strategy) {
        case Strategy::SendToken:
            for (std::size_t j = 0; j < n; ++j)
                if ((j == spec.target) != (spec.owner[j] == 0))
                    throw UsageError(
                        "send-token needs Alice to hold exactly the target token "
                        "and Bob every other");
            if (model->residual())
                throw UsageError(
                    "send-token cannot be used: the output map reads the target "
                    "token (residual), which Bob does not hold; use "
                    "query-then-sums");
            break;
        case Strategy::QueryThenSums:
            if (targetOwner != 0)
                throw UsageError("query-then-sums needs Alice to hold the target token");
            for (PartyId o : spec.owner)
                if (o == kPublic)
                    throw UsageError("query-then-sums splits the tokens without public ones");
            break;
        case Strategy::PartialSums:
            if (targetOwner != kPublic)
                throw UsageError(
                    "partial-sums needs the target token to be public (known to "
                    "both parties)");
            for (std::size_t j = 0; j < n; ++j)
                if (j != spec.target && spec.owner[j] == kPublic)
                    throw UsageError("partial-sums allows only the target token to be public");
            break;
    }
    if (spec.strategy != Strategy::SendToken && spec.precision != PrecisionModel::PartialSums)
        throw UsageError(
            fmt::format("strategy {} sends block partial sums, which are quantized only under "
                        "precision_model=partial-sums",
                        strategy));

    const std::vector<int> blocks = blocksOf(spec);
    const std::size_t h = model->heads();
    const std::size_t m = model->keyDim();
    const std::size_t dv = model->valueDim();

    const std::vector<MessageLayout> messages = attentionMessages(spec.strategy, h, m, dv);

    return [model, spec, blocks, h, m, dv, messages] {
        const Format format = spec.format;
        const std::size_t t = spec.target;
        Protocol protocol;
        protocol.summary =
            fmt::format("{}: {}-head attention, m={}, d_v={}, {} ({})", nameOf(spec.strategy), h, m,
                        dv, format.name(), nameOf(spec.precision));
        auto answer = [spec](const Vector& out) {
            return ProtocolOutput(spec.readout(out),
                                  std::vector<double>(out.data(), out.data() + out.size()));
        };

        switch (spec.strategy) {
            case Strategy::SendToken: {
                protocol.rounds.push_back(
                    messageRound(0, {1}, "qkv(x_t)", messages[0], format,
                                 [model, format, t](const PartyView& alice) {
                                     const Embedding e =
                                         model->embedQuantized(rowOf(tokenAt(alice, t)), t, format);
                                     BitWriter out;
                                     for (std::size_t k = 0; k < model->heads(); ++k) {
                                         writeVector(out, format, e.q[k]);
                                         writeVector(out, format, e.k[k]);
                                         writeVector(out, format, e.v[k]);
                                     }
                                     return out.payload();
                                 }));
                protocol.outputParty = 1;
                protocol.output = [model, spec, blocks, answer, m, dv](const PartyView& bob) {
                    const Format& format = spec.format;
                    const auto [q, k, v] = readTargetQkv(bob, *model, format);
                    const std::vector<const TokenRow*> mine = tokensOfBlock(bob, blocks, 1);
                    std::vector<Vector> outputs;
                    if (spec.precision == PrecisionModel::Embeddings) {
                        // One exact block over all tokens in position order, like the model:
                        // Bob's rows with the target's inserted at its position.
                        const BlockRows rows = blockRows(*model, format, mine);
                        std::size_t before = 0;
                        while (before < mine.size() && mine[before]->position < spec.target)
                            ++before;
                        const auto total = static_cast<Eigen::Index>(mine.size() + 1);
                        const auto at = static_cast<Eigen::Index>(before);
                        for (std::size_t x = 0; x < model->heads(); ++x) {
                            Matrix keys(total, static_cast<Eigen::Index>(m));
                            Matrix values(total, static_cast<Eigen::Index>(dv));
                            keys.topRows(at) = rows.keys[x].topRows(at);
                            values.topRows(at) = rows.values[x].topRows(at);
                            keys.row(at) = k[x].transpose();
                            values.row(at) = v[x].transpose();
                            keys.bottomRows(total - at - 1) =
                                rows.keys[x].bottomRows(total - at - 1);
                            values.bottomRows(total - at - 1) =
                                rows.values[x].bottomRows(total - at - 1);
                            outputs.push_back(
                                AttentionModel::combine({model->partialSums(q[x], keys, values)}));
                        }
                    } else {
                        // Blocks {t} (Alice's) and Bob's tokens, each quantized, combined in order.
                        const BlockRows rows = blockRows(*model, format, mine);
                        for (std::size_t x = 0; x < model->heads(); ++x) {
                            std::vector<BlockSums> sums;
                            sums.push_back(AttentionModel::quantize(
                                model->partialSums(q[x], k[x].transpose(), v[x].transpose()),
                                format));
                            if (!rows.empty)
                                sums.push_back(AttentionModel::quantize(
                                    model->partialSums(q[x], rows.keys[x], rows.values[x]),
                                    format));
                            outputs.push_back(AttentionModel::combine(sums));
                        }
                    }
                    return answer(model->readout(outputs, Vector(), spec.target));
                };
                // The same numbers for a block of Bob's inputs (see SendTokenBatch).
                auto batch = std::make_shared<SendTokenBatch>(model, spec, blocks);
                protocol.outputBatch =
                    [batch](const PartyView& bob, std::span<const PartyInput* const> inputs,
                            std::span<ProtocolOutput> out) { batch->run(bob, inputs, out); };
                break;
            }
            case Strategy::QueryThenSums: {
                protocol.rounds.push_back(
                    messageRound(0, {1}, "Q(x_t)", messages[0], format,
                                 [model, format, t](const PartyView& alice) {
                                     const Embedding e =
                                         model->embedQuantized(rowOf(tokenAt(alice, t)), t, format);
                                     BitWriter out;
                                     for (const Vector& q : e.q) writeVector(out, format, q);
                                     return out.payload();
                                 }));
                protocol.rounds.push_back(messageRound(
                    1, {0}, "sums(Bob)", messages[1], format,
                    [model, format, blocks, m, dv](const PartyView& bob) {
                        BitReader in(bob.received("Q(x_t)"));
                        std::vector<Vector> queries;
                        for (std::size_t x = 0; x < model->heads(); ++x)
                            queries.push_back(readVector(in, format, m));
                        in.expectEnd();
                        const BlockRows rows =
                            blockRows(*model, format, tokensOfBlock(bob, blocks, 1));
                        return sumsMessage(headSums(*model, format, queries, rows), format, dv);
                    }));
                protocol.outputParty = 0;
                protocol.output = [model, spec, blocks, answer, dv](const PartyView& alice) {
                    const Format& format = spec.format;
                    const Vector xt = rowOf(tokenAt(alice, spec.target));
                    const Embedding e = model->embedQuantized(xt, spec.target, format);
                    const BlockRows rows =
                        blockRows(*model, format, tokensOfBlock(alice, blocks, 0));
                    const std::vector<BlockSums> mine = headSums(*model, format, e.q, rows);
                    BitReader in(alice.received("sums(Bob)"));
                    std::vector<Vector> outputs;
                    for (std::size_t x = 0; x < model->heads(); ++x) {
                        const BlockSums theirs = readSums(in, format, dv);
                        std::vector<BlockSums> sums = {mine[x]};
                        if (blockUsed(blocks, 1)) sums.push_back(theirs);
                        outputs.push_back(AttentionModel::combine(sums));
                    }
                    in.expectEnd();
                    return answer(model->readout(outputs, xt, spec.target));
                };
                break;
            }
            case Strategy::PartialSums: {
                protocol.rounds.push_back(messageRound(
                    0, {1}, "sums(Alice)", messages[0], format,
                    [model, format, blocks, t, dv](const PartyView& alice) {
                        const Embedding e =
                            model->embedQuantized(rowOf(tokenAt(alice, t)), t, format);
                        const BlockRows rows =
                            blockRows(*model, format, tokensOfBlock(alice, blocks, 0));
                        return sumsMessage(headSums(*model, format, e.q, rows), format, dv);
                    }));
                protocol.outputParty = 1;
                protocol.output = [model, spec, blocks, answer, dv](const PartyView& bob) {
                    const Format& format = spec.format;
                    const Vector xt = rowOf(tokenAt(bob, spec.target));
                    const Embedding e = model->embedQuantized(xt, spec.target, format);
                    const std::vector<BlockSums> own =
                        headSums(*model, format, e.q,
                                 blockRows(*model, format, tokensOfBlock(bob, blocks, 1)));
                    const std::vector<BlockSums> target =
                        headSums(*model, format, e.q,
                                 blockRows(*model, format, tokensOfBlock(bob, blocks, 2)));
                    BitReader in(bob.received("sums(Alice)"));
                    std::vector<Vector> outputs;
                    for (std::size_t x = 0; x < model->heads(); ++x) {
                        const BlockSums alices = readSums(in, format, dv);
                        std::vector<BlockSums> sums;
                        if (blockUsed(blocks, 0)) sums.push_back(alices);
                        if (blockUsed(blocks, 1)) sums.push_back(own[x]);
                        sums.push_back(target[x]);
                        outputs.push_back(AttentionModel::combine(sums));
                    }
                    in.expectEnd();
                    return answer(model->readout(outputs, xt, spec.target));
                };
                break;
            }
        }
        return protocol;
    };
}

namespace {

StrategyInfo attentionStrategy(Strategy strategy, std::string split) {
    const std::string formula = closedFormula(strategy);
    return {std::string(nameOf(strategy)), "attention", formula, formula + " bits",
            "An attention layer compiled into a protocol: " + split + "; " + formula +
                " bits. See include/ccsim/compile/compiler.hpp."};
}

const StrategyRegistry::Registrar sendToken(attentionStrategy(
    Strategy::SendToken,
    "Alice holds only the target and sends its Q, K, V (2m + d_v numbers per head) to Bob, "
    "who computes the output; both precision models"));
const StrategyRegistry::Registrar partialSums(attentionStrategy(
    Strategy::PartialSums,
    "the target is public and the other tokens are split; Alice sends her block's partial "
    "softmax sums (s_max, d_v numerator coordinates, denominator per head); partial-sums only"));
const StrategyRegistry::Registrar queryThenSums(attentionStrategy(
    Strategy::QueryThenSums,
    "Alice holds the target (needed when the output map reads it): she sends its query, Bob "
    "answers with his block's partial sums; partial-sums only"));

}  // namespace

}  // namespace ccsim
