#include <algorithm>

#include <fmt/format.h>

#include <ccsim/comm/bits.hpp>
#include <ccsim/compile/nof.hpp>
#include <ccsim/compile/strategy.hpp>
#include <ccsim/compile/wire.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

/// Block ids of PairBlocks: players 0..2, public tokens 3.
constexpr int kPublicBlock = 3;

int blockId(PartyId forehead) { return forehead == kPublic ? kPublicBlock : forehead; }

/// The sums of the pairs assigned to `self` over the tokens it sees, quantized; nullopt if no
/// pair is assigned to it. Pairs in lexicographic position order, like the model.
std::optional<BlockSums> playerSums(const ThirdOrderModel& model, const NofSpec& spec,
                                    const PartyView& view) {
    std::vector<const TokenRow*> seen;
    for (const TokenRow& t : view.input().tokens) seen.push_back(&t);
    std::sort(seen.begin(), seen.end(),
              [](const TokenRow* a, const TokenRow* b) { return a->position < b->position; });
    std::vector<ThirdOrderEmbedding> e;
    for (const TokenRow* t : seen) e.push_back(model.embedQuantized(rowOf(*t), spec.format));
    std::vector<const ThirdOrderEmbedding*> rows;
    for (const ThirdOrderEmbedding& x : e) rows.push_back(&x);
    const Vector q = model.embedQuantized(rowOf(tokenAt(view, spec.target)), spec.format).q;
    const PartyId self = view.self();
    const auto sums = model.pairSums(q, rows, rows, [&](std::size_t a, std::size_t b) {
        return nofPairOwner(spec.forehead[seen[a]->position], spec.forehead[seen[b]->position],
                            spec.outputParty) == self;
    });
    if (!sums) return std::nullopt;
    return AttentionModel::quantize(*sums, spec.format);
}

}  // namespace

PartyId nofPairOwner(PartyId a, PartyId b, PartyId outputParty) {
    if (a == kPublic && b == kPublic) return outputParty;
    if (a == kPublic || b == kPublic) return ((a == kPublic ? b : a) + 2) % kNofPlayers;
    if (a == b) return (a + 1) % kNofPlayers;
    return kNofPlayers - a - b;
}

Quantization quantizationOf(const NofSpec& spec) {
    return {spec.format, spec.precision, {{}, nofPairBlocks(spec)}};
}

PairBlocks nofPairBlocks(const NofSpec& spec) {
    PairBlocks blocks;
    for (PartyId f : spec.forehead) blocks.tokenBlock.push_back(blockId(f));
    blocks.pairBlock.assign(4, std::vector<int>(4, 0));
    for (PartyId a : {0, 1, 2, kPublic})
        for (PartyId b : {0, 1, 2, kPublic})
            blocks.pairBlock[static_cast<std::size_t>(blockId(a))]
                            [static_cast<std::size_t>(blockId(b))] =
                nofPairOwner(a, b, spec.outputParty);
    return blocks;
}

PartyInputs splitNof(const Matrix& x, const std::vector<PartyId>& forehead) {
    CCSIM_CHECK_OP(static_cast<std::size_t>(x.rows()), ==, forehead.size());
    PartyInputs inputs(kNofPlayers);
    for (std::size_t j = 0; j < forehead.size(); ++j) {
        TokenRow token{j, std::vector<double>(static_cast<std::size_t>(x.cols()))};
        for (Eigen::Index c = 0; c < x.cols(); ++c)
            token.values[static_cast<std::size_t>(c)] = x(static_cast<Eigen::Index>(j), c);
        for (PartyId p = 0; p < kNofPlayers; ++p)
            if (forehead[j] != p) inputs[static_cast<std::size_t>(p)].tokens.push_back(token);
    }
    return inputs;
}

MessageLayout nofMessage(const ThirdOrderModel& model) {
    // Each writer's block sums: one block of d_v + 2 scalars.
    return layoutOf("(d_v + 2)", 1, model.valueDim() + 2);
}

std::size_t nofBits(const ThirdOrderModel& model, const NofSpec& spec) {
    return static_cast<std::size_t>(kNofPlayers - 1) * nofMessage(model).bits(spec.format);
}

ProtocolFactory compileNof(std::shared_ptr<const ThirdOrderModel> model, const NofSpec& spec) {
    CCSIM_CHECK(model != nullptr);
    CCSIM_CHECK(spec.readout != nullptr);
    const std::size_t n = spec.forehead.size();
    if (spec.target >= n)
        throw UsageError(fmt::format("target token {} out of range [0, {})", spec.target, n));
    for (PartyId f : spec.forehead)
        if (f != kPublic && (f < 0 || f >= kNofPlayers))
            throw UsageError(fmt::format("forehead {} is not a player 0..2 nor public", f));
    if (spec.forehead[spec.target] != kPublic)
        throw UsageError("nof needs the target token to be public (seen by every player)");
    if (spec.outputParty < 0 || spec.outputParty >= kNofPlayers)
        throw UsageError(fmt::format("output player {} out of range [0, 2]", spec.outputParty));
    if (spec.precision != PrecisionModel::PartialSums)
        throw UsageError(
            "strategy nof writes pair partial sums, which are quantized only under "
            "precision_model=partial-sums");

    // Which players have pairs at all: public knowledge (the split is public).
    std::vector<bool> used(kNofPlayers, false);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < n; ++k)
            used[static_cast<std::size_t>(
                nofPairOwner(spec.forehead[j], spec.forehead[k], spec.outputParty))] = true;
    const std::size_t dv = model->valueDim();
    const MessageLayout message = nofMessage(*model);

    return [model, spec, used, dv, message] {
        Protocol protocol;
        protocol.summary = fmt::format(
            "nof: third-order attention, m={}, d_v={}, 3 players on a blackboard, {} ({})",
            model->keyDim(), dv, spec.format.name(), nameOf(spec.precision));
        protocol.parties = kNofPlayers;
        protocol.costModel = CostModel::Blackboard;
        protocol.outputParty = spec.outputParty;
        for (PartyId writer = 0; writer < kNofPlayers; ++writer) {
            if (writer == spec.outputParty) continue;
            protocol.rounds.push_back(messageRound(
                writer, {}, fmt::format("sums(P{})", writer), message, spec.format,
                [model, spec, dv](const PartyView& view) {
                    const auto sums = playerSums(*model, spec, view);
                    BitWriter out;
                    // No pair assigned: zeros, which the output player knows to leave out.
                    writeSums(out, sums ? *sums : BlockSums{0, Vector::Zero(Eigen::Index(dv)), 0},
                              spec.format, dv);
                    return out.payload();
                }));
        }
        protocol.output = [model, spec, used, dv](const PartyView& view) {
            std::vector<BlockSums> blocks;
            for (PartyId player = 0; player < kNofPlayers; ++player) {
                if (!used[static_cast<std::size_t>(player)]) continue;
                if (player == view.self()) {
                    blocks.push_back(*playerSums(*model, spec, view));
                } else {
                    BitReader in(view.received(fmt::format("sums(P{})", player)));
                    blocks.push_back(readSums(in, spec.format, dv));
                    in.expectEnd();
                }
            }
            const Vector xt = rowOf(tokenAt(view, spec.target));
            const Vector out = model->readout(AttentionModel::combine(blocks), xt);
            return ProtocolOutput(spec.readout(out),
                                  std::vector<double>(out.data(), out.data() + out.size()));
        };
        return protocol;
    };
}

namespace {

const StrategyRegistry::Registrar nof({
    "nof",
    "third_order",
    "2(d_v + 2)p",
    "3 players on a blackboard, 2(d_v + 2)p bits (third-order attention)",
    "Number-on-forehead: tokens in 3 blocks, player i sees all but block i; each ordered pair "
    "of blocks is summed by a player who sees both, two players write their normalised pair "
    "partial sums on the board and the third reads out. See include/ccsim/compile/nof.hpp and "
    "docs/theory/match3_nof.md.",
});

}  // namespace

}  // namespace ccsim
