#pragma once
/// \file
/// The kind of construction that answers Match2 or Match3 at a token: a model (one attention
/// layer or one third-order head) with its read-out ψ. match2_trig, match3_histogram and
/// match3_tensor are registered under this kind (construct/construction.hpp); `ccsim eval
/// match2|match3`, disj_match3 and match3_nof build them by name.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/model/third_order.hpp>
#include <ccsim/numeric/linalg.hpp>
#include <ccsim/task/match.hpp>

namespace ccsim {

/// What a Match construction is built for.
struct MatchShape {
    std::size_t tokens = 0;  ///< N
    MatchSpec spec;          ///< M and the distinct convention
    /// The user's parameter holding the softmax temperature (0: the construction's rule), for
    /// constructions that have one: `temperature` for eval, `tau` for match3_nof.
    std::string temperatureParam = "temperature";
};

struct MatchSolver {
    std::shared_ptr<const AttentionModel> attention;    ///< one attention layer, or
    std::shared_ptr<const ThirdOrderModel> thirdOrder;  ///< one third-order head
    /// ψ: the model's output at token i and x_i → Match(X)_i.
    std::function<bool(const Vector& out, std::uint64_t residue)> answer;
    /// The model's input rows for a sequence of residues.
    std::function<Matrix(const std::vector<std::uint64_t>&)> tokens;
};

}  // namespace ccsim
