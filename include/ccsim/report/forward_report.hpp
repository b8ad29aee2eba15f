#pragma once
/// \file
/// The value of `ccsim forward` and its writers: a model's outputs on given tokens, from the
/// reference pass and from the quantized one. Text (a table per token), JSON (schema
/// "ccsim.forward/1", the outputs as arrays of rows) and CSV (one row per token), as
/// docs/report-format.md describes.

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <ccsim/io/files.hpp>
#include <ccsim/numeric/linalg.hpp>
#include <ccsim/report/writers.hpp>

namespace ccsim {

struct ForwardReport {
    std::string model;                       ///< the model's description
    std::vector<files::InputRecord> inputs;  ///< the weights and tokens files, with SHA-256
    /// The model's shape facts in report order, as JSON values (heads, m, ... or layers,
    /// causal), and the same as one text line.
    nlohmann::ordered_json shape = nlohmann::ordered_json::object();
    std::string shapeText;
    std::string format;
    std::string precisionModel;
    Matrix reference;  ///< one row per token
    Matrix quantized;
    double maxAbsDiff = 0;  ///< max |reference - quantized| over every output coordinate
};

/// The line `ccsim forward -o FILE` prints.
std::string summaryLine(const ForwardReport& report);

std::string writeText(const ForwardReport& report);
nlohmann::ordered_json toJson(const ForwardReport& report);
std::string writeJson(const ForwardReport& report);
std::string writeCsv(const ForwardReport& report);
std::string write(const ForwardReport& report, ReportFormat format);

}  // namespace ccsim
