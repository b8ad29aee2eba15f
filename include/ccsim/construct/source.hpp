#pragma once
/// \file
/// Where a qSA attention model comes from, as plugin parameters: a construction
/// (qsa_random, qsa_cyclic), a seeded random draw (random), or a safetensors file (weights=).
/// Shared by `ccsim run disj_qsa` and `ccsim eval qsa`, so both read the same parameters the
/// same way.

#include <memory>
#include <string_view>
#include <vector>

#include <ccsim/model/attention.hpp>
#include <ccsim/params.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {

/// Reads a number-format parameter; errors name the parameter as the user typed it.
Format readFormat(Params& params, std::string_view name);

/// The key dimension of `construction=random` when m = 0.
inline constexpr std::size_t kRandomKeyDim = 4;

/// construction, weights, m, H, eps, model_seed.
std::vector<ParamSpec> qsaModelParams();

/// Reads those parameters and builds the model for tokens of this shape: from the file, the
/// seeded draw, or the registered construction of kind (QsaShape → attention) by that name.
/// eps = 0 means 1/(2q), the accuracy the DISJ reduction needs.
std::shared_ptr<const AttentionModel> qsaModelFromParams(Params& params, const QsaShape& shape);

}  // namespace ccsim
