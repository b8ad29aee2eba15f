#pragma once
/// \file
/// Plugin parameters given on the command line as `name=value` words.
///
/// Each plugin declares its parameters (name, type, default, range, one-line help). Params
/// parses the user's words against the declaration: an undeclared name is a UsageError that
/// suggests the closest declared one. The plugin reads what it needs with get*(), and after
/// the plugin is built checkAllUsed() rejects every parameter the user gave but the plugin
/// never read (pbrt's ReportUnused): a mistyped or irrelevant parameter can never fall back
/// to a default silently.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccsim {

enum class ParamType { Int, Real, String };

std::string_view nameOf(ParamType type);

struct ParamSpec {
    std::string name;
    ParamType type = ParamType::Int;
    std::string defaultValue;         ///< as the user would type it
    std::string help;                 ///< one line
    std::optional<std::int64_t> min;  ///< Int only
    std::optional<std::int64_t> max;  ///< Int only
    /// Int only: a resource of the model or protocol (a dimension, heads, layers, a width,
    /// bits sent), the kind of parameter `sweep NAME=auto` may minimise. Problem sizes,
    /// seeds and targets are not.
    bool size = false;
    /// When set, the help text, computed when it is printed: for lists that other plugins
    /// fill in as they register (the constructions a user accepts), which cannot be read
    /// while the registrars run.
    std::function<std::string()> liveHelp = {};

    /// What help and explain print: liveHelp() if set, else help.
    std::string helpText() const { return liveHelp ? liveHelp() : help; }
};

/// The parts' declarations one after another: a plugin's own parameters around shared
/// groups (a model source, an RNN's parameters), in the order help and reports list them.
std::vector<ParamSpec> concatParams(std::initializer_list<std::vector<ParamSpec>> parts);

/// A parameter's effective value as a report records it: the text as given (or the default)
/// and the declared type.
struct ParamValue {
    std::string name;
    std::string value;
    ParamType type = ParamType::String;
};

class Params {
public:
    /// Parses words `name=value` against specs; owner names the plugin in messages.
    Params(std::vector<ParamSpec> specs, const std::vector<std::string>& words, std::string owner);

    /// Reads an Int parameter, checked against its declared range and, if given, the
    /// narrower range [lo, hi] with `why` explaining it (e.g. "k < n").
    std::int64_t getInt(std::string_view name);
    std::int64_t getInt(std::string_view name, std::int64_t lo, std::int64_t hi,
                        std::string_view why);
    double getReal(std::string_view name);
    std::string getString(std::string_view name);

    /// True if the user gave this parameter. Asking does not count as reading it.
    bool isGiven(std::string_view name) const;

    /// Throws UsageError naming the first given parameter that was never read.
    void checkAllUsed() const;

    /// Every declared parameter with its effective value (given or default), in declaration
    /// order: what a report records.
    std::vector<std::pair<std::string, std::string>> resolved() const;
    /// The parameters the plugin read (given or default), in declaration order: what the
    /// run depended on, and so what a command reproducing it must say.
    std::vector<std::pair<std::string, std::string>> used() const;
    /// resolved() and used() with each parameter's declared type, for writers that type
    /// their values (JSON writes Int and Real values as numbers).
    std::vector<ParamValue> resolvedValues() const;
    std::vector<ParamValue> usedValues() const;
    /// Only the parameters the user gave, in declaration order.
    std::vector<std::pair<std::string, std::string>> given() const;

    const std::vector<ParamSpec>& specs() const { return specs_; }
    /// The plugin or command the parameters belong to, as messages name it.
    const std::string& owner() const { return owner_; }

private:
    const ParamSpec& spec(std::string_view name) const;
    std::string value(const ParamSpec& spec);
    std::string knownNames() const;

    std::vector<ParamSpec> specs_;
    std::string owner_;
    std::map<std::string, std::string, std::less<>> given_;
    std::map<std::string, bool, std::less<>> read_;
};

}  // namespace ccsim
