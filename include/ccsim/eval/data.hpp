#pragma once
/// \file
/// `ccsim data`: seeded inputs with their exact targets, as NumPy arrays to train on or to
/// compare with: a task's sequences (qsa, match2, match3, hop) or the encoded instances of a
/// reduction (the tokens its model reads, the target position, the partition and the
/// problem's answer). docs/cli.md describes the arrays.

#include <cstdint>
#include <string>
#include <vector>

#include <ccsim/model/weights.hpp>
#include <ccsim/params.hpp>

namespace ccsim {

struct DataSet {
    std::string source;                  ///< the task or reduction
    std::vector<ParamValue> parameters;  ///< resolved
    std::uint64_t seed = 1;
    std::vector<NamedArray> arrays;
};

/// name: a task or a reduction with a compiled model. Tasks read samples= (0: every input,
/// for match2, match3 and hop); a reduction gives all its instances, or `sample` seeded ones
/// when sample > 0 (instance i = problem.sample(instanceSeed(seed, i)), as `run --sample`).
/// UsageError for unknown names, bad parameters and data over the memory limit.
DataSet makeData(const std::string& name, const std::vector<std::string>& words, std::uint64_t seed,
                 std::uint64_t sample);

/// The parameters of a task's data (for help texts); empty for a name that is not a task.
std::vector<ParamSpec> dataParams(const std::string& task);

/// "x [1000, 16, 5] float64, y [1000, 16, 1] float64".
std::string describeArrays(const std::vector<NamedArray>& arrays);

}  // namespace ccsim
