// index_trivial: the matching upper bound for INDEX. Alice sends x (n bits), Bob answers x_i.

#include <ccsim/problem/index.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class IndexTrivial final : public Reduction {
public:
    explicit IndexTrivial(std::size_t n) : problem_(n) {}

    const Problem& problem() const override { return problem_; }
    ClosedForm closedForm() const override { return {"n", problem_.n()}; }

    ProtocolFactory protocol() const override {
        const std::size_t n = problem_.n();
        return [n] {
            Protocol p;
            p.summary = "Alice sends x (n bits); Bob answers x_i";
            p.rounds.push_back(sendInputBits(0, 1, "x", n, "n"));
            p.outputParty = 1;
            p.output = [](const PartyView& bob) -> std::uint64_t {
                return bob.received("x")[bob.input().values.at(0)] ? 1 : 0;
            };
            return p;
        };
    }

private:
    Index problem_;
};

const ReductionRegistry::Registrar registrar({
    .name = "index_trivial",
    .problem = "index",
    .summary = "Alice sends all of x; the optimal one-way protocol for INDEX_n",
    .details = "The matching upper bound for INDEX in the hard direction: one message of n "
               "bits from Alice (who holds x) to Bob (who holds i). It meets D->(INDEX_n) = n. "
               "In the other direction ceil(log2 n) bits would do, which is why the bound's "
               "class always names the direction.",
    .params = {{.name = "n",
                .type = ParamType::Int,
                .defaultValue = "10",
                .help = "length of Alice's string",
                .min = 1,
                .max = 1 << 20}},
    .smallConfig = {"n=5"},
    .growth = "bits = n = the one-way bound D->(INDEX_n): slope 1",
    .make = [](Params& params) -> std::unique_ptr<Reduction> {
        return std::make_unique<IndexTrivial>(static_cast<std::size_t>(params.getInt("n")));
    },
});

}  // namespace
}  // namespace ccsim
