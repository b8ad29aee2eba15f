#include <fmt/format.h>

#include <ccsim/report/forward_report.hpp>
#include <ccsim/version.hpp>

namespace ccsim {

namespace {

nlohmann::ordered_json rowsJson(const Matrix& m) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        nlohmann::ordered_json row = nlohmann::ordered_json::array();
        for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
        out.push_back(row);
    }
    return out;
}

}  // namespace

std::string summaryLine(const ForwardReport& r) {
    return fmt::format("max |reference - quantized| = {:.3g}\n", r.maxAbsDiff);
}

std::string writeText(const ForwardReport& r) {
    std::string text;
    text += fmt::format("model         {}\n", r.model);
    text += fmt::format("shape         {}\n", r.shapeText);
    text += fmt::format("precision     {}, precision model {}\n\n", r.format, r.precisionModel);
    for (Eigen::Index i = 0; i < r.reference.rows(); ++i) {
        std::string ref, quant;
        for (Eigen::Index c = 0; c < r.reference.cols(); ++c) {
            ref += fmt::format(" {:>12.6g}", r.reference(i, c));
            quant += fmt::format(" {:>12.6g}", r.quantized(i, c));
        }
        text += fmt::format("token {:<4} reference{}\n           quantized{}\n", i, ref, quant);
    }
    text += "\n" + summaryLine(r);
    return text;
}

nlohmann::ordered_json toJson(const ForwardReport& r) {
    nlohmann::ordered_json j;
    j["schema"] = "ccsim.forward/1";
    j["provenance"] = provenanceJson("", r.inputs);
    j["model"] = r.model;
    for (const auto& [key, value] : r.shape.items()) j[key] = value;
    j["format"] = r.format;
    j["precision_model"] = r.precisionModel;
    j["tokens"] = r.reference.rows();
    j["reference"] = rowsJson(r.reference);
    j["quantized"] = rowsJson(r.quantized);
    j["max_abs_diff"] = r.maxAbsDiff;
    return j;
}

std::string writeJson(const ForwardReport& r) { return dumpJson(toJson(r)); }

std::string writeCsv(const ForwardReport& r) {
    // One row per token: every reference coordinate, then every quantized one, each printed
    // with enough digits to read back the same double.
    std::string out = "token";
    for (Eigen::Index c = 0; c < r.reference.cols(); ++c) out += fmt::format(",reference_{}", c);
    for (Eigen::Index c = 0; c < r.quantized.cols(); ++c) out += fmt::format(",quantized_{}", c);
    out += "\n";
    for (Eigen::Index i = 0; i < r.reference.rows(); ++i) {
        out += std::to_string(i);
        for (Eigen::Index c = 0; c < r.reference.cols(); ++c)
            out += fmt::format(",{:.17g}", r.reference(i, c));
        for (Eigen::Index c = 0; c < r.quantized.cols(); ++c)
            out += fmt::format(",{:.17g}", r.quantized(i, c));
        out += "\n";
    }
    return out;
}

std::string write(const ForwardReport& report, ReportFormat format) {
    return writeAs(report, format);
}

}  // namespace ccsim
