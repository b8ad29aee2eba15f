#pragma once
/// \file
/// The interface every model family implements (docs/architecture.md, "model"): a reference
/// pass in double, a quantized pass under a format, a precision model and a partition of the
/// tokens, and a batch entry for every position at once. Attention (one head or several),
/// transformers, RNNs, FNNs and third-order attention derive from Model; their own headers
/// keep the family-specific entry points that the compilers call step by step.
///
/// The quantized pass is the faithfulness reference: a protocol compiled from a model under
/// a partition outputs, at its read-out position, exactly quantizedAt() of the same
/// partition, bit for bit. The conformance suite checks that for every registered reduction
/// into a model (Reduction::modelPass), and tests/compile/faithfulness_test.cpp for every
/// registered compile strategy over random weights, partitions and formats.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/numeric/format.hpp>
#include <ccsim/numeric/linalg.hpp>

namespace ccsim {

/// What of an attention computation is quantized, besides the embeddings.
enum class PrecisionModel { Embeddings, PartialSums };

std::string_view nameOf(PrecisionModel model);
/// embeddings | partial-sums; UsageError otherwise.
PrecisionModel parsePrecisionModel(std::string_view name);

/// How the N² pairs of third-order attention are cut into blocks under partial-sums: token j
/// lies in block tokenBlock[j], and the pair (j, k) in pair block
/// pairBlock[tokenBlock[j]][tokenBlock[k]].
struct PairBlocks {
    std::vector<int> tokenBlock;
    std::vector<std::vector<int>> pairBlock;

    int of(std::size_t j, std::size_t k) const;
};

/// How the tokens are split, as far as a quantized pass needs to know: the sums a protocol
/// forms on each side of a party boundary are the blocks of the pass.
struct Partition {
    /// The block of each token (empty: one block of every token).
    ///  - attention, transformers: under partial-sums each block's softmax sums are
    ///    quantized, and blocks combine in increasing id; under embeddings it is unused;
    ///  - FNNs: the tokens of block 0 are the sender's, whose share of the first layer is
    ///    quantized;
    ///  - RNNs: unused (the state is quantized after every step, wherever a block ends).
    std::vector<int> blockOf;
    /// Third-order attention under partial-sums: the blocks of token pairs.
    PairBlocks pairs;
};

/// Everything a quantized pass depends on besides the weights and the tokens.
struct Quantization {
    Format format = Format::parse("fp64");
    PrecisionModel precision = PrecisionModel::Embeddings;
    Partition partition;
};

class Model {
public:
    virtual ~Model() = default;

    /// The family's name as the model family registry spells it (attention, transformer,
    /// rnn, fnn, third_order).
    virtual std::string_view family() const = 0;
    /// One line naming the weights (construction, seeded draw or file), as reports print it.
    virtual const std::string& description() const = 0;
    virtual std::size_t tokenDim() const = 0;
    /// Entries of the output at a position.
    virtual std::size_t outputDim() const = 0;
    /// True if the model has an output at every position (attention, transformers, RNNs,
    /// third-order attention), false if only at the last (an FNN reads the whole sequence).
    virtual bool outputsEveryPosition() const { return true; }

    /// Reference pass in double, nothing quantized: the output at position t of the rows of x.
    virtual Vector referenceAt(const Matrix& x, std::size_t t) const = 0;
    /// Quantized pass: the output at position t under q.
    virtual Vector quantizedAt(const Matrix& x, std::size_t t, const Quantization& q) const = 0;
    /// The batch entries: the outputs at every position that has one (rows, position order;
    /// one row when outputsEveryPosition() is false), whatever `threads` is. quantizedAll's
    /// rows are quantizedAt() bit for bit; referenceAll's agree with referenceAt() up to
    /// rounding (attention's all-position reference sums through matrix products). The
    /// defaults call the per-position pass over `threads` threads; families with a faster
    /// all-position pass override them.
    virtual Matrix referenceAll(const Matrix& x, unsigned threads = 1) const;
    virtual Matrix quantizedAll(const Matrix& x, const Quantization& q, unsigned threads = 1) const;

protected:
    /// The rows at(x, i) for every position i that has an output, over `threads` threads.
    template <class At>
    Matrix everyPosition(const Matrix& x, unsigned threads, At at) const;

    /// InternalError unless x has tokenDim() columns, at least one row, and t names a row at
    /// which the model has an output.
    void checkPosition(const Matrix& x, std::size_t t) const;
};

}  // namespace ccsim
