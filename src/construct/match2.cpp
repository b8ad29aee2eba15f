#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include <ccsim/construct/match2.hpp>
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

private:
    std::size_t modulus_;
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
                                                     double temperature) {
    const double gap = match2TrigGap(modulus);
    if (tokens < 1) throw UsageError("match2_trig needs at least one token");
    if (temperature < 0 || !std::isfinite(temperature))
        throw UsageError(
            fmt::format("temperature={} must be positive (0 = automatic)", temperature));
    if (temperature == 0) temperature = match2TrigTemperature(modulus, tokens);
    AttentionHead head;
    head.wq = Matrix::Identity(2, 2);
    head.wk = Matrix::Identity(2, 2);
    head.wk(1, 1) = -1.0;
    head.wv = Matrix::Identity(2, 2);
    head.wo = Matrix::Identity(2, 2);
    return std::make_shared<const AttentionModel>(
        std::make_shared<TrigResidue>(modulus), std::vector<AttentionHead>{head}, Vector::Zero(2),
        temperature, false,
        fmt::format("match2_trig (M={}: score tau*cos(theta_i + theta_j), tau={:.4g}, gap {:.4g})",
                    modulus, temperature, gap));
}

bool match2FromTrig(const Vector& output, std::uint64_t value, std::size_t modulus) {
    CCSIM_CHECK_OP(output.size(), ==, Eigen::Index{2});
    const double gap = match2TrigGap(modulus);
    const double t = angle(value, modulus);
    const double projection = output[0] * std::cos(t) - output[1] * std::sin(t);
    return projection > 1.0 - gap / 2.0;
}

}  // namespace ccsim
