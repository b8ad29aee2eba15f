#include "sweep_resume.hpp"

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ccsim/error.hpp>

namespace ccsim::cli {

std::vector<std::string> csvSplit(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

std::map<std::string, SweepRow> parsePreviousRows(const std::string& text, const std::string& path,
                                                  ReportFormat format, const std::string& command,
                                                  const std::vector<SweepAxis>& axes) {
    std::map<std::string, SweepRow> out;
    auto fromFields = [&](std::map<std::string, std::string> f) {
        SweepRow r;
        r.point = f.at("point");
        for (const SweepAxis& a : axes) r.values[a.name] = f.at(a.name);
        r.autoValue = f.at("auto_value");
        r.autoEvaluations = std::stoi(f.at("auto_evaluations"));
        r.bits = std::stoull(f.at("bits"));
        r.constructionBits = std::stoull(f.at("construction_bits"));
        r.effectiveBits = std::stod(f.at("effective_bits"));
        r.bound = std::stod(f.at("bound_bits"));
        r.boundClass = f.at("bound_class");
        r.instances = std::stoull(f.at("instances"));
        r.correctFraction = std::stod(f.at("correct_fraction"));
        r.outcome = f.at("outcome");
        out[r.point] = r;
    };
    auto mismatch = [&](const std::string& other) {
        return UsageError(
            fmt::format("--resume: {} holds rows of another sweep ({}); remove it "
                        "or write elsewhere",
                        path, other));
    };
    try {
        if (format == ReportFormat::Csv) {
            std::istringstream lines(text);
            std::string line;
            if (!std::getline(lines, line)) return {};
            const std::vector<std::string> header = csvSplit(line);
            while (std::getline(lines, line)) {
                const std::vector<std::string> f = csvSplit(line);
                if (f.size() != header.size()) throw mismatch("a row has the wrong column count");
                if (f.front() != command) throw mismatch(f.front());
                std::map<std::string, std::string> m;
                for (std::size_t i = 0; i < f.size(); ++i) m[header[i]] = f[i];
                fromFields(m);
            }
        } else {
            const auto j = nlohmann::json::parse(text);
            if (j.value("command", "") != command) throw mismatch(j.value("command", "?"));
            for (const auto& row : j.at("rows")) {
                std::map<std::string, std::string> m;
                for (const auto& [k, v] : row.items())
                    if (v.is_string()) m[k] = v.get<std::string>();
                for (const auto& [k, v] : row.at("parameters").items()) m[k] = v.get<std::string>();
                fromFields(m);
            }
        }
    } catch (const UsageError&) {
        throw;
    } catch (const std::exception& e) {
        throw UsageError(fmt::format("--resume: cannot read the rows of {} ({})", path, e.what()));
    }
    return out;
}

}  // namespace ccsim::cli
