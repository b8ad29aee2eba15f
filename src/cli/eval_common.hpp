#pragma once
// Internal to the ccsim binary: what every `ccsim eval TASK` report shares (schema
// ccsim.eval/1). Defined in eval.cpp.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ccsim/io/atomic_file.hpp>
#include <ccsim/params.hpp>
#include <ccsim/registry.hpp>

namespace ccsim::cli {

/// What `ccsim eval TASK` hands its task's evaluator after parsing the options.
struct EvalRequest {
    std::vector<std::string> words;  ///< the task's name=value parameters
    std::uint64_t seed = 1;
    unsigned threads = 1;
    std::string reportFormat;           ///< text or json
    std::optional<std::string> output;  ///< the -o file, if any
};

/// One evaluator per registered task (TaskRegistry), each registered by its file: eval.cpp
/// (qsa), eval_match.cpp (match2, match3), eval_hop.cpp (hop).
struct Evaluator {
    std::string name;  ///< the task's name
    std::function<std::vector<ParamSpec>()> params;
    std::function<int(const EvalRequest&)> run;  ///< returns the exit code
};
using EvaluatorRegistry = Registry<Evaluator>;

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
