#pragma once
/// \file
/// RNN weights for q-sparse averaging with q = 1 (docs/theory/index_qsa_rnn.md, INDEX → qSA).
///
/// index_memory [ours]: a one-layer linear RNN that writes z_j of token j into state
/// coordinate j (φ(x) = z_0 · e_position for position < m, W = U = I) and whose read-out at
/// the last token returns coordinate y_0 of the state: the average over y = {idx} of z. It
/// remembers the first m tokens, so with m ≥ n it solves INDEX_n exactly; with fewer
/// coordinates it forgets, as it must below the bound.

#include <memory>

#include <ccsim/construct/pc_tokens.hpp>
#include <ccsim/model/rnn.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {

std::shared_ptr<const RnnModel> makeIndexMemoryRnn(const QsaShape& shape, std::size_t m);

/// pc_memory [ours]: a one-layer identity RNN for pointer chasing PC_k over the tokens of
/// construct/pc_tokens.hpp. φ(s, u, w) = w · e_{s·n + u} (zero if s·n + u >= m), W = U = I, b = 0:
/// the state after both blocks holds f_A(u) in coordinate u and f_B(u) in coordinate n + u. The
/// read-out chases k pointers from the final state: v_0 = 0, v_{t+1} = round(h[(t mod 2)·n +
/// v_t]) clamped to [0, n) (a missing coordinate reads 0); its one output is v_k. With
/// m = 2n and a format that holds 0..n-1 exactly it computes PC_k; with fewer coordinates or
/// a narrower format it forgets or rounds, as it must below the bound.
std::shared_ptr<const RnnModel> makePcMemoryRnn(std::size_t n, std::size_t k, std::size_t m);

}  // namespace ccsim
