#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <ccsim/error.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/sweep/resume.hpp>
#include <ccsim/verify/verdict.hpp>

namespace ccsim {

std::map<std::string, SweepRow> parsePreviousRows(const std::string& text, const std::string& path,
                                                  ReportFormat format, const std::string& command,
                                                  const std::vector<SweepAxis>& axes) {
    std::map<std::string, SweepRow> out;
    // Every field is checked: a row read back goes into tables and fits as if computed now.
    // `where` names the row in errors ("line 3", "row 2").
    std::set<std::string> grid;
    for (const auto& point : expandGrid(axes)) {
        grid.insert(pointKey(point));
    }
    auto fromFields = [&](std::map<std::string, std::string> f, const std::string& where) {
        auto field = [&](const std::string& name) -> const std::string& {
            const auto it = f.find(name);
            if (it == f.end())
                throw UsageError(fmt::format("--resume: {} {}: no field {}", path, where, name));
            return it->second;
        };
        auto bad = [&](const std::string& name, const std::string& why) {
            return UsageError(fmt::format("--resume: {} {}: {} '{}' {}; remove the row or the file",
                                          path, where, name, field(name), why));
        };
        auto count = [&](const std::string& name) {
            const std::string& text = field(name);
            std::uint64_t v = 0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
                throw bad(name, "is not a non-negative integer");
            return v;
        };
        auto number = [&](const std::string& name, double lo, double hi) {
            const std::string& text = field(name);
            // A problem without a bound in the protocol's class has a NaN bound: written
            // "nan" in CSV and null in JSON.
            if (name == "bound_bits" && text == "nan") return std::nan("");
            double v = 0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
                !std::isfinite(v) || v < lo || v > hi)
                throw bad(name, fmt::format("is not a number in [{:g}, {:g}]", lo, hi));
            return v;
        };
        SweepRow r;
        r.point = field("point");
        if (grid.count(r.point) == 0) throw bad("point", "is not a point of this sweep's grid");
        std::string expected;
        for (const SweepAxis& a : axes) {
            r.values[a.name] = field(a.name);
            if (!a.automatic)
                expected += (expected.empty() ? "" : " ") + a.name + "=" + field(a.name);
        }
        if (expected != r.point) throw bad("point", "does not match the row's parameter values");
        r.autoValue = field("auto_value");
        r.autoEvaluations =
            static_cast<int>(std::min<std::uint64_t>(count("auto_evaluations"), 1 << 20));
        r.bits = count("bits");
        r.constructionBits = count("construction_bits");
        r.effectiveBits = number("effective_bits", 0, 1e18);
        r.bound = number("bound_bits", 0, 1e18);
        r.boundClass = field("bound_class");
        r.instances = count("instances");
        r.correctFraction = number("correct_fraction", 0, 1);
        const std::string& outcome = field("outcome");
        for (const Outcome o : kOutcomes)
            if (outcome == nameOf(o)) r.outcome = o;
        // An auto search that found no working value records its reason instead.
        if (!r.outcome && r.autoValue == "none" && outcome.starts_with("no ")) r.failure = outcome;
        if (!r.outcome && r.failure.empty()) throw bad("outcome", "is not an outcome ccsim writes");
        if (out.count(r.point) != 0) throw bad("point", "appears twice");
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
            if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF
            const std::vector<std::string> header = csvSplit(line);
            for (std::size_t number = 2; std::getline(lines, line); ++number) {
                if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF
                if (line.empty()) continue;
                const std::vector<std::string> f = csvSplit(line);
                if (f.size() != header.size())
                    throw UsageError(fmt::format(
                        "--resume: {} line {}: {} fields, the header has {}; remove the row "
                        "or the file",
                        path, number, f.size(), header.size()));
                if (f.front() != command) throw mismatch(f.front());
                std::map<std::string, std::string> m;
                for (std::size_t i = 0; i < f.size(); ++i) m[header[i]] = f[i];
                fromFields(m, fmt::format("line {}", number));
            }
        } else {
            const auto j = nlohmann::json::parse(text);
            const bool automatic = std::any_of(axes.begin(), axes.end(),
                                               [](const SweepAxis& a) { return a.automatic; });
            if (j.value("command", "") != command) throw mismatch(j.value("command", "?"));
            std::size_t number = 0;
            for (const auto& row : j.at("rows")) {
                ++number;
                // ccsim.sweep/2 writes numbers as numbers and a missing auto value as null;
                // ccsim.sweep/1 wrote every field as a string. Both read back as the text
                // the CSV holds, and are checked alike.
                std::map<std::string, std::string> m;
                auto asText = [&](const std::string& key, const nlohmann::json& v) {
                    if (v.is_string())
                        m[key] = v.get<std::string>();
                    else if (v.is_number_integer())
                        m[key] = std::to_string(v.get<std::int64_t>());
                    else if (v.is_number_float())
                        m[key] = fmt::format("{}", v.get<double>());
                    else if (v.is_null() && key == "auto_value")
                        m[key] = automatic ? "none" : "";
                    else if (v.is_null() && key == "bound_bits")
                        m[key] = "nan";
                };
                for (const auto& [k, v] : row.items()) asText(k, v);
                for (const auto& [k, v] : row.at("parameters").items()) asText(k, v);
                // A number is written in its shortest form (n=02 as 2); the point keeps the
                // text as given. Where the two name the same number, the point's text is the
                // value, so the row matches its grid point.
                if (row.contains("point") && row.at("point").is_string() &&
                    row.at("parameters").is_object()) {
                    std::istringstream words(row.at("point").get<std::string>());
                    for (std::string word; words >> word;) {
                        const auto eq = word.find('=');
                        if (eq == std::string::npos) continue;
                        const std::string name = word.substr(0, eq), text = word.substr(eq + 1);
                        const auto& params = row.at("parameters");
                        if (!params.contains(name) || !params.at(name).is_number()) continue;
                        double parsed = 0;
                        const auto [ptr, ec] =
                            std::from_chars(text.data(), text.data() + text.size(), parsed);
                        if (ec == std::errc() && ptr == text.data() + text.size() &&
                            parsed == params.at(name).get<double>())
                            m[name] = text;
                    }
                }
                fromFields(m, fmt::format("row {}", number));
            }
        }
    } catch (const UsageError&) {
        throw;
    } catch (const std::exception& e) {
        throw UsageError(fmt::format("--resume: cannot read the rows of {} ({})", path, e.what()));
    }
    return out;
}

std::map<std::string, SweepRow> readPreviousRows(const std::string& path, ReportFormat format,
                                                 const std::string& command,
                                                 const std::vector<SweepAxis>& axes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return {};  // a fresh start
    // Read back and then rewritten on purpose: not recorded as an input of the command.
    const std::string text =
        files::readInput(path, "--resume file", std::uint64_t{1} << 28, /*record=*/false);
    return parsePreviousRows(text, path, format, command, axes);
}

}  // namespace ccsim
