#pragma once
/// \file
/// Seeded randomness, the same on every platform: the SplitMix64 stream, per-instance seeds,
/// and the uniform and Gaussian draws every seeded model and sampler uses. A seed means the
/// same numbers everywhere, so the order of draws documented here is part of the format.

#include <cstddef>
#include <cstdint>

#include <ccsim/numeric/linalg.hpp>

namespace ccsim {

/// Deterministic pseudo-random stream (SplitMix64) for sampling: cheap to seed per instance,
/// so a sample does not depend on how instances are spread over threads.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, bound) (bound > 0), by rejection.
    std::uint64_t below(std::uint64_t bound);

private:
    std::uint64_t state_;
};

/// The seed of instance `index` of a sampled run with run seed `seed`.
std::uint64_t instanceSeed(std::uint64_t seed, std::uint64_t index);

/// Uniform in [0, 1).
double uniform01(SplitMix64& rng);
/// A standard normal deviate (Box-Muller on SplitMix64; the same on every platform).
double gaussian(SplitMix64& rng);
/// A rows × cols matrix of independent N(0, scale²) entries, drawn column by column (the
/// order is part of what a seed means: every seeded random model draws its weights this way).
Matrix gaussianMatrix(SplitMix64& rng, Eigen::Index rows, Eigen::Index cols, double scale = 1.0);

}  // namespace ccsim
