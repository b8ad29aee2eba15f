#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include <ccsim/construct/match3_tensor.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

double angleOf(double x, std::size_t modulus) {
    return 2 * std::numbers::pi * x / static_cast<double>(modulus);
}

}  // namespace

Vector AngleFeatures::apply(const Vector& x) const {
    if (x.size() != 1)
        throw RunError(fmt::format("a residue token has 1 coordinate, got {}", x.size()));
    const double theta = angleOf(x[0], modulus_);
    return Vector{{std::cos(theta), std::sin(theta)}};
}

std::string AngleFeatures::describe() const {
    return fmt::format("angles (cos, sin)(2 pi x / {})", modulus_);
}

double match3TensorTemperature(std::size_t tokens, std::size_t modulus) {
    const double gap = 1 - std::cos(angleOf(1, modulus));
    const double n = static_cast<double>(tokens);
    return std::log(16 * n * n / gap) / gap;
}

std::shared_ptr<const ThirdOrderModel> makeMatch3Tensor(std::size_t tokens, std::size_t modulus,
                                                        double temperature) {
    if (modulus < 2) throw UsageError(fmt::format("match3_tensor needs M >= 2, got M={}", modulus));
    if (tokens < 1) throw UsageError("match3_tensor needs at least one token");
    if (temperature == 0) temperature = match3TensorTemperature(tokens, modulus);
    // Rows act on φ(x) = (cos θ, sin θ).
    ThirdOrderWeights w;
    w.wq = Matrix{{1, 0}, {-1, 0}, {0, -1}, {0, -1}};
    w.wk1 = Matrix{{1, 0}, {0, 1}, {1, 0}, {0, 1}};
    w.wk2 = Matrix{{1, 0}, {0, 1}, {0, 1}, {1, 0}};
    w.wv1 = Matrix{{1, 0}, {0, -1}, {0, 1}, {1, 0}};
    w.wv2 = Matrix{{1, 0}, {0, 1}, {1, 0}, {0, 1}};
    w.wo = Matrix{{1, 1, 0, 0}, {0, 0, 1, 1}};
    return std::make_shared<ThirdOrderModel>(
        std::make_shared<AngleFeatures>(modulus), std::move(w), temperature, true,
        fmt::format("match3_tensor (third-order attention, m=4, d_v=4, M={}, tau={:.4g})", modulus,
                    temperature));
}

bool match3FromTensor(const Vector& output, std::size_t modulus) {
    CCSIM_CHECK_OP(output.size(), ==, 3);
    const double a = angleOf(output[2], modulus);
    const double projection = std::cos(a) * output[0] - std::sin(a) * output[1];
    return projection > (1 + std::cos(angleOf(1, modulus))) / 2;
}

}  // namespace ccsim
