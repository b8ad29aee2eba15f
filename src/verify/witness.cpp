#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/verify/witness.hpp>

namespace ccsim {

std::string_view nameOf(WitnessArgument argument) {
    switch (argument) {
        case WitnessArgument::None:
            return "none";
        case WitnessArgument::OneWay:
            return "one-way";
        case WitnessArgument::FoolingSet:
            return "fooling-set";
    }
    return "?";
}

std::string roleName(WitnessRole role, WitnessArgument argument) {
    const char* separating = argument == WitnessArgument::FoolingSet ? "crossed" : "separating";
    switch (role) {
        case WitnessRole::Collision1:
            return "collision 1";
        case WitnessRole::Collision2:
            return "collision 2";
        case WitnessRole::Separating1:
            return std::string(separating) + " 1";
        case WitnessRole::Separating2:
            return std::string(separating) + " 2";
    }
    return "?";
}

const InstanceRun& Witness::run(WitnessRole role) const {
    switch (role) {
        case WitnessRole::Collision1:
            return collision[0];
        case WitnessRole::Collision2:
            return collision[1];
        case WitnessRole::Separating1:
            return separating[0];
        case WitnessRole::Separating2:
            return separating[1];
    }
    return collision[0];
}

namespace {

/// Number of elements of a domain of size 2^log2 to visit: the whole domain, or 2^B + 1
/// (enough for the pigeonhole principle), or the budget, whichever is smallest.
struct Plan {
    std::uint64_t limit;
    bool complete;
};

Plan plan(double log2Domain, std::size_t payloadBits, std::uint64_t budget) {
    const std::uint64_t domain =
        log2Domain >= 63 ? (std::uint64_t{1} << 63)
                         : static_cast<std::uint64_t>(std::llround(std::exp2(log2Domain)));
    const std::uint64_t pigeon =
        payloadBits >= 63 ? (std::uint64_t{1} << 63) : (std::uint64_t{1} << payloadBits) + 1;
    const std::uint64_t limit = std::min({domain, pigeon, budget});
    return {limit, limit == domain || limit == pigeon};
}

/// Fills in wrong; returns false if no run of the four is wrong.
bool markWrong(Witness& w) {
    for (WitnessRole role : kWitnessRoles) {
        const InstanceRun& run = w.run(role);
        if (run.answer != run.truth) {
            w.wrong = role;
            return true;
        }
    }
    return false;
}

}  // namespace

WitnessSearch searchWitness(const Reduction& reduction, std::size_t payloadBits,
                            std::uint64_t budget) {
    const Problem& problem = reduction.problem();
    ProtocolRunner runner(reduction.protocol());
    const CommShape shape = shapeOf(runner.protocol());
    const bool oneWay = shape.oneWay && shape.sender == 0 && shape.receiver == 1;
    // Bob → Alice with a problem that has the mirrored one-way argument.
    const std::optional<double> reverseDomain = problem.log2ReverseSenderInputs();
    const bool reverse =
        shape.oneWay && shape.sender == 1 && shape.receiver == 0 && reverseDomain.has_value();

    WitnessSearch search;
    search.argument = oneWay || reverse ? WitnessArgument::OneWay : WitnessArgument::FoolingSet;
    search.payloadBits = payloadBits;
    const Plan p = plan(oneWay    ? problem.log2SenderInputs()
                        : reverse ? *reverseDomain
                                  : problem.log2FoolingSet(),
                        payloadBits, budget);
    search.limit = p.limit;

    std::unordered_map<std::string, std::uint64_t> seen;
    const PartyInput receiverDefault =
        reverse ? problem.defaultReverseReceiverInput() : problem.defaultReceiverInput();
    auto input = [&](std::uint64_t i) -> Instance {
        if (oneWay) return {problem.senderInput(i), receiverDefault};
        if (reverse) return {receiverDefault, problem.reverseSenderInput(i)};
        return problem.foolingPair(i);
    };

    for (std::uint64_t i = 0; i < p.limit; ++i) {
        ++search.searched;
        // Keying needs the transcript only: the rounds run, the output party's answer waits
        // until an input collides (then both colliding inputs run in full).
        runner.runRounds(reduction.encode(input(i)));
        const std::string key = runner.transcript().key();
        const auto [it, inserted] = seen.emplace(key, i);
        if (inserted) continue;

        Witness w;
        w.argument = search.argument;
        w.collision[0] = runInstance(reduction, runner, input(it->second), it->second);
        w.collision[1] = runInstance(reduction, runner, input(i), i);
        Instance separating1;
        Instance separating2;
        if (oneWay) {
            const PartyInput y =
                problem.separate(w.collision[0].instance[0], w.collision[1].instance[0]);
            separating1 = {w.collision[0].instance[0], y};
            separating2 = {w.collision[1].instance[0], y};
        } else if (reverse) {
            const PartyInput x =
                problem.separateReverse(w.collision[0].instance[1], w.collision[1].instance[1]);
            separating1 = {x, w.collision[0].instance[1]};
            separating2 = {x, w.collision[1].instance[1]};
        } else {
            separating1 = {w.collision[0].instance[0], w.collision[1].instance[1]};
            separating2 = {w.collision[1].instance[0], w.collision[0].instance[1]};
        }
        w.separating[0] = runInstance(reduction, runner, std::move(separating1), 0);
        w.separating[1] = runInstance(reduction, runner, std::move(separating2), 0);
        if (w.separating[0].transcript != w.separating[1].transcript) {
            search.inconsistency = fmt::format(
                "the instances {} and {} should share a transcript ({} argument) but do not: "
                "the protocol leaks information outside the channel",
                problem.show(w.separating[0].instance), problem.show(w.separating[1].instance),
                nameOf(search.argument));
            return search;
        }
        if (!markWrong(w)) {
            search.inconsistency = fmt::format(
                "{} and {} share a transcript, yet the protocol answers {} and {} correctly",
                problem.show(w.collision[0].instance), problem.show(w.collision[1].instance),
                problem.show(w.separating[0].instance), problem.show(w.separating[1].instance));
            return search;
        }
        search.complete = true;
        search.witness = std::move(w);
        return search;
    }
    search.complete = p.complete;
    return search;
}

}  // namespace ccsim
