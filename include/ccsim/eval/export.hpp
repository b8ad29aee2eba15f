#pragma once
/// \file
/// `ccsim export`: the model a reduction builds (a construction, a seeded random draw or a
/// file), as tensors in the names ccsim reads back (docs/weights.md), so that
/// `ccsim run REDUCTION … weights=FILE` runs the same model.

#include <string>
#include <vector>

#include <ccsim/model/tensor.hpp>

namespace ccsim {

struct ModelExport {
    std::string reduction;           ///< the reduction whose model it is
    std::vector<std::string> words;  ///< its parameters as given (construction= included)
    std::string family;              ///< attention, transformer or fnn
    std::string description;         ///< the model's description
    TensorFile file;                 ///< with metadata "source": the command that made it
};

/// name: a reduction, or a construction (then the first reduction that uses it, with
/// construction=name). UsageError for a name that is neither, for `random` alone (it is
/// drawn per reduction), for a reduction without a compiled model, and for a model ccsim
/// cannot write (a family without a weights format, or a feature map without tensors).
ModelExport exportModel(const std::string& name, const std::vector<std::string>& words);

}  // namespace ccsim
