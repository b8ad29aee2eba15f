#pragma once
/// \file
/// Pointer chasing as a token sequence (docs/theory/pc_rnn.md), shared by the
/// reductions that put PC_k into a sequence model (pc_rnn; pc_decoder uses its own one-hot layout,
/// see construct/pc_chase.hpp).
///
/// Token layout (3 coordinates): (s, u, w) with s = 0 for Alice's table and 1 for Bob's, u the
/// argument and w = f_s(u), all as reals. The sequence is Alice's block — one token per
/// u = 0..n-1, (0, u, f_A(u)) — then Bob's block (1, u, f_B(u)): N = 2n tokens, Alice holds
/// rows [0, n), Bob rows [n, 2n), and the answer v_k is read at the last token.

#include <cstddef>

#include <ccsim/model/attention.hpp>
#include <ccsim/problem/pc.hpp>

namespace ccsim {

inline constexpr std::size_t kPcTokenDim = 3;

/// What a PC_k construction is built for: functions [n] → [n], k pointer steps.
struct PcShape {
    std::size_t n = 0;
    std::size_t k = 0;
};

struct PcTokenParts {
    std::size_t table = 0;  ///< 0: f_A, 1: f_B
    std::size_t arg = 0;    ///< u
    std::size_t value = 0;  ///< f(u)
};

/// The token (s, u, w).
Vector pcToken(std::size_t table, std::size_t arg, std::size_t value);
/// Reads a token back; RunError unless it is (s, u, w) with s ∈ {0, 1} and u, w ∈ [0, n).
PcTokenParts pcTokenParts(std::size_t n, const Vector& x);

/// The 2n × 3 token matrix of an instance of problem (Alice's block, then Bob's).
Matrix pcTokens(const Pc& problem, const Instance& instance);

}  // namespace ccsim
