#include <cmath>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match3.hpp>
#include <ccsim/construct/match_solver.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

/// φ(x) = e_{x mod M}.
class ResidueOneHot final : public FeatureMap {
public:
    explicit ResidueOneHot(std::size_t modulus) : modulus_(modulus) {}
    std::size_t inputDim() const override { return 1; }
    std::size_t outputDim() const override { return modulus_; }
    Vector apply(const Vector& x) const override {
        const double v = x[0];
        if (!(v >= 0) || v != std::floor(v) || v >= static_cast<double>(modulus_))
            throw RunError(fmt::format("Match3 token {} is not a residue in [0, {})", v, modulus_));
        Vector f = Vector::Zero(static_cast<Eigen::Index>(modulus_));
        f[static_cast<Eigen::Index>(v)] = 1.0;
        return f;
    }
    std::string describe() const override {
        return fmt::format("one-hot residue (M={})", modulus_);
    }

private:
    std::size_t modulus_;
};

}  // namespace

std::shared_ptr<const AttentionModel> makeMatch3Histogram(std::size_t modulus) {
    if (modulus < 2) throw UsageError("Match3 needs a modulus M >= 2");
    const auto m = static_cast<double>(modulus);
    // Peak memory of a run measured at n = 1024 and 2048 (M = 8195, 16387): 1.5 times V and O.
    requireMemory(matrixBytes(m, m, 3), fmt::format("match3_histogram at M={}", modulus),
                  "V and O are M×M matrices of doubles, and a run's peak holds about 1.5 times "
                  "them",
                  "choose a smaller M (disj_match3: n)");
    const auto mm = static_cast<Eigen::Index>(modulus);
    AttentionHead head;
    head.wq = Matrix::Zero(1, mm);
    head.wk = Matrix::Zero(1, mm);
    head.wv = Matrix::Identity(mm, mm);
    head.wo = Matrix::Identity(mm, mm);
    std::vector<AttentionHead> heads;  // moved, not copied: V and O may be large
    heads.push_back(std::move(head));
    return std::make_shared<const AttentionModel>(
        std::make_shared<ResidueOneHot>(modulus), std::move(heads), Vector::Zero(mm), 1.0, false,
        fmt::format("match3_histogram (M={}: uniform attention over one-hot residues)", modulus));
}

bool match3FromHistogram(const Vector& output, std::size_t tokens, std::size_t value,
                         std::size_t modulus) {
    CCSIM_CHECK_OP(static_cast<std::size_t>(output.size()), ==, modulus);
    std::vector<long> count(modulus);
    for (std::size_t r = 0; r < modulus; ++r)
        count[r] = std::lround(output[static_cast<Eigen::Index>(r)] * static_cast<double>(tokens));
    --count[value % modulus];  // the token itself does not count
    for (std::size_t r1 = 0; r1 < modulus; ++r1) {
        if (count[r1] < 1) continue;
        const std::size_t r2 = (3 * modulus - value % modulus - r1) % modulus;
        if (count[r2] >= (r1 == r2 ? 2 : 1)) return true;
    }
    return false;
}

namespace {

const RegisterConstruction<MatchSolver, MatchShape> match3Histogram{
    {"match3_histogram",
     "match3",
     "attention",
     "uniform attention over one-hot residues, d_v = M",
     "Q = K = 0, V(x) = e_{x mod M}: the output is the residue histogram / N, and the read-out "
     "recovers the counts and looks for two residues completing a triple. See "
     "docs/theory/disj_match3.md.",
     {},
     {"disj_match3", "eval match3"}},
    [](const MatchShape& shape, Params&) {
        const MatchSpec spec = shape.spec;
        const std::size_t n = shape.tokens;
        MatchSolver built;
        built.attention = makeMatch3Histogram(spec.modulus);
        built.answer = [spec, n](const Vector& out, std::uint64_t v) {
            std::vector<std::size_t> counts(spec.modulus);
            for (std::size_t r = 0; r < spec.modulus; ++r) {
                const long c =
                    std::lround(out[static_cast<Eigen::Index>(r)] * static_cast<double>(n));
                counts[r] = c > 0 ? static_cast<std::size_t>(c) : 0;
            }
            // A format too coarse for the counts can lose the token's own residue.
            if (counts[v] == 0) return false;
            return match3FromResidueCounts(counts, v, spec);
        };
        built.tokens = [m = spec.modulus](const std::vector<std::uint64_t>& x) {
            return matchTokens(x, m);
        };
        return built;
    }};

}  // namespace

}  // namespace ccsim
