#pragma once
/// \file
/// RNN weights for q-sparse averaging with q = 1 (THEORY.md §4, INDEX → qSA).
///
/// index_memory [ours]: a one-layer linear RNN that writes z_j of token j into state
/// coordinate j (φ(x) = z_0 · e_position for position < m, W = U = I) and whose read-out at
/// the last token returns coordinate y_0 of the state: the average over y = {idx} of z. It
/// remembers the first m tokens, so with m ≥ n it solves INDEX_n exactly; with fewer
/// coordinates it forgets, as it must below the bound.

#include <memory>

#include <ccsim/model/rnn.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {

std::shared_ptr<const RnnModel> makeIndexMemoryRnn(const QsaShape& shape, std::size_t m);

}  // namespace ccsim
