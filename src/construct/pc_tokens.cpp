#include <cmath>

#include <fmt/format.h>

#include <ccsim/construct/pc_tokens.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

Vector pcToken(std::size_t table, std::size_t arg, std::size_t value) {
    Vector x(static_cast<Eigen::Index>(kPcTokenDim));
    x << static_cast<double>(table), static_cast<double>(arg), static_cast<double>(value);
    return x;
}

PcTokenParts pcTokenParts(std::size_t n, const Vector& x) {
    if (static_cast<std::size_t>(x.size()) != kPcTokenDim)
        throw RunError(fmt::format("a pointer-chasing token has {} coordinates, not {}",
                                   kPcTokenDim, x.size()));
    auto whole = [&](Eigen::Index c, std::size_t limit) -> std::size_t {
        const double v = x[c];
        if (!(v >= 0) || v != std::floor(v) || v >= static_cast<double>(limit))
            throw RunError(
                fmt::format("pointer-chasing token coordinate {} = {} is not an "
                            "integer in [0, {})",
                            c, v, limit));
        return static_cast<std::size_t>(v);
    };
    return {whole(0, 2), whole(1, n), whole(2, n)};
}

Matrix pcTokens(const Pc& problem, const Instance& instance) {
    const std::size_t n = problem.n();
    Matrix x(static_cast<Eigen::Index>(2 * n), static_cast<Eigen::Index>(kPcTokenDim));
    for (std::size_t s = 0; s < 2; ++s) {
        const PcFunction& f = instance.at(s).values;
        CCSIM_CHECK_OP(f.size(), ==, n);
        for (std::size_t u = 0; u < n; ++u)
            x.row(static_cast<Eigen::Index>(s * n + u)) = pcToken(s, u, f[u]).transpose();
    }
    return x;
}

}  // namespace ccsim
