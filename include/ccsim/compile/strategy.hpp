#pragma once
/// \file
/// Compile strategies as `ccsim list` and `ccsim explain` show them: each compiler registers
/// the strategies it implements (compiler.cpp: send-token, partial-sums, query-then-sums;
/// transformer.cpp: layerwise, causal-prefix, causal-last-token; chain.cpp, first_layer.cpp,
/// nof.cpp one each), with the closed form of its bits.

#include <string>

#include <ccsim/registry.hpp>

namespace ccsim {

struct StrategyInfo {
    std::string name;     ///< as `strategy=NAME` spells it
    std::string model;    ///< the model family it compiles (a ModelFamilyRegistry name)
    std::string formula;  ///< the closed form of its bits, e.g. "H(d_v + 2)p"
    std::string summary;  ///< one line
    std::string details;  ///< a paragraph: the split, the messages, the precision models
};
using StrategyRegistry = Registry<StrategyInfo>;

}  // namespace ccsim
