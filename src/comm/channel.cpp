#include <fmt/format.h>

#include <ccsim/comm/channel.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

void Channel::send(int round, PartyId from, const std::vector<PartyId>& to, std::string_view label,
                   Payload payload) {
    const int n = parties();
    if (from < 0 || from >= n)
        throw ProtocolViolation(
            fmt::format("message '{}' from party {}, which does not exist "
                        "(parties 0..{})",
                        label, from, n - 1));
    if (to.empty()) throw ProtocolViolation(fmt::format("message '{}' has no receiver", label));
    for (PartyId r : to) {
        if (r < 0 || r >= n || r == from)
            throw ProtocolViolation(fmt::format(
                "message '{}' from party {} to party {}: receivers must be other existing "
                "parties",
                label, from, r));
    }
    if (transcript_.costModel() == CostModel::Blackboard && static_cast<int>(to.size()) != n - 1)
        throw ProtocolViolation(fmt::format(
            "message '{}': on a blackboard every party but the sender receives it", label));

    MessageRecord record;
    record.round = round;
    record.from = from;
    record.to = to;
    record.label = label;
    record.payloadBits = payload.size();
    record.payload = std::move(payload);
    transcript_.append(std::move(record));
    const std::size_t index = transcript_.messages().size() - 1;
    for (PartyId r : to) inbox_[static_cast<std::size_t>(r)].push_back(index);
}

const std::vector<std::size_t>& Channel::inbox(PartyId party) const {
    CCSIM_CHECK(party >= 0 && party < parties());
    return inbox_[static_cast<std::size_t>(party)];
}

void Channel::retract() {
    CCSIM_CHECK(!transcript_.messages().empty());
    const std::size_t index = transcript_.messages().size() - 1;
    for (PartyId r : transcript_.messages().back().to) {
        auto& box = inbox_[static_cast<std::size_t>(r)];
        CCSIM_CHECK(!box.empty() && box.back() == index);
        box.pop_back();
    }
    transcript_.removeLast();
}

void Channel::reset() {
    transcript_.clear();
    for (auto& box : inbox_) box.clear();
}

}  // namespace ccsim
