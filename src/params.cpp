#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/params.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

std::vector<ParamSpec> concatParams(std::initializer_list<std::vector<ParamSpec>> parts) {
    std::vector<ParamSpec> all;
    for (const std::vector<ParamSpec>& part : parts)
        all.insert(all.end(), part.begin(), part.end());
    return all;
}

std::string_view nameOf(ParamType type) {
    switch (type) {
        case ParamType::Int:
            return "int";
        case ParamType::Real:
            return "real";
        case ParamType::String:
            return "string";
    }
    return "?";
}

Params::Params(std::vector<ParamSpec> specs, const std::vector<std::string>& words,
               std::string owner)
    : specs_(std::move(specs)), owner_(std::move(owner)) {
    std::vector<std::string> names;
    for (const ParamSpec& s : specs_) names.push_back(s.name);
    for (const std::string& word : words) {
        const auto eq = word.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError(fmt::format("expected a parameter name=value, got '{}'", word));
        std::string name = word.substr(0, eq);
        std::string value = word.substr(eq + 1);
        bool known = false;
        for (const ParamSpec& s : specs_) known = known || s.name == name;
        if (!known)
            throw UsageError(fmt::format("unknown parameter '{}' for {}{}; known: {}", name, owner_,
                                         didYouMean(name, names), knownNames()));
        if (value.empty()) throw UsageError(fmt::format("parameter {} has an empty value", name));
        if (given_.count(name) != 0)
            throw UsageError(fmt::format("parameter {} is given twice", name));
        given_.emplace(std::move(name), std::move(value));
    }
}

std::string Params::knownNames() const {
    if (specs_.empty()) return "none";
    std::string out;
    for (const ParamSpec& s : specs_) out += (out.empty() ? "" : ", ") + s.name;
    return out;
}

const ParamSpec& Params::spec(std::string_view name) const {
    for (const ParamSpec& s : specs_)
        if (s.name == name) return s;
    throw InternalError(fmt::format("{} reads parameter '{}' it never declared", owner_, name));
}

std::string Params::value(const ParamSpec& s) {
    read_[s.name] = true;
    const auto it = given_.find(s.name);
    return it == given_.end() ? s.defaultValue : it->second;
}

std::int64_t Params::getInt(std::string_view name) {
    const ParamSpec& s = spec(name);
    CCSIM_CHECK(s.type == ParamType::Int);
    const std::string text = value(s);
    std::int64_t v = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec == std::errc::result_out_of_range)
        throw UsageError(
            fmt::format("parameter {}={} is out of the 64-bit integer range", s.name, text));
    if (ec != std::errc() || ptr != end)
        throw UsageError(fmt::format("parameter {}={} is not an integer", s.name, text));
    const std::int64_t lo = s.min.value_or(INT64_MIN);
    const std::int64_t hi = s.max.value_or(INT64_MAX);
    if (v < lo || v > hi)
        throw UsageError(
            fmt::format("parameter {}={} out of range [{}, {}]", s.name, text, lo, hi));
    // Reports record the canonical spelling (n=010 is recorded as n=10).
    if (const auto it = given_.find(s.name); it != given_.end()) it->second = std::to_string(v);
    return v;
}

std::int64_t Params::getInt(std::string_view name, std::int64_t lo, std::int64_t hi,
                            std::string_view why) {
    const std::int64_t v = getInt(name);
    if (v < lo || v > hi)
        throw UsageError(
            fmt::format("parameter {}={} out of range [{}, {}] ({})", name, v, lo, hi, why));
    return v;
}

double Params::getReal(std::string_view name) {
    const ParamSpec& s = spec(name);
    CCSIM_CHECK(s.type == ParamType::Real);
    const std::string text = value(s);
    double v = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || !std::isfinite(v))
        throw UsageError(fmt::format("parameter {}={} is not a finite number", s.name, text));
    return v;
}

std::string Params::getString(std::string_view name) {
    const ParamSpec& s = spec(name);
    CCSIM_CHECK(s.type == ParamType::String);
    return value(s);
}

bool Params::isGiven(std::string_view name) const { return given_.count(spec(name).name) != 0; }

void Params::checkAllUsed() const {
    for (const ParamSpec& s : specs_) {
        if (given_.count(s.name) != 0 && read_.count(s.name) == 0)
            throw UsageError(
                fmt::format("parameter {} is not used by {} with these settings", s.name, owner_));
    }
}

std::vector<std::pair<std::string, std::string>> Params::resolved() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const ParamSpec& s : specs_) {
        const auto it = given_.find(s.name);
        out.emplace_back(s.name, it == given_.end() ? s.defaultValue : it->second);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> Params::used() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, value] : resolved())
        if (read_.count(name) != 0) out.emplace_back(name, value);
    return out;
}

std::vector<ParamValue> Params::resolvedValues() const {
    std::vector<ParamValue> out;
    for (const auto& [name, value] : resolved()) out.push_back({name, value, spec(name).type});
    return out;
}

std::vector<ParamValue> Params::usedValues() const {
    std::vector<ParamValue> out;
    for (const auto& [name, value] : used()) out.push_back({name, value, spec(name).type});
    return out;
}

std::vector<std::pair<std::string, std::string>> Params::given() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const ParamSpec& s : specs_) {
        const auto it = given_.find(s.name);
        if (it != given_.end()) out.emplace_back(s.name, it->second);
    }
    return out;
}

}  // namespace ccsim
