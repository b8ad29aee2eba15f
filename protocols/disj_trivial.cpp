// disj_trivial: the matching upper bound for set disjointness. Alice sends all n bits of a,
// Bob answers 1 iff a and b do not intersect. n bits, one way; meets D->(DISJ_n) = n.

#include <ccsim/problem/disj.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class DisjTrivial final : public Reduction {
public:
    explicit DisjTrivial(std::size_t n) : problem_(n) {}

    const Problem& problem() const override { return problem_; }
    ClosedForm closedForm() const override { return {"n", problem_.n()}; }

    ProtocolFactory protocol() const override {
        const std::size_t n = problem_.n();
        return [n] {
            Protocol p;
            p.summary = "Alice sends a (n bits); Bob answers 1 iff a and b are disjoint";
            p.rounds.push_back(sendInputBits(0, 1, "a", n, "n"));
            p.outputParty = 1;
            p.output = [](const PartyView& bob) -> std::uint64_t {
                return bob.received("a").intersects(bob.input().bits) ? 0 : 1;
            };
            // The same answer for a block of Bob's inputs under one message (tree engine).
            p.outputBatch = [](const PartyView& bob, std::span<const PartyInput* const> inputs,
                               std::span<ProtocolOutput> out) {
                const Payload& a = bob.received("a");
                for (std::size_t k = 0; k < inputs.size(); ++k) {
                    out[k].answer = a.intersects(inputs[k]->bits) ? 0 : 1;
                    out[k].values.clear();  // as output() gives: an answer, no values
                }
            };
            return p;
        };
    }

private:
    Disj problem_;
};

const ReductionRegistry::Registrar registrar({
    .name = "disj_trivial",
    .problem = "disj",
    .summary = "Alice sends all n bits of her set; the optimal one-way protocol for DISJ_n",
    .details = "The matching upper bound for set disjointness: one message of n bits from "
               "Alice to Bob, who answers exactly. It meets the one-way deterministic bound "
               "D->(DISJ_n) = n with equality, and every Alice input gets its own message.",
    .params = {{.name = "n",
                .type = ParamType::Int,
                .defaultValue = "10",
                .help = "set size (bits per party)",
                .min = 1,
                .max = 1 << 20}},
    .smallConfig = {"n=4"},
    .growth = "bits = n, the one-way bound itself: slope 1",
    .make = [](Params& params) -> std::unique_ptr<Reduction> {
        return std::make_unique<DisjTrivial>(static_cast<std::size_t>(params.getInt("n")));
    },
});

}  // namespace
}  // namespace ccsim
