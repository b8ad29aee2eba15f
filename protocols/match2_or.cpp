// match2_or: Match2 at a public target between two parties is an OR of one bit per party
// (docs/theory/match2_or.md, after the DISJ → Match3 reduction: "Match2 on the same inputs is
// decomposable"). The sequence is (t, Alice's n residues, Bob's n residues) in Z_M with a
// public target t, 2t ≢ 0. Match2(X)_t = OR over tokens j of [t + x_j ≡ 0], so Alice
// evaluates the predicate on her block, sends the one bit, and Bob ORs it with his own.
// Each party obtains its bit by running the match2_trig attention unit (docs/theory/match2_or.md)
// on the sequence (t, own block) and reading out at the target (via=model), or by testing the pair
// predicate directly (via=predicate). bits=0 drops Alice's message: Bob answers from his block
// alone, below the 1-bit bound, and the witness search names the failure.

#include <algorithm>

#include <fmt/format.h>

#include <ccsim/construct/match2.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/match2.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/match.hpp>

namespace ccsim {
namespace {

/// How a party decides whether its block holds the target's partner.
enum class Via { Model, Predicate };

/// The party's bit: Match2 at the target within (t, block).
bool localBit(const std::vector<std::uint64_t>& block, std::uint64_t target, std::size_t modulus,
              Via via, const AttentionModel* model) {
    if (via == Via::Predicate)
        return std::any_of(block.begin(), block.end(),
                           [&](std::uint64_t x) { return match2Pair(target, x, modulus); });
    std::vector<std::uint64_t> seq;
    seq.reserve(block.size() + 1);
    seq.push_back(target);
    seq.insert(seq.end(), block.begin(), block.end());
    return match2FromTrig(model->forward(matchTokens(seq, modulus), 0), target, modulus);
}

class Match2Or final : public Reduction {
public:
    Match2Or(std::size_t n, std::size_t modulus, std::uint64_t target, std::size_t bits, Via via)
        : problem_(n, modulus, target), bits_(bits), via_(via) {}

    const Problem& problem() const override { return problem_; }
    ClosedForm closedForm() const override { return {bits_ == 1 ? "1" : "0", bits_}; }
    std::optional<ModelInfo> modelInfo() const override {
        if (via_ != Via::Model) return std::nullopt;
        // The model runs inside each party on its own block; nothing of it crosses.
        return ModelInfo{"fp64", std::string(nameOf(PrecisionModel::Embeddings)), "local-or",
                         makeMatch2Trig(problem_.modulus(), 2 * problem_.n() + 1)->description()};
    }

    ProtocolFactory protocol() const override {
        const std::size_t n = problem_.n();
        const std::size_t modulus = problem_.modulus();
        const std::uint64_t target = problem_.target();
        const std::size_t bits = bits_;
        const Via via = via_;
        return [n, modulus, target, bits, via] {
            // Built per copy, so no object is shared between the parties' copies. The
            // temperature is the one for the whole sequence (2n + 1 tokens), which is also
            // exact on the shorter (t, block) sequences.
            std::shared_ptr<const AttentionModel> model;
            if (via == Via::Model) model = makeMatch2Trig(modulus, 2 * n + 1);
            Protocol p;
            p.summary = bits == 1 ? "Alice sends whether her block holds -t; Bob ORs it with his"
                                  : "no message: Bob answers from his block alone";
            if (bits == 1)
                p.rounds.push_back({.from = 0,
                                    .to = {1},
                                    .label = "alice_or",
                                    .payloadBits = 1,
                                    .compute =
                                        [=](const PartyView& alice) {
                                            Payload bit(1);
                                            bit[0] = localBit(alice.input().values, target, modulus,
                                                              via, model.get());
                                            return bit;
                                        },
                                    .widthFormula = "1"});
            p.outputParty = 1;
            p.output = [=](const PartyView& bob) -> std::uint64_t {
                bool answer = localBit(bob.input().values, target, modulus, via, model.get());
                if (bits == 1) answer = answer || bob.received("alice_or")[0];
                return answer ? 1 : 0;
            };
            return p;
        };
    }

private:
    Match2Problem problem_;
    std::size_t bits_;
    Via via_;
};

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("n"));
    const auto modulus = static_cast<std::size_t>(params.getInt("M"));
    const auto target = static_cast<std::uint64_t>(
        params.getInt("target", 0, static_cast<std::int64_t>(modulus) - 1, "t < M"));
    const auto bits = static_cast<std::size_t>(params.getInt("bits"));
    const std::string viaText = params.getString("via");
    Via via;
    if (viaText == "model")
        via = Via::Model;
    else if (viaText == "predicate")
        via = Via::Predicate;
    else
        throw UsageError(
            fmt::format("parameter via={} is not known; known: model, predicate", viaText));
    return std::make_unique<Match2Or>(n, modulus, target, bits, via);
}

const ReductionRegistry::Registrar registrar({
    .name = "match2_or",
    .problem = "match2",
    .summary = "Match2 at a public target is an OR of the parties' blocks: 1 bit suffices",
    .details =
        "The contrast to disj_match3: Match2(X)_t = 1 iff some token x_j has t + x_j = 0 mod "
        "M, an OR over tokens of a predicate of (x_t, x_j). With the target public and the "
        "other tokens split, Alice runs the match2_trig attention unit on (t, her block) and "
        "sends its 1-bit answer; Bob ORs it with his own. The two-party problem needs 1 bit "
        "(one-way and two-way), which the protocol meets; bits=0 (Bob answers alone) is "
        "below the bound and the witness search finds the instance it gets wrong. Match3 "
        "on the DISJ inputs of disj_match3 needs n bits instead.",
    .params =
        {
            {"n", ParamType::Int, "3", "tokens per party; N = 2n + 1 with the target", 1, 4096},
            {"M", ParamType::Int, "7", "modulus: tokens are residues in [0, M)", 3, 1 << 20},
            {"target", ParamType::Int, "1", "public target residue t, 2t != 0 mod M", 0, 1 << 20},
            {"bits", ParamType::Int, "1", "1: Alice sends her OR bit; 0: no message", 0, 1, true},
            {"via",
             ParamType::String,
             "model",
             "model (match2_trig run by each party) or predicate (direct pair test)",
             {},
             {}},
        },
    .smallConfig = {"n=2", "M=5"},
    .growth = "bits = 1 and bound 1 at every n: Match2 does not grow with the input",
    .make = make,
});

}  // namespace
}  // namespace ccsim
