#pragma once
/// \file
/// Evaluations: how well a model computes a task, on every input or on seeded random ones,
/// under a number format and precision model, against the task's exact reference. One
/// evaluator per registered task (TaskRegistry), each registered by its file in src/eval/
/// (qsa.cpp; match.cpp for match2 and match3; hop.cpp). `ccsim eval TASK` parses its options,
/// calls evaluate() and hands the EvalReport to a writer.
///
/// Adding one: docs/adding-a-reduction.md, "Adding a task".

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/params.hpp>
#include <ccsim/registry.hpp>
#include <ccsim/report/eval_report.hpp>

namespace ccsim {

/// What an evaluation is asked to do.
struct EvalRequest {
    std::vector<std::string> words;  ///< the task's name=value parameters
    std::uint64_t seed = 1;
    unsigned threads = 1;  ///< for the model passes; results do not depend on it
    /// Called once every parameter is read and checked and the work's size accepted, before
    /// the work starts: where a command claims its output file, so that bad input never
    /// leaves one behind.
    std::function<void()> ready;
};

struct Evaluator {
    std::string name;  ///< the task's name
    std::function<std::vector<ParamSpec>()> params;
    std::function<EvalReport(const EvalRequest&)> run;
};
using EvaluatorRegistry = Registry<Evaluator>;

/// Runs the registered evaluator of `task`; UsageError for an unknown task or bad parameters.
EvalReport evaluate(std::string_view task, const EvalRequest& request);

/// The parameters' resolved values and the request's seed, the head of every EvalReport.
EvalReport evalReportHead(std::string task, const Params& params, const EvalRequest& request);

/// The blocks of a two-block partial-sums split of n tokens: [0, split) is block 0, the rest
/// block 1.
std::vector<int> twoBlocks(std::size_t n, std::size_t split);

}  // namespace ccsim
