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
/// Layers (all attention, no MLP; every lookup is a hard attention by a large temperature):
///  1. previous token: position j reads SYM(j - 1) into PREV (⊥ reads itself).
///  2. σ: position i finds the latest j ≤ i with PREV(j) = SYM(i), by score
///     [PREV(j) = SYM(i)] + POSNUM(j)/4 + BOS(j)/2, and reads POS(j), SYM(j) into the tables
///     T_0 = σ, X_0 = x∘σ. With no match the ⊥ token wins (score 1/2): σ = ⊥, which then
///     points to itself forever, so undefined hops come out as ⊥.
///  3. doubling r = 1..⌊log2 k⌋+1: head T reads (T_{r-1}, X_{r-1}) at position T_{r-1}(i)
///     into (T_r, X_r) = (σ^{2^r}, x∘σ^{2^r}); head A, when bit r−1 of k is set, reads
///     (T_{r-1}, X_{r-1}) at the accumulator A(i) (initially i itself) into the new
///     accumulator (A, XA). Powers of σ commute, so the bits can be applied in any order.
/// The answer is the XA block after the last layer: ⌊log2 k⌋ + 3 layers in all. (SHT24 count
/// ⌊log2 k⌋ + 2; here the previous-token step takes a layer of its own because a causal
/// model cannot look at the token after the previous occurrence.)

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

/// ⌊log2 k⌋ + 3.
std::size_t hopDoublingLayers(std::size_t k);

}  // namespace ccsim
