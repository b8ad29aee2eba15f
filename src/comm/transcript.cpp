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
    record.chargedBits = board ? record.payloadBits : record.payloadBits * record.to.size();

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
    std::string key;
    for (const MessageRecord& m : messages_) {
        std::uint8_t byte = 0;
        int used = 0;
        for (std::size_t i = 0; i < m.payload.size(); ++i) {
            if (m.payload[i]) byte |= static_cast<std::uint8_t>(1U << used);
            if (++used == 8) {
                key.push_back(static_cast<char>(byte));
                byte = 0;
                used = 0;
            }
        }
        if (used != 0) key.push_back(static_cast<char>(byte));
    }
    return key;
}

}  // namespace ccsim
