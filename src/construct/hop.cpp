#include <bit>
#include <cmath>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/construct/construction.hpp>
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
    return static_cast<std::size_t>(std::bit_width(k)) - 1 + 2;
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
    Block sym, pos, posnum, bos;
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

    // Plan the residual stream: the input blocks, the pointer T_0 = σ, then per doubling layer
    // the pointer it doubles into and the symbol table it advances, where they are written.
    Stream stream;
    Layout in;
    in.sym = stream.add(s);
    in.pos = stream.add(np);
    in.posnum = stream.add(1);
    in.bos = stream.add(1);
    struct Doubling {
        Block readPointer;             // T_{r-1} = σ^{2^(r-1)}
        std::optional<Block> pointer;  // T_r (r <= ⌊log2 k⌋)
        Block readSymbols;             // Z with exponent k mod 2^(r-1)
        std::optional<Block> symbols;  // Z with exponent k mod 2^r (bit r-1 of k set)
    };
    Block pointer = stream.add(np);  // T_0
    const Block sigma = pointer;
    Block symbols = in.sym;  // exponent k mod 1 = 0: the symbol itself
    std::vector<Doubling> plan;
    for (std::size_t r = 1; r <= top + 1; ++r) {
        Doubling step{pointer, std::nullopt, symbols, std::nullopt};
        if (r <= top) pointer = *(step.pointer = stream.add(np));
        if ((shape.k >> (r - 1)) & 1U) symbols = *(step.symbols = stream.add(s));
        plan.push_back(step);
    }
    const std::size_t d = stream.dim;
    requireMemory(
        matrixBytes(4.0 * static_cast<double>(np + s + 2), static_cast<double>(d),
                    static_cast<double>(top + 2)),
        fmt::format("hop_doubling at N={}, alphabet={}, k={}", shape.n, shape.alphabet, shape.k),
        "each layer's Q, K, V and O over the d-dimensional stream, as doubles",
        "choose a smaller N, alphabet or k");
    auto identity = std::make_shared<IdentityFeatures>(d);
    const Vector zeroOut = Vector::Zero(static_cast<Eigen::Index>(d));
    const auto cols = static_cast<Eigen::Index>(d);

    std::vector<TransformerLayer> layers;
    auto addLayer = [&](AttentionHead head, double temperature, std::string name) {
        layers.push_back({std::make_shared<const AttentionModel>(
                              identity, std::vector<AttentionHead>{std::move(head)}, zeroOut,
                              temperature, true, std::move(name)),
                          Mlp{}});
    };

    // 1. σ: position i finds the latest earlier j with x_j = x_i, by score
    //    [SYM(j) = SYM(i)] + POSNUM(j)/4 + BOS(j)/2 − 2·[j = i], and stores POS(j): the
    //    pointer σ(i) = j + 1 held one position early (coordinate 0 = ⊥, which wins with
    //    score 1/2 when there is no match, and is where ⊥ itself points).
    {
        AttentionHead h;
        const auto m = static_cast<Eigen::Index>(s + 2 + np);
        const auto sr = static_cast<Eigen::Index>(s);
        const auto pr = static_cast<Eigen::Index>(np);
        h.wq = Matrix::Zero(m, cols);
        h.wq.topRows(sr) = reader(in.sym, d);
        h.wq.bottomRows(pr) = -2.0 * reader(in.pos, d);
        h.bq = Vector::Zero(m);
        h.bq[sr] = 0.25;
        h.bq[sr + 1] = 0.5;
        h.wk = Matrix::Zero(m, cols);
        h.wk.topRows(sr) = reader(in.sym, d);
        h.wk(sr, static_cast<Eigen::Index>(in.posnum.offset)) = 1;
        h.wk(sr + 1, static_cast<Eigen::Index>(in.bos.offset)) = 1;
        h.wk.bottomRows(pr) = reader(in.pos, d);
        h.wv = reader(in.pos, d);
        h.wo = writer(sigma, d);
        // Consecutive matches differ by 1/(4·2^⌈log2 N'⌉) in score; the temperature makes that
        // a factor e^{-(25 + ln N')} against every earlier one.
        const double temperature =
            4.0 * static_cast<double>(ceilPow2(np)) * (25.0 + std::log(static_cast<double>(np)));
        addLayer(std::move(h), temperature, "sigma");
    }
    // 2. Doubling r = 1..⌊log2 k⌋+1: one head looks up the position T_{r-1}(i) (the query moves
    //    the early-held pointer one place right; ⊥ stays ⊥) and reads T_{r-1} there, giving
    //    T_r = σ^{2^r}, and, when bit r−1 of k is set, the symbol table Z there, advancing its
    //    exponent by 2^{r-1}.
    for (std::size_t r = 1; r <= plan.size(); ++r) {
        const Doubling& step = plan[r - 1];
        AttentionHead h;
        h.wq = Matrix::Zero(static_cast<Eigen::Index>(np), cols);
        const auto at = [](const Block& b, std::size_t i) {
            return static_cast<Eigen::Index>(b.offset + i);
        };
        h.wq(0, at(step.readPointer, 0)) = 1;
        for (std::size_t c = 1; c + 1 < np; ++c)
            h.wq(static_cast<Eigen::Index>(c + 1), at(step.readPointer, c)) = 1;
        h.wk = reader(in.pos, d);
        std::vector<std::pair<Block, Block>> copies;  // (read at the target, write here)
        if (step.pointer) copies.emplace_back(step.readPointer, *step.pointer);
        if (step.symbols) copies.emplace_back(step.readSymbols, *step.symbols);
        Eigen::Index rows = 0;
        for (const auto& c : copies) rows += static_cast<Eigen::Index>(c.first.size);
        h.wv = Matrix::Zero(rows, cols);
        h.wo = Matrix::Zero(cols, rows);
        Eigen::Index row = 0;
        for (const auto& [from, to] : copies) {
            const auto size = static_cast<Eigen::Index>(from.size);
            h.wv.middleRows(row, size) = reader(from, d);
            h.wo.middleCols(row, size) = writer(to, d);
            row += size;
        }
        addLayer(std::move(h), 40.0, fmt::format("doubling {}", r));
    }

    auto model = std::make_shared<const TransformerModel>(
        std::move(layers), true,
        fmt::format("hop_doubling (N={}, alphabet={}, k={}: {} causal layers, d={})", shape.n,
                    shape.alphabet, shape.k, hopDoublingLayers(shape.k), d));
    return std::make_shared<const HopTransformer>(shape, std::move(model), symbols.offset);
}

namespace {

const RegisterConstruction<std::shared_ptr<const HopTransformer>, HopShape> hopDoubling{
    {"hop_doubling",
     "hop",
     "transformer",
     "causal transformer computing hop_k by pointer doubling, floor(log2 k) + 2 layers",
     "A sigma layer (the latest earlier occurrence of x_i, or the start token; the step right "
     "is folded into the next query), then one-head doubling layers that square the pointer "
     "and advance a symbol table by the bits of k. One-hot blocks, hard attention by "
     "temperature, no MLP. See docs/theory/hop_transformer.md.",
     {},
     {"hop_transformer", "eval hop"}},
    [](const HopShape& shape, Params&) { return makeHopDoubling(shape); }};

}  // namespace

}  // namespace ccsim
