#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/verify/witness.hpp>

namespace ccsim {

const InstanceRun& Witness::wrongRun() const {
    switch (wrong) {
        case 0:
            return first;
        case 1:
            return second;
        case 2:
            return third;
        default:
            return fourth;
    }
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
    const InstanceRun* runs[] = {&w.first, &w.second, &w.third, &w.fourth};
    for (int i = 0; i < 4; ++i) {
        if (runs[i]->answer != runs[i]->truth) {
            w.wrong = i;
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
    search.argument = oneWay || reverse ? "one-way" : "fooling-set";
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
        w.first = runInstance(reduction, runner, input(it->second), it->second);
        w.second = runInstance(reduction, runner, input(i), i);
        Instance third;
        Instance fourth;
        if (oneWay) {
            const PartyInput y = problem.separate(w.first.instance[0], w.second.instance[0]);
            third = {w.first.instance[0], y};
            fourth = {w.second.instance[0], y};
        } else if (reverse) {
            const PartyInput x = problem.separateReverse(w.first.instance[1], w.second.instance[1]);
            third = {x, w.first.instance[1]};
            fourth = {x, w.second.instance[1]};
        } else {
            third = {w.first.instance[0], w.second.instance[1]};
            fourth = {w.second.instance[0], w.first.instance[1]};
        }
        w.third = runInstance(reduction, runner, std::move(third), 0);
        w.fourth = runInstance(reduction, runner, std::move(fourth), 0);
        if (w.third.transcript != w.fourth.transcript) {
            search.inconsistency = fmt::format(
                "the instances {} and {} should share a transcript ({} argument) but do not: "
                "the protocol leaks information outside the channel",
                problem.show(w.third.instance), problem.show(w.fourth.instance), search.argument);
            return search;
        }
        if (!markWrong(w)) {
            search.inconsistency = fmt::format(
                "{} and {} share a transcript, yet the protocol answers {} and {} correctly",
                problem.show(w.first.instance), problem.show(w.second.instance),
                problem.show(w.third.instance), problem.show(w.fourth.instance));
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
