#include <bit>
#include <cmath>

#include <fmt/format.h>

#include <ccsim/construct/hop.hpp>
#include <ccsim/error.hpp>

namespace ccsim {

void HopShape::validate() const {
    if (n < 1 || n > 512)
        throw UsageError(fmt::format("hop: sequence length N={} must be in [1, 512]", n));
    if (alphabet < 1 || alphabet > 512)
        throw UsageError(fmt::format("hop: alphabet={} must be in [1, 512]", alphabet));
    if (k < 1 || k > 64) throw UsageError(fmt::format("hop: k={} must be in [1, 64]", k));
}

std::size_t hopDoublingLayers(std::size_t k) {
    CCSIM_CHECK_OP(k, >=, 1U);
    return static_cast<std::size_t>(std::bit_width(k)) - 1 + 3;
}

HopTransformer::HopTransformer(HopShape shape, std::shared_ptr<const TransformerModel> model,
                               std::size_t answerOffset)
    : shape_(shape), model_(std::move(model)), answerOffset_(answerOffset) {}

namespace {

/// Where a block of the residual stream sits.
struct Block {
    std::size_t offset = 0;
    std::size_t size = 0;
};

struct Stream {
    std::size_t dim = 0;
    Block add(std::size_t size) {
        const Block b{dim, size};
        dim += size;
        return b;
    }
};

/// rows(b) × d: reads block b.
Matrix reader(const Block& b, std::size_t d) {
    Matrix m = Matrix::Zero(static_cast<Eigen::Index>(b.size), static_cast<Eigen::Index>(d));
    for (std::size_t r = 0; r < b.size; ++r)
        m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(b.offset + r)) = 1;
    return m;
}

/// d × size(b): writes into block b.
Matrix writer(const Block& b, std::size_t d) { return reader(b, d).transpose(); }

/// The power of two at or above n (POSNUM's denominator: dyadic, so exact in every format
/// with enough fractional bits).
std::size_t ceilPow2(std::size_t n) { return std::bit_ceil(n); }

struct Layout {
    Block sym, pos, posnum, bos, prev;
};

}  // namespace

Matrix HopTransformer::tokens(const Sequence& x) const {
    if (x.size() != shape_.n)
        throw RunError(
            fmt::format("hop: sequence has {} symbols, the model expects {}", x.size(), shape_.n));
    const std::size_t s = shape_.alphabet + 1;  // symbols and ⊥
    const std::size_t np = positions();
    const double denominator = static_cast<double>(ceilPow2(np));
    Matrix rows =
        Matrix::Zero(static_cast<Eigen::Index>(np), static_cast<Eigen::Index>(model_->tokenDim()));
    for (std::size_t j = 0; j < np; ++j) {
        const auto r = static_cast<Eigen::Index>(j);
        const std::size_t symbol = j == 0 ? shape_.alphabet : x[j - 1];
        if (symbol >= shape_.alphabet && j > 0)
            throw RunError(
                fmt::format("hop: symbol {} at position {} is outside the alphabet [0, {})", symbol,
                            j - 1, shape_.alphabet));
        rows(r, static_cast<Eigen::Index>(symbol)) = 1;
        rows(r, static_cast<Eigen::Index>(s + j)) = 1;
        rows(r, static_cast<Eigen::Index>(s + np)) = static_cast<double>(j) / denominator;
        rows(r, static_cast<Eigen::Index>(s + np + 1)) = j == 0 ? 1 : 0;
    }
    return rows;
}

std::optional<std::size_t> HopTransformer::decode(const Vector& out) const {
    const auto size = static_cast<Eigen::Index>(shape_.alphabet + 1);
    Eigen::Index best = 0;
    out.segment(static_cast<Eigen::Index>(answerOffset_), size).maxCoeff(&best);
    if (static_cast<std::size_t>(best) == shape_.alphabet) return std::nullopt;
    return static_cast<std::size_t>(best);
}

std::shared_ptr<const HopTransformer> makeHopDoubling(const HopShape& shape) {
    shape.validate();
    const std::size_t s = shape.alphabet + 1;
    const std::size_t np = shape.n + 1;
    const std::size_t top = static_cast<std::size_t>(std::bit_width(shape.k)) - 1;  // ⌊log2 k⌋

    // Plan the residual stream: the input blocks, PREV, the σ tables, then per doubling layer
    // the new tables and the new accumulator where they are written.
    Stream stream;
    Layout in;
    in.sym = stream.add(s);
    in.pos = stream.add(np);
    in.posnum = stream.add(1);
    in.bos = stream.add(1);
    in.prev = stream.add(s);
    struct Tables {
        Block t, x;  // adjacent: (pointer, symbol there) is one value block
        Block both() const { return {t.offset, t.size + x.size}; }
    };
    auto addTables = [&stream, s, np] {
        Tables tb;
        tb.t = stream.add(np);
        tb.x = stream.add(s);
        return tb;
    };
    std::vector<Tables> table = {addTables()};  // T_0, X_0
    Tables acc{in.pos, in.sym};                 // σ^0: the position itself and its symbol
    struct Doubling {
        std::optional<Tables> newTable;  // T_r, X_r (head T)
        std::optional<Tables> newAcc;    // A, XA after bit r-1 (head A)
        Tables readTable;                // T_{r-1}, X_{r-1}
        Tables readAcc;
    };
    std::vector<Doubling> plan;
    for (std::size_t r = 1; r <= top + 1; ++r) {
        Doubling step;
        step.readTable = table.back();
        step.readAcc = acc;
        if (r <= top) step.newTable = addTables();
        if ((shape.k >> (r - 1)) & 1U) step.newAcc = addTables();
        if (step.newTable) table.push_back(*step.newTable);
        if (step.newAcc) acc = *step.newAcc;
        plan.push_back(step);
    }
    const std::size_t d = stream.dim;
    auto identity = std::make_shared<IdentityFeatures>(d);
    const Vector zeroOut = Vector::Zero(static_cast<Eigen::Index>(d));

    std::vector<TransformerLayer> layers;
    auto addLayer = [&](std::vector<AttentionHead> heads, double temperature, std::string name) {
        layers.push_back(
            {std::make_shared<const AttentionModel>(identity, std::move(heads), zeroOut,
                                                    temperature, true, std::move(name)),
             Mlp{}});
    };

    // 1. Previous token: the query is POS shifted down by one.
    {
        AttentionHead h;
        h.wq = Matrix::Zero(static_cast<Eigen::Index>(np), static_cast<Eigen::Index>(d));
        for (std::size_t j = 1; j < np; ++j)
            h.wq(static_cast<Eigen::Index>(j - 1), static_cast<Eigen::Index>(in.pos.offset + j)) =
                1;
        h.wk = reader(in.pos, d);
        h.wv = reader(in.sym, d);
        h.wo = writer(in.prev, d);
        addLayer({h}, 40.0, "previous token");
    }
    // 2. σ: the latest j ≤ i whose predecessor is x_i, else ⊥.
    {
        AttentionHead h;
        const auto m = static_cast<Eigen::Index>(s + 2);
        h.wq = Matrix::Zero(m, static_cast<Eigen::Index>(d));
        h.wq.topRows(static_cast<Eigen::Index>(s)) = reader(in.sym, d);
        h.bq = Vector::Zero(m);
        h.bq[m - 2] = 0.25;
        h.bq[m - 1] = 0.5;
        h.wk = Matrix::Zero(m, static_cast<Eigen::Index>(d));
        h.wk.topRows(static_cast<Eigen::Index>(s)) = reader(in.prev, d);
        h.wk(m - 2, static_cast<Eigen::Index>(in.posnum.offset)) = 1;
        h.wk(m - 1, static_cast<Eigen::Index>(in.bos.offset)) = 1;
        h.wv = Matrix::Zero(static_cast<Eigen::Index>(np + s), static_cast<Eigen::Index>(d));
        h.wv.topRows(static_cast<Eigen::Index>(np)) = reader(in.pos, d);
        h.wv.bottomRows(static_cast<Eigen::Index>(s)) = reader(in.sym, d);
        h.wo = writer(table.front().both(), d);
        // Consecutive matches differ by 1/(4·2^⌈log2 N'⌉) in score; the temperature makes that
        // a factor e^{-(25 + ln N')} against every earlier one.
        const double temperature =
            4.0 * static_cast<double>(ceilPow2(np)) * (25.0 + std::log(static_cast<double>(np)));
        addLayer({h}, temperature, "sigma");
    }
    // 3. Doubling and accumulation.
    for (std::size_t r = 1; r <= plan.size(); ++r) {
        const Doubling& step = plan[r - 1];
        std::vector<AttentionHead> heads;
        auto lookup = [&](const Block& pointer, const Tables& into) {
            AttentionHead h;
            h.wq = reader(pointer, d);
            h.wk = reader(in.pos, d);
            h.wv = reader(step.readTable.both(), d);
            h.wo = writer(into.both(), d);
            heads.push_back(std::move(h));
        };
        if (step.newTable) lookup(step.readTable.t, *step.newTable);
        if (step.newAcc) lookup(step.readAcc.t, *step.newAcc);
        addLayer(std::move(heads), 40.0, fmt::format("doubling {}", r));
    }

    auto model = std::make_shared<const TransformerModel>(
        std::move(layers), true,
        fmt::format("hop_doubling (N={}, alphabet={}, k={}: {} causal layers, d={})", shape.n,
                    shape.alphabet, shape.k, hopDoublingLayers(shape.k), d));
    return std::make_shared<const HopTransformer>(shape, std::move(model), acc.x.offset);
}

}  // namespace ccsim
