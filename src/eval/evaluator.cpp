#include <ccsim/eval/evaluator.hpp>
#include <ccsim/io/files.hpp>

namespace ccsim {

EvalReport evaluate(std::string_view task, const EvalRequest& request) {
    EvalReport r = EvaluatorRegistry::instance().get(task, "task").run(request);
    r.inputs = files::recordedInputs();
    return r;
}

EvalReport evalReportHead(std::string task, const Params& params, const EvalRequest& request) {
    EvalReport r;
    r.task = std::move(task);
    r.parameters = params.resolvedValues();
    r.seed = request.seed;
    return r;
}

std::vector<int> twoBlocks(std::size_t n, std::size_t split) {
    std::vector<int> blocks(n);
    for (std::size_t j = 0; j < n; ++j) blocks[j] = j < split ? 0 : 1;
    return blocks;
}

}  // namespace ccsim
