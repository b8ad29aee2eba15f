#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/pc_tokens.hpp>
#include <ccsim/construct/rnn.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

namespace {

/// φ(x) = z_0 · e_position (zero beyond the first m positions).
class PositionSlot final : public FeatureMap {
public:
    PositionSlot(QsaShape shape, std::size_t m) : shape_(shape), m_(m) {}
    std::size_t inputDim() const override { return shape_.tokenDim(); }
    std::size_t outputDim() const override { return m_; }
    Vector apply(const Vector& x) const override {
        const QsaTokenParts parts = qsaParts(shape_, x);
        Vector f = Vector::Zero(static_cast<Eigen::Index>(m_));
        if (parts.position < m_) f[static_cast<Eigen::Index>(parts.position)] = parts.z[0];
        return f;
    }
    std::string describe() const override { return fmt::format("z at its position (m={})", m_); }

private:
    QsaShape shape_;
    std::size_t m_;
};

/// ψ(h, x_N) = h[y_0 of x_N] (0 if that coordinate does not exist).
class SlotReadout final : public RnnReadout {
public:
    explicit SlotReadout(QsaShape shape) : shape_(shape) {}
    std::size_t outputDim() const override { return 1; }
    Vector apply(const std::vector<Vector>& states, const Vector& lastToken) const override {
        const std::size_t slot = qsaParts(shape_, lastToken).y.front();
        const Vector& h = states.back();
        return Vector::Constant(1, slot < static_cast<std::size_t>(h.size())
                                       ? h[static_cast<Eigen::Index>(slot)]
                                       : 0.0);
    }
    std::string describe() const override { return "the state coordinate y_N"; }

private:
    QsaShape shape_;
};

/// φ(s, u, w) = w · e_{s·n + u}, dropped beyond the first m coordinates.
class PcSlot final : public FeatureMap {
public:
    PcSlot(std::size_t n, std::size_t m) : n_(n), m_(m) {}
    std::size_t inputDim() const override { return kPcTokenDim; }
    std::size_t outputDim() const override { return m_; }
    Vector apply(const Vector& x) const override {
        const PcTokenParts t = pcTokenParts(n_, x);
        Vector f = Vector::Zero(static_cast<Eigen::Index>(m_));
        const std::size_t slot = t.table * n_ + t.arg;
        if (slot < m_) f[static_cast<Eigen::Index>(slot)] = static_cast<double>(t.value);
        return f;
    }
    std::string describe() const override {
        return fmt::format("f_s(u) at coordinate s·n + u (n={}, m={})", n_, m_);
    }

private:
    std::size_t n_;
    std::size_t m_;
};

/// Chases k pointers through the stored tables.
class PcChaseReadout final : public RnnReadout {
public:
    PcChaseReadout(std::size_t n, std::size_t k) : n_(n), k_(k) {}
    std::size_t outputDim() const override { return 1; }
    Vector apply(const std::vector<Vector>& states, const Vector&) const override {
        const Vector& h = states.back();
        std::size_t v = 0;
        for (std::size_t t = 0; t < k_; ++t) {
            const std::size_t slot = (t % 2) * n_ + v;
            const double stored = slot < static_cast<std::size_t>(h.size())
                                      ? h[static_cast<Eigen::Index>(slot)]
                                      : 0.0;
            const double r = std::round(stored);
            v = !(r > 0)                           ? 0
                : r >= static_cast<double>(n_ - 1) ? n_ - 1
                                                   : static_cast<std::size_t>(r);
        }
        return Vector::Constant(1, static_cast<double>(v));
    }
    std::string describe() const override {
        return fmt::format("chase {} pointers through the stored tables", k_);
    }

private:
    std::size_t n_;
    std::size_t k_;
};

}  // namespace

std::shared_ptr<const RnnModel> makePcMemoryRnn(std::size_t n, std::size_t k, std::size_t m) {
    if (n < 1 || k < 1) throw UsageError("pc_memory needs n >= 1 and k >= 1");
    if (m < 1) throw UsageError("pc_memory needs m >= 1");
    requireMemory(matrixBytes(static_cast<double>(m), static_cast<double>(m), 2),
                  fmt::format("pc_memory at m={}", m), "W and U are m×m matrices of doubles",
                  "choose a smaller m");
    const auto mm = static_cast<Eigen::Index>(m);
    std::vector<RnnLayer> layers;  // moved, not copied: W and U are m × m
    layers.push_back({Matrix::Identity(mm, mm), Matrix::Identity(mm, mm), Vector::Zero(mm)});
    return std::make_shared<const RnnModel>(
        std::make_shared<PcSlot>(n, m), std::move(layers), Activation::Identity,
        std::make_shared<PcChaseReadout>(n, k),
        fmt::format("pc_memory RNN (n={}, k={}, m={}: stores {} of the 2n table entries)", n, k, m,
                    std::min(m, 2 * n)));
}

std::shared_ptr<const RnnModel> makeIndexMemoryRnn(const QsaShape& shape, std::size_t m) {
    shape.validate();
    if (shape.q != 1 || shape.dprime != 1) throw UsageError("index_memory needs q = 1 and d' = 1");
    if (m < 1) throw UsageError("index_memory needs m >= 1");
    requireMemory(matrixBytes(static_cast<double>(m), static_cast<double>(m), 2),
                  fmt::format("index_memory at m={}", m), "W and U are m×m matrices of doubles",
                  "choose a smaller m");
    const auto mm = static_cast<Eigen::Index>(m);
    std::vector<RnnLayer> layers;  // moved, not copied: W and U are m × m
    layers.push_back({Matrix::Identity(mm, mm), Matrix::Identity(mm, mm), Vector::Zero(mm)});
    return std::make_shared<const RnnModel>(
        std::make_shared<PositionSlot>(shape, m), std::move(layers), Activation::Identity,
        std::make_shared<SlotReadout>(shape),
        fmt::format("index_memory RNN (N={}, m={}: remembers the first {} tokens)", shape.n, m, m));
}

namespace {

const RegisterConstruction<std::shared_ptr<const RnnModel>, QsaShape> indexMemory{
    {"index_memory",
     "qsa",
     "rnn",
     "RNN storing token j's z in state coordinate j (qSA with q = 1)",
     "One linear layer writing z of token j into state coordinate j (j < m); the read-out "
     "returns coordinate y_N. m = 0 means n, the number of stored tokens; exact for m >= n. "
     "See docs/theory/index_qsa_rnn.md.",
     {"m"},
     {"index_qsa_rnn"}},
    [](const QsaShape& shape, Params& params) {
        const std::int64_t m = params.getInt("m");
        const std::size_t stored = (shape.n - 1) / 2;
        return makeIndexMemoryRnn(shape, m == 0 ? stored : static_cast<std::size_t>(m));
    }};

const RegisterConstruction<std::shared_ptr<const RnnModel>, PcShape> pcMemory{
    {"pc_memory",
     "pc",
     "rnn",
     "RNN storing f_A(u), f_B(u) in state coordinates u, n + u; read-out chases k pointers",
     "One identity layer over the pointer-chasing tokens (s, u, f_s(u)): coordinate s*n + u "
     "holds f_s(u) (dropped beyond m); the read-out walks v_0 = 0, v_{t+1} = round(h[(t mod 2) n "
     "+ v_t]) for k steps. m = 0 means 2n; exact for m = 2n and a format holding 0..n-1. See "
     "docs/theory/pc_rnn.md.",
     {"m"},
     {"pc_rnn"}},
    [](const PcShape& shape, Params& params) {
        const std::int64_t m = params.getInt("m");
        return makePcMemoryRnn(shape.n, shape.k,
                               m == 0 ? 2 * shape.n : static_cast<std::size_t>(m));
    }};

}  // namespace

}  // namespace ccsim
