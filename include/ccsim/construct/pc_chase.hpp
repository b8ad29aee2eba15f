#pragma once
/// \file
/// `pc_chase`: a causal decoder that chases pointers for PC_k [ours].
///
/// Tokens: Alice's n tokens (one per u: its argument and f_A(u), one-hot), then Bob's single
/// last token, which holds all of f_B as an n × n one-hot table and the start pointer v_0 = 0.
/// Residual stream blocks (one-hot):
///
///     ARG (n) | VAL (n) | FB (n²) | PTR_0 (n) | per layer l: PTR_A_l (n), PTR_B_l (n)
///
/// Layer l (one head, no mask needed beyond causality): the last token's query is its current
/// pointer, keys are ARG, values VAL, so attention returns f_A(pointer) into PTR_A_l (hard, by
/// temperature 40). The MLP then looks up Bob's table: n² ReLU units
/// h_{u,w} = relu(PTR_A_l[u] + FB[u,w] − 1) and PTR_B_l[w] = Σ_u h_{u,w}, which is f_B of the
/// pointer, one-hot. Each layer advances two steps, so L = ⌈k/2⌉ layers compute v_k; fewer
/// layers compute v_{2L} (a depth-limited model for the round-limited bounds).

#include <cstddef>
#include <cstdint>
#include <memory>

#include <ccsim/model/transformer.hpp>
#include <ccsim/problem/pc.hpp>

namespace ccsim {

class PcChaseDecoder {
public:
    PcChaseDecoder(std::size_t n, std::shared_ptr<const TransformerModel> model,
                   std::size_t answerOffset);

    std::size_t n() const { return n_; }
    const std::shared_ptr<const TransformerModel>& model() const { return model_; }

    /// n + 1 rows: Alice's tokens, then Bob's.
    Matrix tokens(const PcFunction& fa, const PcFunction& fb) const;
    /// The pointer the final residual stream names.
    std::uint64_t decode(const Vector& out) const;

private:
    std::size_t n_;
    std::shared_ptr<const TransformerModel> model_;
    std::size_t answerOffset_;
};

/// The chase for PC_k with `layers` layers (0 = ⌈k/2⌉, enough for v_k).
std::shared_ptr<const PcChaseDecoder> makePcChase(std::size_t n, std::size_t k, std::size_t layers);

}  // namespace ccsim
