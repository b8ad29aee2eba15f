// The eval and forward report values through their writers, and the evaluators behind them.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <ccsim/error.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/report/eval_report.hpp>
#include <ccsim/report/forward_report.hpp>
#include <ccsim/report/writers.hpp>

using namespace ccsim;

namespace {

/// The header's and the row's fields of a two-line CSV text.
std::pair<std::vector<std::string>, std::vector<std::string>> csvLines(const std::string& text) {
    const auto first = text.find('\n');
    const auto second = text.find('\n', first + 1);
    REQUIRE(second == text.size() - 1);
    return {csvSplit(text.substr(0, first)), csvSplit(text.substr(first + 1, second - first - 1))};
}

}  // namespace

TEST_SUITE("eval report") {
    TEST_CASE("an evaluation reads its parameters, says when it is ready, and reports exactly") {
        EvalRequest request;
        request.words = {"N=4", "M=5"};
        int ready = 0;
        request.ready = [&] { ++ready; };
        const EvalReport r = evaluate("match2", request);
        CHECK(ready == 1);
        REQUIRE(r.exact.has_value());
        CHECK_FALSE(r.approximate.has_value());
        CHECK(r.exact->inputs == 625);  // 5^4, every input
        CHECK(r.exact->outputs == 625 * 4);
        CHECK(r.exact->wrong == 0);

        // Bad parameters fail before the work, so `ready` is not called.
        ready = 0;
        request.words = {"N=4", "M=1"};
        CHECK_THROWS_AS(evaluate("match2", request), UsageError);
        CHECK(ready == 0);
        CHECK_THROWS_AS(evaluate("nope", request), UsageError);
    }

    TEST_CASE("the writers agree: JSON numbers, CSV columns, text verdict") {
        EvalRequest request;
        request.words = {"N=8", "q=2", "samples=3"};
        const EvalReport r = evaluate("qsa", request);
        REQUIRE(r.approximate.has_value());
        REQUIRE(r.tokenBits.has_value());
        // H(2m + d_v)p with p = 64 (fp64), from the compiler's formula.
        CHECK(r.tokenBits->bits ==
              r.embedding->heads * (2 * r.embedding->keyDim + r.embedding->valueDim) * 64);
        const auto j = nlohmann::json::parse(writeJson(r));
        CHECK(j["schema"] == "ccsim.eval/2");
        CHECK(j["random"]["outputs"] == 3 * 8);
        CHECK(j["within_eps"] == r.approximate->withinEps);
        // Named copies, not structured bindings: clang does not let the lambda capture those.
        const auto lines = csvLines(writeCsv(r));
        const std::vector<std::string>& header = lines.first;
        const std::vector<std::string>& row = lines.second;
        REQUIRE(header.size() == row.size());
        const auto column = [&](const std::string& name) {
            const auto it = std::find(header.begin(), header.end(), name);
            REQUIRE(it != header.end());
            return row[static_cast<std::size_t>(it - header.begin())];
        };
        CHECK(column("task") == "qsa");
        CHECK(std::stod(column("worst_error")) == r.approximate->random.worst);  // 17 digits
        CHECK(column("wrong").empty());
        CHECK(writeText(r).find("verdict") != std::string::npos);
        CHECK(write(r, ReportFormat::Csv) == writeCsv(r));
    }

    TEST_CASE("forward CSV: one row per token, reading back the same doubles") {
        ForwardReport r;
        r.reference = Matrix{{0.1, -2.5e-17}, {3.0, 1.0 / 3.0}};
        r.quantized = Matrix{{0.125, 0.0}, {3.0, 0.3125}};
        const std::string csv = writeCsv(r);
        std::vector<std::vector<std::string>> lines;
        std::size_t start = 0;
        for (std::size_t end; (end = csv.find('\n', start)) != std::string::npos; start = end + 1)
            lines.push_back(csvSplit(csv.substr(start, end - start)));
        REQUIRE(lines.size() == 3);
        CHECK(lines[0] == std::vector<std::string>{"token", "reference_0", "reference_1",
                                                   "quantized_0", "quantized_1"});
        CHECK(std::stod(lines[2][2]) == 1.0 / 3.0);
        CHECK(std::stod(lines[1][2]) == -2.5e-17);
        CHECK(std::stod(lines[2][4]) == 0.3125);
    }
}
