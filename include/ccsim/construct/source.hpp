#pragma once
/// \file
/// Where a model and its number format come from, as plugin parameters, declared once for
/// every reduction and command that offers them:
///  - `precision` (a number format) and `precision_model`;
///  - a qSA attention model: a construction (qsa_random, qsa_cyclic), a seeded random draw
///    (random), or a safetensors file (weights=), shared by `ccsim run disj_qsa` and
///    `ccsim eval qsa`;
///  - an RNN: a construction of the task's kind or a seeded random draw, shared by the RNN
///    reductions.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/construct/construction.hpp>
#include <ccsim/model/attention.hpp>
#include <ccsim/model/rnn.hpp>
#include <ccsim/params.hpp>
#include <ccsim/task/qsa.hpp>

namespace ccsim {

/// Reads a number-format parameter; errors name the parameter as the user typed it.
Format readFormat(Params& params, std::string_view name);

/// The `construction` parameter of `user` (a reduction's name, or "eval TASK"): its help,
/// computed when printed, names every registered construction that lists `user` among its
/// users, then `others` ("random": what the user handles itself), e.g. "a, b or random".
/// A new construction is offered by naming its users; no user's file changes.
ParamSpec constructionParam(std::string defaultValue, std::string user,
                            std::vector<std::string> others = {});

/// The `precision` parameter (a number format) with this default and help.
ParamSpec precisionParam(std::string defaultValue, std::string help);
/// The `precision_model` parameter (embeddings or partial-sums) with this default and help.
ParamSpec precisionModelParam(std::string defaultValue, std::string help);
/// prefix=NAME: the sub-module of a weights file to read (docs/weights.md).
ParamSpec prefixParam();
/// Reads them.
Format readPrecision(Params& params);
PrecisionModel readPrecisionModel(Params& params);

/// The key dimension of `construction=random` when m = 0.
inline constexpr std::size_t kRandomKeyDim = 4;

/// construction, weights, m, H, eps, model_seed, for `user` (constructionParam).
std::vector<ParamSpec> qsaModelParams(const std::string& user);

/// Reads those parameters and builds the model for tokens of this shape: from the file, the
/// seeded draw, or the registered construction of kind (QsaShape → attention) by that name.
/// eps = 0 means 1/(2q), the accuracy the DISJ reduction needs.
///
/// One read-out rule for every user: the model's qSA answer at a position is the first d'
/// coordinates of its output (a file's model may output more, e.g. d_out = E for a PyTorch
/// nn.MultiheadAttention; fewer is a UsageError). `eval qsa` compares those d' coordinates
/// with qSA; disj_qsa thresholds the first of them.
std::shared_ptr<const AttentionModel> qsaModelFromParams(Params& params, const QsaShape& shape);

/// The state dimension of `construction=random` RNNs when m = 0.
inline constexpr std::size_t kRandomRnnStateDim = 4;

/// construction, m, L, activation, model_seed of the RNN reduction `user` whose default
/// construction is `construction`; `zeroMeans` is the state dimension it picks for m = 0
/// ("n", "2n").
std::vector<ParamSpec> rnnModelParams(const std::string& user, const std::string& construction,
                                      const std::string& zeroMeans);

/// A seeded random RNN (construction=random) reading tokens of tokenDim with one output, or
/// the registered construction of kind (Shape → RNN) for the task by that name.
std::shared_ptr<const RnnModel> randomRnnFromParams(Params& params, std::size_t tokenDim);
template <class Shape>
std::shared_ptr<const RnnModel> rnnModelFromParams(Params& params, std::size_t tokenDim,
                                                   std::string_view task, const Shape& shape) {
    const std::string construction = params.getString("construction");
    if (construction == "random") return randomRnnFromParams(params, tokenDim);
    return buildConstruction<std::shared_ptr<const RnnModel>>(construction, task, shape, params,
                                                              params.owner(), {"random"});
}

}  // namespace ccsim
