#pragma once
/// \file
/// The value of `ccsim eval TASK` and its writers: what a model computes on a task's inputs,
/// against the task's exact reference, under a number format and precision model. Text for
/// people, JSON (schema "ccsim.eval/2") and CSV (one row of the scalar facts), as
/// docs/report-format.md describes. Evaluations (eval/) fill it; nothing here computes.
///
/// Two kinds of task share the value: approximate ones (qSA: errors against a target ε) fill
/// `approximate`, exact ones (Match2/3, hop_k: answers right or wrong) fill `exact`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <ccsim/io/files.hpp>
#include <ccsim/report/writers.hpp>

namespace ccsim {

struct EvalReport {
    struct Embedding {
        std::size_t heads = 0;
        std::size_t keyDim = 0;    ///< m
        std::size_t valueDim = 0;  ///< d_v
    };
    /// The bits one token's embedding costs to send, with the formula they come from.
    struct TokenBits {
        std::string formula;  ///< e.g. "H(2m + d_v)p"
        std::size_t bits = 0;
    };
    struct Errors {
        std::uint64_t count = 0;  ///< outputs (or q-sets) measured
        double worst = 0;
        double mean = 0;
    };
    struct Approximate {
        double eps = 0;
        std::uint64_t inputs = 0;     ///< random inputs
        std::uint64_t positions = 0;  ///< outputs per input
        Errors random;
        std::optional<Errors> allSets;  ///< every q-set as y_0, when there are few
        bool withinEps = false;
    };
    struct FirstWrong {
        std::vector<std::uint64_t> x;
        std::size_t position = 0;
        std::optional<std::uint64_t> model;  ///< empty: ⊥ (no answer)
        std::optional<std::uint64_t> truth;
    };
    struct Exact {
        bool allInputs = false;  ///< every input enumerated, or seeded random ones
        std::string unit;        ///< what one input is called: "inputs", "sequences"
        std::uint64_t inputs = 0;
        std::uint64_t positions = 0;
        std::uint64_t outputs = 0;
        /// A count of special outputs: key (JSON) and what the text says after the number.
        std::string countedKey;   ///< "positive", "defined"
        std::string countedText;  ///< "true", "defined, the rest ⊥"
        std::uint64_t counted = 0;
        std::uint64_t wrong = 0;
        std::optional<FirstWrong> firstWrong;
    };

    std::string task;
    std::vector<ParamValue> parameters;      ///< every declared, resolved
    std::vector<files::InputRecord> inputs;  ///< the files read, with their SHA-256
    std::uint64_t seed = 0;
    std::string setting;  ///< the text's task line ("match2 (N=5, M=7, distinct=false)"), or ""
    std::string model;    ///< the model's description
    std::string format;
    std::string precisionModel;
    std::optional<Embedding> embedding;  ///< attention models
    std::optional<std::size_t> layers;   ///< transformers
    std::optional<TokenBits> tokenBits;
    std::optional<Approximate> approximate;
    std::optional<Exact> exact;
};

/// The line `ccsim eval -o FILE` prints: the worst error, or the wrong count.
std::string summaryLine(const EvalReport& report);

std::string writeText(const EvalReport& report);
nlohmann::ordered_json toJson(const EvalReport& report);
std::string writeJson(const EvalReport& report);
std::string writeCsv(const EvalReport& report);
std::string write(const EvalReport& report, ReportFormat format);

}  // namespace ccsim
