#pragma once
/// \file
/// The channel: the only way bits move between parties.
///
/// Channel::send is deliberately non-virtual and the only mutator of the transcript, so no
/// protocol can move bits without being charged (EMP-toolkit's counting IO channel is the
/// model). The count is the length of the payload that was sent, never a formula.

#include <string_view>
#include <vector>

#include <ccsim/comm/bits.hpp>
#include <ccsim/comm/transcript.hpp>

namespace ccsim {

class Channel {
public:
    Channel(int parties, CostModel costModel) : transcript_(parties, costModel), inbox_(parties) {}

    /// Charges payload to the transcript and delivers it to every receiver's inbox. Under the
    /// blackboard cost model `to` must list every party but the sender. Throws
    /// ProtocolViolation for a receiver that does not exist or is the sender.
    void send(int round, PartyId from, const std::vector<PartyId>& to, std::string_view label,
              Payload payload);

    /// Indices (into transcript().messages()) of the messages delivered to party, in order.
    const std::vector<std::size_t>& inbox(PartyId party) const;

    const Transcript& transcript() const { return transcript_; }
    int parties() const { return transcript_.parties(); }

    /// Forgets every message; the channel can carry the next instance.
    void reset();
    /// Takes back the last message sent (transcript totals and inboxes alike). The tree
    /// engine walks the protocol tree depth first on one channel: after the subtree below a
    /// message is done, the message is taken back before its sibling is sent. Nothing that
    /// was charged is hidden: every node's message was sent and counted on its own path.
    void retract();

private:
    Transcript transcript_;
    std::vector<std::vector<std::size_t>> inbox_;
};

}  // namespace ccsim
