// The answer matrix of a reduction's protocol (eval/answers.hpp).

#include <algorithm>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/eval/answers.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>

namespace ccsim {

cc::Source answerSource(const std::string& reduction, const std::vector<std::string>& words) {
    const BuiltReduction built = buildReduction(reduction, words);
    const Reduction& r = *built.reduction;
    const Problem& problem = r.problem();
    const std::optional<ProductSpace> space = problem.productSpace();
    if (!space || space->sizes.size() != 2)
        throw UsageError(
            fmt::format("cc --from-run {}: {} is not a two-party problem with a "
                        "communication matrix",
                        reduction, problem.describe()));
    constexpr std::uint64_t kMaxCells = std::uint64_t{1} << 16;
    const std::uint64_t rows = space->sizes[0], cols = space->sizes[1];
    if (rows == 0 || cols == 0 || rows > kMaxCells / cols)
        throw UsageError(
            fmt::format("cc --from-run {}: {}×{} instances, more than the {} ccsim tabulates",
                        reduction, rows, cols, kMaxCells));
    cc::Source s;
    s.name = "from-run";
    s.params = built.params.resolved();
    s.params.insert(s.params.begin(), {"reduction", reduction});
    s.description = fmt::format("the answers of {} on {}", reduction, problem.describe());
    s.matrix.rows = rows;
    s.matrix.cols = cols;
    cc::Source::Run run;
    ProtocolRunner runner(r.protocol());
    for (std::uint64_t x = 0; x < rows; ++x)
        for (std::uint64_t y = 0; y < cols; ++y) {
            const std::uint64_t index = x * space->strides[0] + y * space->strides[1];
            const InstanceRun one = runInstance(r, runner, problem.instance(index), index);
            s.matrix.values.push_back(static_cast<std::int64_t>(one.answer));
            run.wrongCells += one.answer != one.truth ? 1 : 0;
            const auto bits = static_cast<std::size_t>(
                std::count_if(one.transcript.begin(), one.transcript.end(),
                              [](char c) { return c == '0' || c == '1'; }));
            run.bits = std::max(run.bits, bits);
        }
    s.run = run;
    return s;
}

}  // namespace ccsim
