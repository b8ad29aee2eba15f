#include <fmt/format.h>

#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/pc_chase.hpp>
#include <ccsim/construct/pc_tokens.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

PcChaseDecoder::PcChaseDecoder(std::size_t n, std::shared_ptr<const TransformerModel> model,
                               std::size_t answerOffset)
    : n_(n), model_(std::move(model)), answerOffset_(answerOffset) {}

namespace {

// Block offsets of the residual stream (see the header).
struct Offsets {
    std::size_t n;
    std::size_t arg() const { return 0; }
    std::size_t val() const { return n; }
    std::size_t fb() const { return 2 * n; }
    std::size_t ptr0() const { return 2 * n + n * n; }
    /// PTR_A_l and PTR_B_l for layer l = 1..L.
    std::size_t ptrA(std::size_t l) const { return ptr0() + n * (2 * l - 1); }
    std::size_t ptrB(std::size_t l) const { return ptr0() + n * (2 * l); }
    std::size_t dim(std::size_t layers) const { return ptr0() + n * (2 * layers + 1); }
};

Eigen::Index ix(std::size_t i) { return static_cast<Eigen::Index>(i); }

}  // namespace

Matrix PcChaseDecoder::tokens(const PcFunction& fa, const PcFunction& fb) const {
    CCSIM_CHECK_OP(fa.size(), ==, n_);
    CCSIM_CHECK_OP(fb.size(), ==, n_);
    const Offsets at{n_};
    Matrix x = Matrix::Zero(ix(n_ + 1), ix(model_->tokenDim()));
    for (std::size_t u = 0; u < n_; ++u) {
        CCSIM_CHECK_OP(fa[u], <, n_);
        CCSIM_CHECK_OP(fb[u], <, n_);
        x(ix(u), ix(at.arg() + u)) = 1;
        x(ix(u), ix(at.val() + fa[u])) = 1;
        x(ix(n_), ix(at.fb() + u * n_ + fb[u])) = 1;
    }
    x(ix(n_), ix(at.ptr0())) = 1;  // v_0 = 0
    return x;
}

std::uint64_t PcChaseDecoder::decode(const Vector& out) const {
    Eigen::Index best = 0;
    out.segment(ix(answerOffset_), ix(n_)).maxCoeff(&best);
    return static_cast<std::uint64_t>(best);
}

std::shared_ptr<const PcChaseDecoder> makePcChase(std::size_t n, std::size_t k,
                                                  std::size_t layers) {
    if (n < 1 || n > 64) throw UsageError(fmt::format("pc_chase: n={} must be in [1, 64]", n));
    if (k < 1) throw UsageError("pc_chase: k must be at least 1");
    const std::size_t needed = (k + 1) / 2;
    if (layers == 0) layers = needed;
    if (layers > needed)
        throw UsageError(fmt::format(
            "pc_chase: L={} layers exceed the ceil(k/2) = {} that PC_{} needs", layers, needed, k));
    const Offsets at{n};
    const std::size_t d = at.dim(layers);
    const std::size_t steps = std::min(k, 2 * layers);
    auto identity = std::make_shared<IdentityFeatures>(d);

    std::vector<TransformerLayer> ls;
    for (std::size_t l = 1; l <= layers; ++l) {
        const std::size_t pointer = l == 1 ? at.ptr0() : at.ptrB(l - 1);
        AttentionHead h;
        h.wq = Matrix::Zero(ix(n), ix(d));
        h.wk = Matrix::Zero(ix(n), ix(d));
        h.wv = Matrix::Zero(ix(n), ix(d));
        h.wo = Matrix::Zero(ix(d), ix(n));
        for (std::size_t u = 0; u < n; ++u) {
            h.wq(ix(u), ix(pointer + u)) = 1;
            h.wk(ix(u), ix(at.arg() + u)) = 1;
            h.wv(ix(u), ix(at.val() + u)) = 1;
            h.wo(ix(at.ptrA(l) + u), ix(u)) = 1;
        }
        auto attention = std::make_shared<const AttentionModel>(
            identity, std::vector<AttentionHead>{h}, Vector::Zero(ix(d)), 40.0, true,
            fmt::format("f_A lookup {}", l));
        Mlp mlp;
        // The last layer of an odd chase stops after f_A: no MLP.
        if (2 * l <= steps) {
            mlp.w1 = Matrix::Zero(ix(n * n), ix(d));
            mlp.b1 = Vector::Constant(ix(n * n), -1.0);
            mlp.w2 = Matrix::Zero(ix(d), ix(n * n));
            mlp.b2 = Vector::Zero(ix(d));
            for (std::size_t u = 0; u < n; ++u)
                for (std::size_t w = 0; w < n; ++w) {
                    const std::size_t unit = u * n + w;
                    mlp.w1(ix(unit), ix(at.ptrA(l) + u)) = 1;
                    mlp.w1(ix(unit), ix(at.fb() + unit)) = 1;
                    mlp.w2(ix(at.ptrB(l) + w), ix(unit)) = 1;
                }
        }
        ls.push_back({std::move(attention), std::move(mlp)});
    }
    const std::size_t answer = steps % 2 == 0 ? at.ptrB(steps / 2) : at.ptrA((steps + 1) / 2);
    auto model = std::make_shared<const TransformerModel>(
        std::move(ls), true,
        fmt::format("pc_chase (n={}, {} layers: v_{} {}, d={})", n, layers, steps,
                    steps == k ? "= the answer" : "only, short of v_k", d));
    return std::make_shared<const PcChaseDecoder>(n, std::move(model), answer);
}

namespace {

const RegisterConstruction<std::shared_ptr<const PcChaseDecoder>, PcShape> pcChase{
    {"pc_chase",
     "pc",
     "transformer",
     "causal decoder chasing PC_k pointers, two steps per layer",
     "Alice's tokens carry f_A one-hot, Bob's last token all of f_B; each layer looks up f_A by "
     "attention and f_B by an n^2-unit ReLU MLP, so ceil(k/2) layers reach v_k (L = 0 means "
     "that many). See docs/theory/pc_decoder.md.",
     {"L"},
     {"pc_decoder"}},
    [](const PcShape& shape, Params& params) {
        return makePcChase(shape.n, shape.k, static_cast<std::size_t>(params.getInt("L")));
    }};

}  // namespace

}  // namespace ccsim
