// match3_nof: the 3-player number-on-forehead problem NOF-Match3 (problem/nof_match3.hpp)
// computed by one third-order attention head, compiled with the `nof` strategy
// (compile/nof.hpp). Tokens: position 0 is the public target r; positions 1 + b*n .. (b+1)*n
// hold block b, on player b's forehead. Every ordered pair of blocks is summed by a player
// who sees both; players 0 and 1 write their normalised partial sums on the blackboard,
// (d_v + 2)p bits each; player 2 adds its own and reads out. ccsim knows no lower bound for
// this problem, so the verdict is no-bound: correctness and bits, with the NOF bounds of
// related problems listed for context (docs/theory/match3_nof.md).

#include <fmt/format.h>

#include <ccsim/compile/nof.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match3_tensor.hpp>
#include <ccsim/construct/match_solver.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/problem/nof_match3.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/match.hpp>

namespace ccsim {
namespace {

class Match3Nof final : public Reduction {
public:
    Match3Nof(NofMatch3 problem, std::shared_ptr<const ThirdOrderModel> model, NofSpec spec)
        : problem_(std::move(problem)), model_(std::move(model)), spec_(std::move(spec)) {}

    const Problem& problem() const override { return problem_; }
    ProtocolFactory protocol() const override { return compileNof(model_, spec_); }
    PartyInputs encode(const Instance& instance) const override {
        return splitNof(tokens(instance), spec_.forehead);
    }
    std::optional<ModelPass> modelPass(const Instance& instance) const override {
        return ModelPass{model_, tokens(instance), spec_.target, quantizationOf(spec_)};
    }
    ClosedForm closedForm() const override {
        // Two writers, each one nof message.
        return {fmt::format("2{} with d_v={}, p={}", nofMessage(*model_).formula(spec_.format),
                            model_->valueDim(), spec_.format.widthBits()),
                nofBits(*model_, spec_)};
    }
    std::optional<ModelInfo> modelInfo() const override {
        return ModelInfo{spec_.format.name(), std::string(nameOf(spec_.precision)), "nof",
                         model_->description()};
    }

private:
    Matrix tokens(const Instance& instance) const {
        return matchTokens(problem_.sequence(instance), problem_.modulus());
    }

    NofMatch3 problem_;
    std::shared_ptr<const ThirdOrderModel> model_;
    NofSpec spec_;
};

std::unique_ptr<Reduction> make(Params& params) {
    const auto n = static_cast<std::size_t>(params.getInt("n"));
    const auto modulus = static_cast<std::size_t>(params.getInt("M"));
    const auto m = static_cast<std::int64_t>(modulus);
    const auto r = static_cast<std::uint64_t>(params.getInt("r", 0, m - 1, "r < M"));
    if ((3 * r) % modulus == 0)
        throw UsageError(fmt::format(
            "target residue r={} has 3r = 0 mod {}: it matches itself, so every answer is 1; "
            "choose r with 3r != 0 mod M",
            r, modulus));
    NofMatch3 problem(n, modulus, r);
    const std::size_t tokens = 3 * n + 1;

    NofSpec spec;
    spec.format = readPrecision(params);
    spec.precision = PrecisionModel::PartialSums;
    spec.target = 0;
    spec.outputParty = 2;
    spec.forehead.assign(tokens, kPublic);
    for (std::size_t j = 1; j < tokens; ++j) spec.forehead[j] = static_cast<PartyId>((j - 1) / n);

    std::shared_ptr<const ThirdOrderModel> model;
    const std::string construction = params.getString("construction");
    if (construction != "random") {
        const MatchSolver solver = buildConstruction<MatchSolver>(
            construction, "match3", MatchShape{tokens, {modulus, false}, "tau"}, params,
            "match3_nof", {"random"});
        if (!solver.thirdOrder)
            throw UsageError(fmt::format(
                "construction {} is not a third-order head; match3_nof needs one", construction));
        model = solver.thirdOrder;
        spec.readout = [answer = solver.answer](const Vector& out) -> std::uint64_t {
            return answer(out, 0) ? 1 : 0;
        };
    } else {
        const auto dv = static_cast<std::size_t>(params.getInt("dv"));
        model =
            makeRandomThirdOrder(1, static_cast<std::size_t>(params.getInt("m")), dv, 1, 1.0, false,
                                 static_cast<std::uint64_t>(params.getInt("model_seed")));
        spec.readout = [](const Vector& out) -> std::uint64_t { return out[0] > 0 ? 1 : 0; };
    }
    (void)compileNof(model, spec);
    return std::make_unique<Match3Nof>(std::move(problem), model, spec);
}

const ReductionRegistry::Registrar registrar({
    .name = "match3_nof",
    .problem = "nof_match3",
    .summary = "NOF-Match3 on third-order attention, 3 players on a blackboard (nof); no bound",
    .details =
        "A 3-player number-on-forehead problem: blocks x0, x1, x2 of n residues in Z_M, block b "
        "on player b's forehead, a public target r; the answer is Match3 at r (repeats "
        "allowed). One third-order attention head (match3_tensor: m = 4, d_v = 4) is compiled "
        "with the nof strategy: every ordered pair of blocks is summed by a player who sees "
        "both, players 0 and 1 write their normalised pair partial sums on the blackboard, "
        "2(d_v + 2)p bits, and player 2 reads out. ccsim knows no lower bound for this problem "
        "(it even has a 2-bit protocol), so the verdict is no-bound: correctness and bits only, "
        "with NOF bounds of related problems (3-party DISJ, pointer jumping) listed for "
        "context, never compared.",
    .params =
        {
            {"n", ParamType::Int, "2", "residues per block (N = 3n + 1 tokens)", 1, 64},
            {"M", ParamType::Int, "5", "modulus", 2, 1 << 16},
            {"r", ParamType::Int, "1", "public target residue, 3r != 0 mod M", 0, (1 << 16) - 1},
            constructionParam("match3_tensor", "match3_nof", {"random"}),
            {"tau",
             ParamType::Real,
             "0",
             "temperature of match3_tensor; 0 = ln(16 N^2/g)/g, g = 1 - cos(2 pi/M)",
             {},
             {}},
            {"m", ParamType::Int, "4", "key dimension (random only)", 1, 1 << 12, true},
            {"dv", ParamType::Int, "4", "value dimension (random only)", 1, 1 << 12, true},
            {"model_seed", ParamType::Int, "1", "seed of the random weights (random only)", 0,
             INT64_MAX},
            precisionParam("fixed:16:8", "number format of embeddings and partial sums"),
        },
    .smallConfig = {"n=1", "M=5"},
    // Random weights too: their outputs are not exact in any format, so the conformance
    // suite's faithfulness check sees every rounding.
    .extraConfigs = {{"construction=random"}},
    .growth = "bits = 2(d_v + 2)p = 12p for match3_tensor, independent of n; no bound to compare",
    .make = make,
});

}  // namespace
}  // namespace ccsim
