#include <algorithm>
#include <iterator>

#include <ccsim/comm/transcript.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

std::string_view nameOf(CostModel model) {
    switch (model) {
        case CostModel::PointToPoint:
            return "point-to-point";
        case CostModel::Blackboard:
            return "blackboard";
    }
    return "?";
}

std::string_view describe(CostModel model) {
    switch (model) {
        case CostModel::PointToPoint:
            return "each message is charged its payload bits once per receiver";
        case CostModel::Blackboard:
            return "each message is written once on a board all parties read and charged once";
    }
    return "?";
}

std::size_t chargedBits(CostModel model, std::size_t payloadBits, std::size_t receivers) {
    return model == CostModel::Blackboard ? payloadBits : payloadBits * receivers;
}

Transcript::Transcript(int parties, CostModel costModel)
    : parties_(parties),
      costModel_(costModel),
      sentBits_(static_cast<std::size_t>(parties)),
      receivedBits_(static_cast<std::size_t>(parties)) {
    CCSIM_CHECK_OP(parties, >=, 2);
}

const MessageRecord& Transcript::append(MessageRecord record) {
    CCSIM_CHECK_OP(record.payloadBits, ==, record.payload.size());
    CCSIM_CHECK(record.from >= 0 && record.from < parties_);
    CCSIM_CHECK(record.round >= 0);
    const bool board = costModel_ == CostModel::Blackboard;
    record.chargedBits = chargedBits(costModel_, record.payloadBits, record.to.size());

    totalBits_ += record.chargedBits;
    sentBits_[static_cast<std::size_t>(record.from)] += record.chargedBits;
    for (PartyId to : record.to) {
        CCSIM_CHECK(to >= 0 && to < parties_ && to != record.from);
        receivedBits_[static_cast<std::size_t>(to)] += record.payloadBits;
        if (!board) linkBits_[{record.from, to}] += record.payloadBits;
    }
    if (board) linkBits_[{record.from, kBoard}] += record.payloadBits;
    const auto round = static_cast<std::size_t>(record.round);
    if (roundBits_.size() <= round) roundBits_.resize(round + 1, 0);
    roundBits_[round] += record.chargedBits;

    messages_.push_back(std::move(record));
    return messages_.back();
}

void Transcript::removeLast() {
    CCSIM_CHECK(!messages_.empty());
    const MessageRecord& record = messages_.back();
    const bool board = costModel_ == CostModel::Blackboard;
    totalBits_ -= record.chargedBits;
    sentBits_[static_cast<std::size_t>(record.from)] -= record.chargedBits;
    auto unlink = [this, &record](PartyId to) {
        const auto it = linkBits_.find({record.from, to});
        CCSIM_CHECK(it != linkBits_.end());
        it->second -= record.payloadBits;
        // A link appears in the totals only once a message used it, as after append().
        if (it->second == 0 && !usesLink(record.from, to)) linkBits_.erase(it);
    };
    for (PartyId to : record.to) {
        receivedBits_[static_cast<std::size_t>(to)] -= record.payloadBits;
        if (!board) unlink(to);
    }
    if (board) unlink(kBoard);
    roundBits_[static_cast<std::size_t>(record.round)] -= record.chargedBits;
    messages_.pop_back();
    // roundBits_ covers the rounds up to the last one recorded, as after append().
    roundBits_.resize(messages_.empty() ? 0 : static_cast<std::size_t>(messages_.back().round) + 1);
}

bool Transcript::usesLink(PartyId from, PartyId to) const {
    // Every message but the last one (the one being removed).
    for (std::size_t i = 0; i + 1 < messages_.size(); ++i) {
        const MessageRecord& m = messages_[i];
        if (m.from != from) continue;
        if (to == kBoard ? costModel_ == CostModel::Blackboard
                         : std::find(m.to.begin(), m.to.end(), to) != m.to.end())
            return true;
    }
    return false;
}

void Transcript::clear() {
    messages_.clear();
    totalBits_ = 0;
    std::fill(sentBits_.begin(), sentBits_.end(), 0);
    std::fill(receivedBits_.begin(), receivedBits_.end(), 0);
    roundBits_.clear();
    linkBits_.clear();
}

std::size_t Transcript::sentBits(PartyId party) const {
    CCSIM_CHECK(party >= 0 && party < parties_);
    return sentBits_[static_cast<std::size_t>(party)];
}

std::size_t Transcript::receivedBits(PartyId party) const {
    CCSIM_CHECK(party >= 0 && party < parties_);
    return receivedBits_[static_cast<std::size_t>(party)];
}

std::string Transcript::key() const {
    // Whole 64-bit blocks, cut to ceil(bits/8) bytes per message (bit i of a payload is bit
    // i % 8 of byte i / 8); the same bytes as packing bit by bit, without a call per bit.
    std::string key;
    std::vector<Payload::block_type> blocks;
    for (const MessageRecord& m : messages_) {
        blocks.clear();
        boost::to_block_range(m.payload, std::back_inserter(blocks));
        std::size_t bytes = (m.payload.size() + 7) / 8;
        for (Payload::block_type block : blocks) {
            for (int b = 0; b < 8 && bytes > 0; ++b, --bytes)
                key.push_back(static_cast<char>((block >> (8 * b)) & 0xff));
        }
    }
    return key;
}

}  // namespace ccsim
