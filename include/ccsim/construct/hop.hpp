#pragma once
/// \file
/// `hop_doubling`: a causal transformer that computes hop_k at every position by pointer
/// doubling (docs/theory/hop_transformer.md; the idea of Sanford, Hsu, Telgarsky 2024) [ours: the
/// weights].
///
/// The model reads the sequence with a beginning-of-sequence token ⊥ at position 0, so
/// sequence position i is model position i + 1. Token rows are one-hot blocks of a residual
/// stream of dimension d (later blocks start at zero and are written by the layers):
///
///     SYM (alphabet + 1, the last is ⊥) | POS (N' = N + 1) | POSNUM = j / 2^⌈log2 N'⌉ | BOS
///
/// Layers (all attention, one head each, no MLP; every lookup is a hard attention by a large
/// temperature):
///  1. σ: position i finds the latest j < i with SYM(j) = SYM(i), by score
///     [SYM(j) = SYM(i)] + POSNUM(j)/4 + BOS(j)/2 − 2·[j = i], and stores POS(j) as the
///     pointer T_0. It is held one position early: σ(i) = j + 1, and the next layer's query
///     moves it right. With no match the ⊥ token wins (score 1/2): coordinate 0 means ⊥,
///     which points to itself forever, so undefined hops come out as ⊥.
///  2. doubling r = 1..⌊log2 k⌋+1: the head looks up position T_{r-1}(i) = σ^{2^(r-1)}(i) and
///     reads there T_{r-1}, giving T_r = σ^{2^r} (for r ≤ ⌊log2 k⌋), and, when bit r−1 of k
///     is set, the symbol table Z (x∘σ^e with e = k mod 2^(r-1); at first Z = SYM, e = 0),
///     giving e + 2^(r-1).
/// The answer is the last Z: ⌊log2 k⌋ + 2 layers in all, the depth of Sanford, Hsu, Telgarsky
/// 2024. The previous-token step needs no layer of its own: σ's layer finds the previous
/// occurrence j itself and the step right to j + 1 is a fixed permutation of the pointer
/// coordinates, folded into the next layer's query.

#include <cstddef>
#include <memory>
#include <optional>

#include <ccsim/model/transformer.hpp>
#include <ccsim/task/hop.hpp>

namespace ccsim {

struct HopShape {
    std::size_t n = 0;         ///< sequence length (without ⊥)
    std::size_t alphabet = 0;  ///< symbols 0..alphabet-1
    std::size_t k = 1;         ///< hops
    /// UsageError unless n >= 1, alphabet >= 1, k >= 1 and the model stays small.
    void validate() const;
};

class HopTransformer {
public:
    HopTransformer(HopShape shape, std::shared_ptr<const TransformerModel> model,
                   std::size_t answerOffset);

    const HopShape& shape() const { return shape_; }
    const std::shared_ptr<const TransformerModel>& model() const { return model_; }
    /// Model positions: N + 1 (⊥ first).
    std::size_t positions() const { return shape_.n + 1; }

    /// The model input for a sequence: ⊥, then the symbols (rows of width d).
    Matrix tokens(const Sequence& x) const;
    /// The symbol the final residual stream names, or nothing for ⊥.
    std::optional<std::size_t> decode(const Vector& out) const;

private:
    HopShape shape_;
    std::shared_ptr<const TransformerModel> model_;
    std::size_t answerOffset_;
};

/// The pointer-doubling construction for a shape.
std::shared_ptr<const HopTransformer> makeHopDoubling(const HopShape& shape);

/// ⌊log2 k⌋ + 2.
std::size_t hopDoublingLayers(std::size_t k);

}  // namespace ccsim
