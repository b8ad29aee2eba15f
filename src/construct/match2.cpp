#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match2.hpp>
#include <ccsim/construct/match_solver.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

double angle(std::uint64_t residue, std::size_t modulus) {
    return 2.0 * std::numbers::pi * static_cast<double>(residue % modulus) /
           static_cast<double>(modulus);
}

/// φ(x) = (cos 2πx/M, sin 2πx/M).
class TrigResidue final : public FeatureMap {
public:
    explicit TrigResidue(std::size_t modulus) : modulus_(modulus) {}
    std::size_t inputDim() const override { return 1; }
    std::size_t outputDim() const override { return 2; }
    Vector apply(const Vector& x) const override {
        const double v = x[0];
        if (!(v >= 0) || v != std::floor(v) || v >= static_cast<double>(modulus_))
            throw RunError(fmt::format("Match2 token {} is not a residue in [0, {})", v, modulus_));
        const double t = angle(static_cast<std::uint64_t>(v), modulus_);
        Vector f(2);
        f << std::cos(t), std::sin(t);
        return f;
    }
    std::string describe() const override {
        return fmt::format("trigonometric residue (M={})", modulus_);
    }
    std::size_t modulus() const { return modulus_; }

private:
    std::size_t modulus_;
};

/// φ(x, p) = (cos 2πx/M, sin 2πx/M, e_p): the residue and a one-hot position in [0, N).
class TrigResiduePosition final : public FeatureMap {
public:
    TrigResiduePosition(std::size_t modulus, std::size_t tokens)
        : residue_(modulus), tokens_(tokens) {}
    std::size_t inputDim() const override { return 2; }
    std::size_t outputDim() const override { return 2 + tokens_; }
    Vector apply(const Vector& x) const override {
        const double p = x[1];
        if (!(p >= 0) || p != std::floor(p) || p >= static_cast<double>(tokens_))
            throw RunError(fmt::format("Match2 token position {} is not in [0, {})", p, tokens_));
        Vector f = Vector::Zero(static_cast<Eigen::Index>(2 + tokens_));
        const Vector trig = residue_.apply(Vector::Constant(1, x[0]));
        f[0] = trig[0];
        f[1] = trig[1];
        f[2 + static_cast<Eigen::Index>(p)] = 1;
        return f;
    }
    std::string describe() const override {
        return fmt::format("trigonometric residue (M={}) and one-hot position (N={})",
                           residue_.modulus(), tokens_);
    }

private:
    TrigResidue residue_;
    std::size_t tokens_;
};

}  // namespace

double match2TrigGap(std::size_t modulus) {
    if (modulus < 2) throw UsageError(fmt::format("modulus M={} must be at least 2", modulus));
    return 1.0 - std::cos(2.0 * std::numbers::pi / static_cast<double>(modulus));
}

double match2TrigTemperature(std::size_t modulus, std::size_t tokens) {
    const double gap = match2TrigGap(modulus);
    const double others = static_cast<double>(std::max<std::size_t>(tokens, 2) - 1);
    return 2.0 * std::log(4.0 * others / gap) / gap;
}

std::shared_ptr<const AttentionModel> makeMatch2Trig(std::size_t modulus, std::size_t tokens,
                                                     double temperature, bool distinct) {
    const double gap = match2TrigGap(modulus);
    if (tokens < 1) throw UsageError("match2_trig needs at least one token");
    if (temperature < 0 || !std::isfinite(temperature))
        throw UsageError(
            fmt::format("temperature={} must be positive (0 = automatic)", temperature));
    if (temperature == 0) temperature = match2TrigTemperature(modulus, tokens);
    // Feature coordinates: (cos θ, sin θ) and, under distinct, the one-hot position.
    const auto f = static_cast<Eigen::Index>(distinct ? 2 + tokens : 2);
    AttentionHead head;
    head.wq = Matrix::Identity(f, f);
    head.wk = Matrix::Identity(f, f);
    head.wk(1, 1) = -1.0;
    // −3·[i = j]: a token scores at most 1 − 3 against itself, below every other token (≥ −1).
    if (distinct) head.wq.bottomRightCorner(f - 2, f - 2) *= -3.0;
    head.wv = Matrix::Identity(2, f);
    head.wo = Matrix::Identity(2, 2);
    std::shared_ptr<const FeatureMap> features;
    if (distinct)
        features = std::make_shared<TrigResiduePosition>(modulus, tokens);
    else
        features = std::make_shared<TrigResidue>(modulus);
    return std::make_shared<const AttentionModel>(
        std::move(features), std::vector<AttentionHead>{head}, Vector::Zero(2), temperature, false,
        distinct ? fmt::format("match2_trig (M={}, distinct: score tau*(cos(theta_i + theta_j) - "
                               "3[i = j]), tau={:.4g}, gap {:.4g})",
                               modulus, temperature, gap)
                 : fmt::format("match2_trig (M={}: score tau*cos(theta_i + theta_j), tau={:.4g}, "
                               "gap {:.4g})",
                               modulus, temperature, gap));
}

Matrix match2PositionTokens(const std::vector<std::uint64_t>& x, std::size_t modulus) {
    Matrix tokens(static_cast<Eigen::Index>(x.size()), 2);
    for (std::size_t j = 0; j < x.size(); ++j) {
        tokens(static_cast<Eigen::Index>(j), 0) = static_cast<double>(x[j] % modulus);
        tokens(static_cast<Eigen::Index>(j), 1) = static_cast<double>(j);
    }
    return tokens;
}

bool match2FromTrig(const Vector& output, std::uint64_t value, std::size_t modulus,
                    std::size_t tokens) {
    CCSIM_CHECK_OP(output.size(), ==, Eigen::Index{2});
    // Under distinct a lone token has no other to match: its attention can only see itself.
    if (tokens == 1) return false;
    const double gap = match2TrigGap(modulus);
    const double t = angle(value, modulus);
    const double projection = output[0] * std::cos(t) - output[1] * std::sin(t);
    return projection > 1.0 - gap / 2.0;
}

namespace {

const RegisterConstruction<MatchSolver, MatchShape> match2Trig{
    {"match2_trig",
     "match2",
     "attention",
     "one attention unit, score tau*cos(2pi(x_i + x_j)/M), m = d_v = 2",
     "phi(x) = (cos, sin) of 2pi x/M; Q = (cos, sin), K = (cos, -sin), V = (cos, sin). The "
     "read-out needs x_i: it projects the output on (cos, -sin) of x_i and answers 1 iff that "
     "exceeds 1 - gap/2, gap = 1 - cos(2pi/M). Exact for temperature > ln(4(N-1)/gap)/gap; the "
     "default is twice that. Under distinct=true tokens carry their position and the score "
     "gains -3[i = j] (one-hot positions, m = 2 + N). match2_or runs it inside each party "
     "(via=model); the temperature is the `temperature` parameter of eval. See "
     "docs/theory/match2_or.md.",
     {},
     {"eval match2"}},
    [](const MatchShape& shape, Params& params) {
        const std::size_t m = shape.spec.modulus;
        MatchSolver built;
        built.attention = makeMatch2Trig(m, shape.tokens, params.getReal(shape.temperatureParam),
                                         shape.spec.distinct);
        const std::size_t tokens = shape.spec.distinct ? shape.tokens : 0;
        built.answer = [m, tokens](const Vector& out, std::uint64_t v) {
            return match2FromTrig(out, v, m, tokens);
        };
        if (shape.spec.distinct)
            built.tokens = [m](const std::vector<std::uint64_t>& x) {
                return match2PositionTokens(x, m);
            };
        else
            built.tokens = [m](const std::vector<std::uint64_t>& x) { return matchTokens(x, m); };
        return built;
    }};

}  // namespace

}  // namespace ccsim
