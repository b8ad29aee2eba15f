#pragma once
// Internal to the ccsim binary: what every `ccsim eval TASK` report shares (schema
// ccsim.eval/1). Defined in eval.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ccsim/io/atomic_file.hpp>
#include <ccsim/params.hpp>

namespace ccsim::cli {

/// The parameters of each task (eval.cpp, eval_hop.cpp, eval_match.cpp).
std::vector<ParamSpec> evalParams();
std::vector<ParamSpec> hopEvalParams();
std::vector<ParamSpec> matchEvalParams(bool match3);

/// --help text for eval: the parameters of the task named first in words, or of every task.
std::string evalHelp(const std::vector<std::string>& words);

/// The head of every JSON eval report: schema, provenance, task, parameters, seed.
nlohmann::ordered_json evalJsonHead(const std::string& task, const Params& params,
                                    std::uint64_t seed);

/// The last text lines of an eval that checks exact answers: the wrong count, the first wrong
/// input (if firstWrong is not empty) and the verdict.
std::string exactEvalTail(std::uint64_t wrong, const std::string& firstWrong);

/// Writes the report to -o (and `summary` to stdout) or to stdout; returns the exit code.
int emitEval(const std::string& text, std::optional<AtomicFile>& outFile,
             const std::string& summary);

}  // namespace ccsim::cli
