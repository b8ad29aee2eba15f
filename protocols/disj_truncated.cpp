// disj_truncated: a deliberately too-cheap protocol for set disjointness. Alice sends only
// a_0..a_{k-1}; Bob answers as if a_i = 0 for i >= k. With k < n bits it is below the
// one-way bound n, so two of Alice's inputs share a message and the witness search must
// find the instance it gets wrong.

#include <ccsim/problem/disj.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {
namespace {

class DisjTruncated final : public Reduction {
public:
    DisjTruncated(std::size_t n, std::size_t k) : problem_(n), k_(k) {}

    const Problem& problem() const override { return problem_; }
    ClosedForm closedForm() const override { return {"k", k_}; }

    ProtocolFactory protocol() const override {
        const std::size_t k = k_;
        return [k] {
            Protocol p;
            p.summary = "Alice sends a_0..a_{k-1}; Bob answers as if the rest of a were 0";
            p.rounds.push_back({.from = 0,
                                .to = {1},
                                .label = "a[0:k]",
                                .payloadBits = k,
                                .compute =
                                    [k](const PartyView& alice) {
                                        Payload prefix = alice.input().bits;
                                        prefix.resize(k);
                                        return prefix;
                                    },
                                .widthFormula = "k"});
            p.outputParty = 1;
            p.output = [](const PartyView& bob) -> std::uint64_t {
                const Payload& prefix = bob.received("a[0:k]");
                for (std::size_t i = prefix.find_first(); i != Payload::npos;
                     i = prefix.find_next(i))
                    if (bob.input().bits[i]) return 0;
                return 1;
            };
            return p;
        };
    }

private:
    Disj problem_;
    std::size_t k_;
};

const ReductionRegistry::Registrar registrar({
    .name = "disj_truncated",
    .problem = "disj",
    .summary = "Alice sends only her first k < n bits; too cheap, so it must fail somewhere",
    .details = "A deliberately too-cheap protocol: Alice sends a_0..a_{k-1} and Bob answers as "
               "if the remaining bits of a were 0. With k < n bits it is below the one-way bound "
               "D->(DISJ_n) = n, so two inputs of Alice share a message; the witness search "
               "finds them, and the instance (a, e_i) that tells them apart is answered wrongly "
               "for one of the two.",
    .params = {{.name = "n",
                .type = ParamType::Int,
                .defaultValue = "10",
                .help = "set size (bits per party)",
                .min = 1,
                .max = 1 << 20},
               {.name = "k",
                .type = ParamType::Int,
                .defaultValue = "6",
                .help = "bits Alice sends, 0 <= k < n",
                .min = 0,
                .max = (1 << 20) - 1,
                .size = true}},
    .smallConfig = {"n=4", "k=2"},
    .growth = "bits = k, fixed while the bound n grows: below the bound wherever k < n",
    .make = [](Params& params) -> std::unique_ptr<Reduction> {
        const std::int64_t n = params.getInt("n");
        const std::int64_t k = params.getInt("k", 0, n - 1, "k < n");
        return std::make_unique<DisjTruncated>(static_cast<std::size_t>(n),
                                               static_cast<std::size_t>(k));
    },
});

}  // namespace
}  // namespace ccsim
