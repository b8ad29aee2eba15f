#include <algorithm>

#include <fmt/format.h>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

const MessageRecord& PartyView::message(std::size_t i) const {
    const auto& box = channel_->inbox(self_);
    if (i >= box.size())
        throw ProtocolViolation(
            fmt::format("party {} reads message {} of an inbox of {}", self_, i, box.size()));
    return channel_->transcript().messages()[box[i]];
}

const Payload& PartyView::received(std::string_view label) const {
    const auto& box = channel_->inbox(self_);
    const auto& messages = channel_->transcript().messages();
    for (auto it = box.rbegin(); it != box.rend(); ++it)
        if (messages[*it].label == label) return messages[*it].payload;
    throw ProtocolViolation(
        fmt::format("party {} expects a message '{}' it never received", self_, label));
}

Round sendInputBits(PartyId from, PartyId to, std::string label, std::size_t bits,
                    std::string widthFormula) {
    return {from,
            {to},
            std::move(label),
            bits,
            [](const PartyView& sender) { return sender.input().bits; },
            std::move(widthFormula)};
}

std::size_t Protocol::receiverCount(const Round& round) const {
    return round.to.empty() ? static_cast<std::size_t>(parties - 1) : round.to.size();
}

std::size_t Protocol::chargedBits(const Round& round) const {
    return ccsim::chargedBits(costModel, round.payloadBits, receiverCount(round));
}

std::size_t Protocol::declaredBits() const {
    std::size_t bits = 0;
    for (const Round& r : rounds) bits += chargedBits(r);
    return bits;
}

namespace {

void validate(const Protocol& p) {
    if (p.parties < 2)
        throw ProtocolViolation(
            fmt::format("a protocol needs at least 2 parties, has {}", p.parties));
    if (p.outputParty < 0 || p.outputParty >= p.parties)
        throw ProtocolViolation(fmt::format("output party {} does not exist", p.outputParty));
    if (!p.output) throw ProtocolViolation("protocol has no output function");
    for (std::size_t i = 0; i < p.rounds.size(); ++i) {
        const Round& r = p.rounds[i];
        if (r.from < 0 || r.from >= p.parties)
            throw ProtocolViolation(fmt::format(
                "round {} ('{}') is spoken by party {}, which does not exist", i, r.label, r.from));
        if (!r.compute)
            throw ProtocolViolation(fmt::format("round {} ('{}') has no step", i, r.label));
    }
}

bool sameSchedule(const Protocol& a, const Protocol& b) {
    if (a.parties != b.parties || a.costModel != b.costModel || a.outputParty != b.outputParty ||
        a.rounds.size() != b.rounds.size())
        return false;
    for (std::size_t i = 0; i < a.rounds.size(); ++i) {
        const Round& x = a.rounds[i];
        const Round& y = b.rounds[i];
        if (x.from != y.from || x.to != y.to || x.label != y.label ||
            x.payloadBits != y.payloadBits)
            return false;
    }
    return true;
}

}  // namespace

ProtocolRunner::ProtocolRunner(const ProtocolFactory& factory)
    : copies_{factory()},
      channel_(std::max(copies_.front().parties, 2), copies_.front().costModel) {
    validate(copies_.front());
    const int parties = copies_.front().parties;
    copies_.reserve(static_cast<std::size_t>(parties));
    for (int p = 1; p < parties; ++p) {
        copies_.push_back(factory());
        if (!sameSchedule(copies_.front(), copies_.back()))
            throw ProtocolViolation("protocol factory built two different schedules");
    }
    const Protocol& first = copies_.front();
    for (const Round& r : first.rounds) {
        std::vector<PartyId> to = r.to;
        if (to.empty())
            for (PartyId q = 0; q < first.parties; ++q)
                if (q != r.from) to.push_back(q);
        receivers_.push_back(std::move(to));
    }
}

void ProtocolRunner::checkWidth(std::size_t index, const Round& step, PartyId speaker,
                                const Payload& payload) {
    if (payload.size() != step.payloadBits)
        throw ProtocolViolation(
            fmt::format("round {} ('{}'): party {} produced {} bits, the round declares {}", index,
                        step.label, speaker, payload.size(), step.payloadBits));
}

ProtocolOutput ProtocolRunner::run(const PartyInputs& inputs) {
    runRounds(inputs);
    const PartyId out = copies_.front().outputParty;
    const PartyView view(out, &inputs[static_cast<std::size_t>(out)], &channel_);
    return copies_[static_cast<std::size_t>(out)].output(view);
}

void ProtocolRunner::runRounds(const PartyInputs& inputs) {
    const Protocol& schedule = copies_.front();
    CCSIM_CHECK_OP(inputs.size(), ==, static_cast<std::size_t>(schedule.parties));
    channel_.reset();
    for (std::size_t i = 0; i < schedule.rounds.size(); ++i) {
        const PartyId speaker = schedule.rounds[i].from;
        const Round& step = copies_[static_cast<std::size_t>(speaker)].rounds[i];
        const PartyView view(speaker, &inputs[static_cast<std::size_t>(speaker)], &channel_);
        Payload payload = step.compute(view);
        checkWidth(i, step, speaker, payload);
        channel_.send(static_cast<int>(i), speaker, receivers_[i], step.label, std::move(payload));
    }
}

CommShape shapeOf(const Protocol& protocol) {
    CommShape shape;
    shape.receiver = protocol.outputParty;
    if (protocol.parties != 2) return shape;
    const PartyId other = 1 - protocol.outputParty;
    shape.sender = other;
    shape.oneWay = true;
    for (const Round& r : protocol.rounds) {
        const bool toOutput =
            r.to.empty() || (r.to.size() == 1 && r.to.front() == protocol.outputParty);
        if (r.from != other || !toOutput) shape.oneWay = false;
    }
    return shape;
}

}  // namespace ccsim
