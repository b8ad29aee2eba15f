#include <cmath>
#include <cstdint>
#include <numbers>

#include <ccsim/numeric/random.hpp>

namespace ccsim {

std::uint64_t SplitMix64::below(std::uint64_t bound) {
    const std::uint64_t limit = bound * (UINT64_MAX / bound);
    for (;;) {
        const std::uint64_t x = next();
        if (x < limit) return x % bound;
    }
}

std::uint64_t instanceSeed(std::uint64_t seed, std::uint64_t index) {
    SplitMix64 a(seed);
    SplitMix64 b(a.next() ^ index);
    return b.next();
}

double uniform01(SplitMix64& rng) { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; }

Matrix gaussianMatrix(SplitMix64& rng, Eigen::Index rows, Eigen::Index cols, double scale) {
    Matrix w(rows, cols);
    for (Eigen::Index c = 0; c < cols; ++c)
        for (Eigen::Index r = 0; r < rows; ++r) w(r, c) = scale * gaussian(rng);
    return w;
}

double gaussian(SplitMix64& rng) {
    const double u1 = 1.0 - uniform01(rng);  // in (0, 1]
    const double u2 = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace ccsim
