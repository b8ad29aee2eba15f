#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <ccsim/report/sweep_report.hpp>
#include <ccsim/version.hpp>

namespace ccsim {

const std::vector<std::string> kSweepColumns = {
    "point",          "auto_value", "auto_evaluations", "bits",      "construction_bits",
    "effective_bits", "bound_bits", "bound_class",      "instances", "correct_fraction",
    "outcome"};

namespace {

std::vector<std::string> rowFields(const SweepRow& r) {
    return {r.point,
            r.autoValue,
            std::to_string(r.autoEvaluations),
            std::to_string(r.bits),
            std::to_string(r.constructionBits),
            fmt::format("{:.6f}", r.effectiveBits),
            fmt::format("{:g}", r.bound),
            r.boundClass,
            std::to_string(r.instances),
            fmt::format("{:.6f}", r.correctFraction),
            r.outcomeText()};
}

nlohmann::ordered_json fitJson(const std::optional<PowerFit>& f) {
    if (!f) return nullptr;
    return {{"slope", f->slope}, {"constant", f->constant}, {"points", f->points}, {"r2", f->r2}};
}

std::string fitLine(const char* what, const std::string& axis, const std::optional<PowerFit>& f) {
    if (!f) return {};
    const double slope = std::abs(f->slope) < 5e-4 ? 0.0 : f->slope;  // no "-0.000"
    return fmt::format("  {:<18}≈ {:.4g} · {}^{:.3f}   (R² {:.3f}, {} points)\n", what, f->constant,
                       axis, slope, f->r2, f->points);
}

}  // namespace

int SweepReport::exitCode() const {
    int code = 0;
    for (const SweepRow& r : rows) code = std::max(code, r.exitCode());
    return code;
}

std::string writeCsv(const SweepReport& s) {
    std::string out = "sweep";
    for (const std::string& a : s.axes) out += "," + csvField(a);
    for (const std::string& c : kSweepColumns) out += "," + c;
    out += "\n";
    for (const SweepRow& r : s.rows) {
        out += csvField(s.command);
        for (const std::string& a : s.axes) out += "," + csvField(r.values.at(a));
        for (const std::string& f : rowFields(r)) out += "," + csvField(f);
        out += "\n";
    }
    return out;
}

nlohmann::ordered_json toJson(const SweepReport& s) {
    nlohmann::ordered_json j;
    j["schema"] = kSweepSchema;
    j["provenance"] = provenanceJson("", s.inputs);
    j["command"] = s.command;
    j["reduction"] = s.reduction;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const SweepRow& r : s.rows) {
        nlohmann::ordered_json row;
        nlohmann::ordered_json values = nlohmann::ordered_json::object();
        for (std::size_t a = 0; a < s.axes.size(); ++a)
            values[s.axes[a]] = jsonValue(r.values.at(s.axes[a]), s.axisTypes.at(a));
        row["parameters"] = values;
        // The columns of kSweepColumns, typed: numbers as numbers, no value as null.
        row["point"] = r.point;
        row["auto_value"] = r.autoValue.empty() || r.autoValue == "none"
                                ? nlohmann::ordered_json(nullptr)
                                : jsonValue(r.autoValue, ParamType::Int);
        row["auto_evaluations"] = r.autoEvaluations;
        row["bits"] = r.bits;
        row["construction_bits"] = r.constructionBits;
        row["effective_bits"] = r.effectiveBits;
        row["bound_bits"] = r.bound;
        row["bound_class"] = r.boundClass;
        row["instances"] = r.instances;
        row["correct_fraction"] = r.correctFraction;
        row["outcome"] = r.outcomeText();
        rows.push_back(row);
    }
    j["rows"] = rows;
    j["fit"] = {{"size", s.sizeAxis},
                {"bits", fitJson(s.bitsFit)},
                {"bound", fitJson(s.boundFit)},
                {"construction_bits", fitJson(s.constructionFit)}};
    return j;
}

std::string writeJson(const SweepReport& s) { return dumpJson(toJson(s)); }

std::string writeText(const SweepReport& s) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header;
    for (const std::string& a : s.axes) header.push_back(a);
    for (const char* c : {"bits", "constr.", "effective", "bound", "correct", "outcome"})
        header.emplace_back(c);
    rows.push_back(header);
    for (const SweepRow& r : s.rows) {
        std::vector<std::string> row;
        for (const std::string& a : s.axes) row.push_back(r.values.at(a));
        row.push_back(std::to_string(r.bits));
        row.push_back(std::to_string(r.constructionBits));
        row.push_back(fmt::format("{:.2f}", r.effectiveBits));
        row.push_back(fmt::format("{:g}", r.bound));
        row.push_back(fmt::format("{:.4f}", r.correctFraction));
        row.push_back(r.outcomeText());
        rows.push_back(row);
    }
    std::vector<std::size_t> width(header.size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::string out = fmt::format("sweep         {}\n\n", s.command);
    for (const auto& row : rows) {
        std::string line = " ";
        // Numbers right-aligned; the outcome, last, left-aligned and unpadded, so one long
        // failure reason does not widen every line.
        for (std::size_t c = 0; c + 1 < row.size(); ++c)
            line += " " + std::string(width[c] - row[c].size(), ' ') + row[c];
        out += line + " " + row.back() + "\n";
    }
    if (!s.sizeAxis.empty() && (s.bitsFit || s.boundFit)) {
        out += fmt::format("\nlog-log fits against {}\n", s.sizeAxis);
        out += fitLine("measured bits", s.sizeAxis, s.bitsFit);
        out += fitLine("construction bits", s.sizeAxis, s.constructionFit);
        out += fitLine("lower bound", s.sizeAxis, s.boundFit);
        if (!s.growth.empty()) out += fmt::format("  theory: {}\n", s.growth);
    }
    return out;
}

std::string write(const SweepReport& sweep, ReportFormat format) { return writeAs(sweep, format); }

}  // namespace ccsim
