// eq_trivial: the matching upper bound for equality. Alice sends a (n bits), Bob compares.

#include <ccsim/problem/eq.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class EqTrivial final : public Reduction {
public:
    explicit EqTrivial(std::size_t n) : problem_(n) {}

    const Problem& problem() const override { return problem_; }
    ClosedForm closedForm() const override { return {"n", problem_.n()}; }

    ProtocolFactory protocol() const override {
        const std::size_t n = problem_.n();
        return [n] {
            Protocol p;
            p.summary = "Alice sends a (n bits); Bob answers 1 iff a = b";
            p.rounds.push_back(sendInputBits(0, 1, "a", n, "n"));
            p.outputParty = 1;
            p.output = [](const PartyView& bob) -> std::uint64_t {
                return bob.received("a") == bob.input().bits ? 1 : 0;
            };
            return p;
        };
    }

private:
    Eq problem_;
};

const ReductionRegistry::Registrar registrar({
    .name = "eq_trivial",
    .problem = "eq",
    .summary = "Alice sends all of a; the optimal deterministic protocol for EQ_n",
    .details = "The matching upper bound for equality: one message of n bits from Alice to "
               "Bob, who compares. Deterministic protocols cannot do better (fooling set "
               "{(a, a)}); randomized ones can, with O(1) bits and public coins, which ccsim's "
               "deterministic verdicts never claim.",
    .params = {{.name = "n",
                .type = ParamType::Int,
                .defaultValue = "10",
                .help = "length of the strings",
                .min = 1,
                .max = 1 << 20}},
    .smallConfig = {"n=4"},
    .growth = "bits = n = the deterministic bound for EQ_n: slope 1",
    .make = [](Params& params) -> std::unique_ptr<Reduction> {
        return std::make_unique<EqTrivial>(static_cast<std::size_t>(params.getInt("n")));
    },
});

}  // namespace
}  // namespace ccsim
