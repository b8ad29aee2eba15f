#pragma once
/// \file
/// The transcript: the ledger of every message that went through a Channel.
///
/// A message is charged under the run's cost model:
///  - point-to-point: a message to r receivers is r copies on r links, charged r × its bits;
///  - blackboard: a message is written once on a board every party reads, charged once.
/// Totals are kept per party (sent, received), per round and per link; a blackboard message
/// appears on the link `from -> board`. The cost model is part of every report.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ccsim/comm/bits.hpp>

namespace ccsim {

using PartyId = int;

enum class CostModel { PointToPoint, Blackboard };

std::string_view nameOf(CostModel model);
/// One sentence that explains how the model charges bits (printed in reports).
std::string_view describe(CostModel model);

/// The bits a message of payloadBits to `receivers` parties is charged: once per receiver
/// point-to-point, once on a blackboard. The one place the cost models are defined.
std::size_t chargedBits(CostModel model, std::size_t payloadBits, std::size_t receivers);

/// Receiver id of the blackboard in per-link totals.
inline constexpr PartyId kBoard = -1;

struct MessageRecord {
    int round = 0;
    PartyId from = 0;
    std::vector<PartyId> to;  ///< receivers; on a blackboard, every other party
    std::string label;
    std::size_t payloadBits = 0;
    std::size_t chargedBits = 0;  ///< payloadBits × receivers, or payloadBits on a blackboard
    Payload payload;
};

class Transcript {
public:
    Transcript(int parties, CostModel costModel);

    int parties() const { return parties_; }
    CostModel costModel() const { return costModel_; }

    const std::vector<MessageRecord>& messages() const { return messages_; }
    std::size_t totalBits() const { return totalBits_; }
    std::size_t sentBits(PartyId party) const;
    std::size_t receivedBits(PartyId party) const;
    /// Charged bits per round, indexed by round number.
    const std::vector<std::size_t>& roundBits() const { return roundBits_; }
    /// Charged bits per link (from, to); to == kBoard for blackboard messages.
    const std::map<std::pair<PartyId, PartyId>, std::size_t>& linkBits() const { return linkBits_; }

    /// The concatenation of all payloads in order, as bytes. Message widths are fixed per
    /// round, so two transcripts of one protocol are equal iff their keys are equal.
    std::string key() const;

private:
    // Only the channel records messages: counting cannot be bypassed (DESIGN invariant 2).
    friend class Channel;
    /// Records a message and updates every total.
    const MessageRecord& append(MessageRecord record);
    /// Undoes the last append, totals included (the tree engine steps back up its tree).
    void removeLast();
    void clear();
    /// Whether a message before the last one went over the link (from, to).
    bool usesLink(PartyId from, PartyId to) const;

    int parties_;
    CostModel costModel_;
    std::vector<MessageRecord> messages_;
    std::size_t totalBits_ = 0;
    std::vector<std::size_t> sentBits_;
    std::vector<std::size_t> receivedBits_;
    std::vector<std::size_t> roundBits_;
    std::map<std::pair<PartyId, PartyId>, std::size_t> linkBits_;
};

}  // namespace ccsim
