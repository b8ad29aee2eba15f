#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match3_tensor.hpp>
#include <ccsim/construct/match_solver.hpp>
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

namespace {

const RegisterConstruction<MatchSolver, MatchShape> match3TensorConstruction{
    {"match3_tensor",
     "match3",
     "third_order",
     "third-order attention, score tau*cos(2pi(x_i + x_j + x_k)/M), m = d_v = 4",
     "phi(x) = (cos, sin) of 2pi x/M; Q, K1, K2 expand cos(a + b + g) into four products, V1 * "
     "V2 averages (cos, sin)(b + g); the read-out projects it on angle -a and answers 1 iff it "
     "exceeds (1 + cos(2pi/M))/2. Exact with repeats allowed (distinct=false) for tau = "
     "ln(16N^2/g)/g, g = 1 - cos(2pi/M); the temperature is the user's `temperature` (eval) or "
     "`tau` (match3_nof) parameter. See docs/theory/match3_nof.md.",
     {},
     {"match3_nof", "eval match3"}},
    [](const MatchShape& shape, Params& params) {
        const double tau = params.getReal(shape.temperatureParam);
        if (!(tau >= 0))
            throw UsageError(fmt::format("temperature {}={} must be >= 0 (0: the rule)",
                                         shape.temperatureParam, tau));
        const std::size_t m = shape.spec.modulus;
        MatchSolver built;
        built.thirdOrder = makeMatch3Tensor(shape.tokens, m, tau);
        // The model appends x_i to its output; ψ reads it from there.
        built.answer = [m](const Vector& out, std::uint64_t) { return match3FromTensor(out, m); };
        built.tokens = [m](const std::vector<std::uint64_t>& x) { return matchTokens(x, m); };
        return built;
    }};

}  // namespace

}  // namespace ccsim
