#pragma once
/// \file
/// Protocols and the runtime that executes them.
///
/// A Protocol is a fixed schedule of rounds. In each round one party (the speaker) computes
/// one message of a declared width from its PartyView and the runtime sends it through the
/// Channel to the round's receivers. After the last round the output party computes the
/// answer from its view. Rules the runtime enforces:
///
///  - **Isolation by construction.** A step is a function of a PartyView, and a PartyView
///    holds exactly the speaker's own input and the messages delivered to it; there is no
///    accessor for anyone else's input. Protocols are built from public parameters only
///    (a ProtocolFactory takes no instance), and the runner builds one private copy of the
///    protocol per party, so state captured by one party's steps is never seen by another's.
///  - **Fixed widths.** Every round declares its payload width in bits; a payload of another
///    length is a ProtocolViolation. Hence the length of a message carries no information for
///    free, and a protocol with B bits has at most 2^B distinct transcripts (the pigeonhole
///    principle that the witness search relies on).
///  - **Counting.** The runtime never moves bits itself: it calls Channel::send.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/comm/bits.hpp>
#include <ccsim/comm/channel.hpp>
#include <ccsim/comm/transcript.hpp>

namespace ccsim {

/// One token of a model input held by a party: its position in the sequence and its
/// coordinates.
struct TokenRow {
    std::size_t position = 0;
    std::vector<double> values;
    /// 0, or a number the tree engine gave this token: equal ids mean equal (position,
    /// values), so a party may cache what it computes from its own token under the id. A
    /// function of the token alone (and of the public enumeration), never of another party's
    /// input; not part of equality.
    std::uint32_t id = 0;

    bool operator==(const TokenRow& other) const {
        return position == other.position && values == other.values;
    }
};

/// What one party holds: a bit string, a list of integers (for example the index of INDEX)
/// and model tokens (for reductions into models).
struct PartyInput {
    Payload bits;
    std::vector<std::uint64_t> values;
    std::vector<TokenRow> tokens;
    /// 0, or 1 + the number of this input in the tree engine's enumeration of this party's
    /// inputs: equal ids mean equal inputs, so a party may cache what it derives from its
    /// own input under the id (like TokenRow::id). Not part of equality.
    std::uint64_t id = 0;

    bool operator==(const PartyInput& other) const {
        return bits == other.bits && values == other.values && tokens == other.tokens;
    }
};

/// What a protocol computes: the answer bit(s) and, for compiled models, the output vector
/// at the read-out token from which the answer was decoded.
struct ProtocolOutput {
    ProtocolOutput() = default;
    ProtocolOutput(std::uint64_t answer) : answer(answer) {}  // NOLINT: implicit on purpose
    ProtocolOutput(std::uint64_t answer, std::vector<double> values)
        : answer(answer), values(std::move(values)) {}

    std::uint64_t answer = 0;
    std::vector<double> values;
};

/// The inputs of all parties of one run, indexed by PartyId. Only the runtime holds this.
using PartyInputs = std::vector<PartyInput>;

/// A party's view of a run: its own input and its inbox. Steps receive nothing else.
class PartyView {
public:
    PartyId self() const { return self_; }
    int parties() const { return channel_->parties(); }
    const PartyInput& input() const { return *input_; }

    /// Number of messages delivered to this party so far.
    std::size_t inboxSize() const { return channel_->inbox(self_).size(); }
    /// The i-th message delivered to this party.
    const MessageRecord& message(std::size_t i) const;
    /// The payload of the (last) message with this label delivered to this party; throws
    /// ProtocolViolation if there is none.
    const Payload& received(std::string_view label) const;

private:
    friend class ProtocolRunner;
    friend class TreeEngine;
    PartyView(PartyId self, const PartyInput* input, const Channel* channel)
        : self_(self), input_(input), channel_(channel) {}

    PartyId self_;
    const PartyInput* input_;
    const Channel* channel_;
};

struct Round {
    PartyId from = 0;
    /// Receivers; empty means every other party.
    std::vector<PartyId> to;
    std::string label;
    /// Width of the message in bits, fixed before any input is seen.
    std::size_t payloadBits = 0;
    /// Computes the speaker's message from its view.
    std::function<Payload(const PartyView&)> compute;
    /// Optional: how payloadBits follows from the parameters, e.g. "n" or "k" (for reports).
    std::string widthFormula;
};

/// A round in which `from` sends its whole input bit string (`bits` wide) to `to`: the
/// message of the baseline protocols that meet their one-way bounds.
Round sendInputBits(PartyId from, PartyId to, std::string label, std::size_t bits,
                    std::string widthFormula);

/// A protocol's bit count as a formula in its parameters, with the value of every symbol it
/// uses written after it ("H(2m + d_v)p with H=1, m=25, d_v=4, p=8"), and the value the
/// formula gives, computed from those symbols and not read off a schedule: reports print
/// both, and the conformance suite holds the value against the bits each run sends.
struct ClosedForm {
    std::string text;
    std::size_t bits = 0;
};

struct Protocol {
    /// One line: what the protocol does.
    std::string summary;
    int parties = 2;
    CostModel costModel = CostModel::PointToPoint;
    std::vector<Round> rounds;
    PartyId outputParty = 1;
    /// Computes the protocol's output from the output party's view after the last round.
    std::function<ProtocolOutput(const PartyView&)> output;
    /// Optional, for speed: the outputs for a block of the output party's inputs that share
    /// one inbox. `view` is the view of inputs[0]; out[k] must equal output() on the view
    /// that holds inputs[k] with the same inbox, bit for bit (the engine differential test
    /// holds every registered protocol to it). The tree engine calls it where it can; the
    /// reference runner never does. Empty: output() is called per input.
    std::function<void(const PartyView& view, std::span<const PartyInput* const> inputs,
                       std::span<ProtocolOutput> out)>
        outputBatch;

    /// How many parties receive the round's message (every other party if `to` is empty).
    std::size_t receiverCount(const Round& round) const;
    /// The bits the round is charged under the cost model.
    std::size_t chargedBits(const Round& round) const;
    /// Sum of the charged bits of all rounds under the cost model (what every run must
    /// measure, since widths are fixed).
    std::size_t declaredBits() const;
};

using ProtocolFactory = std::function<Protocol()>;

/// Executes a protocol on instances. Not thread-safe; use one runner per thread.
class ProtocolRunner {
public:
    /// Calls factory once per party and checks that all copies have the same schedule.
    explicit ProtocolRunner(const ProtocolFactory& factory);

    /// Runs every round on these inputs (one per party) and returns the output party's
    /// output. The transcript of the run stays available until the next call.
    ProtocolOutput run(const PartyInputs& inputs);
    /// Runs the rounds only, not the output party's output: the transcript of these inputs,
    /// for searches that key instances by transcript (the witness search).
    void runRounds(const PartyInputs& inputs);

    const Transcript& transcript() const { return channel_.transcript(); }
    /// The schedule (party 0's copy); for descriptions only.
    const Protocol& protocol() const { return copies_.front(); }

private:
    friend class TreeEngine;  // walks the tree with these copies and this channel
    /// Throws ProtocolViolation unless the payload has the width round `index` declares.
    static void checkWidth(std::size_t index, const Round& step, PartyId speaker,
                           const Payload& payload);
    std::vector<Protocol> copies_;
    std::vector<std::vector<PartyId>> receivers_;  ///< resolved per round
    Channel channel_;
};

/// A protocol in which every message goes from one party to the output party (or in which
/// no message is sent at all) is one-way; everything else is two-way.
struct CommShape {
    bool oneWay = false;
    PartyId sender = 0;  ///< for one-way protocols
    PartyId receiver = 1;
};
CommShape shapeOf(const Protocol& protocol);

}  // namespace ccsim
