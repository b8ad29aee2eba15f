#pragma once
/// \file
/// Model families and precision models as `ccsim list` and `ccsim explain` show them. Each
/// model's file registers its family (attention, rnn, fnn, third_order, transformer);
/// constructions name the family they build (ConstructionInfo::model).

#include <string>

#include <ccsim/registry.hpp>

namespace ccsim {

struct ModelFamily {
    std::string name;
    std::string summary;  ///< one line
    std::string details;  ///< a paragraph: the computation, its passes, its strategies
};
using ModelFamilyRegistry = Registry<ModelFamily>;

/// A precision model (`precision_model=NAME`): what of an attention computation is quantized.
struct PrecisionModelInfo {
    std::string name;
    std::string summary;
    std::string details;
};
using PrecisionModelRegistry = Registry<PrecisionModelInfo>;

}  // namespace ccsim
