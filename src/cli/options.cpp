#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/suggest.hpp>

namespace po = boost::program_options;

namespace ccsim::cli {

bool parseOptions(const Args& args, po::options_description& desc, po::variables_map& vm,
                  std::string_view command,
                  const std::function<std::string(const std::vector<std::string>&)>& moreHelp) {
    desc.add_options()("help,h", "show this help");
    po::options_description hidden;
    hidden.add_options()("positional", po::value<std::vector<std::string>>(), "");
    po::options_description all;
    all.add(desc).add(hidden);
    po::positional_options_description pos;
    pos.add("positional", -1);
    try {
        po::store(
            po::command_line_parser(args)
                .options(all)
                .positional(pos)
                .style(po::command_line_style::unix_style ^ po::command_line_style::allow_guessing)
                .run(),
            vm);
        po::notify(vm);
    } catch (const po::unknown_option& e) {
        std::vector<std::string> names;
        for (const auto& option : desc.options()) names.push_back("--" + option->long_name());
        const std::string bad = e.get_option_name();
        throw UsageError(
            fmt::format("unknown option '{}' for {}{}", bad, command, didYouMean(bad, names)));
    } catch (const po::error& e) {
        throw UsageError(fmt::format("{}: {}", command, e.what()));
    }
    if (vm.count("help") != 0) {
        std::cout << commandHelp(command) << "\n" << desc << "\n";
        if (moreHelp) std::cout << moreHelp(positionalWords(vm));
        return false;
    }
    return true;
}

std::uint64_t parseCount(std::string_view option, const std::string& text, std::uint64_t lo,
                         std::uint64_t hi) {
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty())
        throw UsageError(fmt::format("{} {} is not a non-negative integer", option, text));
    if (value < lo || value > hi)
        throw UsageError(fmt::format("{} {} out of range [{}, {}]", option, text, lo, hi));
    return value;
}

double parseNumber(std::string_view option, const std::string& text, double lo, double hi) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty() || !std::isfinite(value))
        throw UsageError(fmt::format("{} {} is not a number", option, text));
    if (value < lo || value > hi)
        throw UsageError(fmt::format("{} {} out of range [{:g}, {:g}]", option, text, lo, hi));
    return value;
}

std::vector<std::string> positionalWords(const po::variables_map& vm) {
    if (vm.count("positional") == 0) return {};
    return vm["positional"].as<std::vector<std::string>>();
}

void addCheckOptions(po::options_description& desc, CheckOptionTexts& texts,
                     const char* sampleHelp) {
    desc.add_options()  //
        ("seed", po::value(&texts.seed)->default_value(texts.seed)->value_name("S"),
         "seed of every random choice")  //
        ("threads", po::value(&texts.threads)->default_value(texts.threads)->value_name("T"),
         "worker threads (results do not depend on it)")                   //
        ("sample", po::value(&texts.sample)->value_name("N"), sampleHelp)  //
        ("distribution",
         po::value(&texts.distribution)->default_value(texts.distribution)->value_name("D"),
         "with --sample: the problem's distribution to draw from (uniform, or hard: the "
         "lower-bound proof's; see 'ccsim explain')")  //
        ("engine", po::value(&texts.engine)->default_value(texts.engine)->value_name("E"),
         "auto|tree|reference: the tree walk where it applies, or the instance-by-instance "
         "reference (results do not depend on it)")  //
        ("max-log2-instances",
         po::value(&texts.maxLog2)->default_value(texts.maxLog2)->value_name("X"),
         "refuse exhaustive runs over more than 2^X instances before they start")  //
        ;
    addLimitOptions(desc, texts.limits);
}

void addLimitOptions(po::options_description& desc, LimitOptionTexts& texts) {
    desc.add_options()  //
        ("max-time", po::value(&texts.maxTime)->default_value(texts.maxTime)->value_name("S"),
         "refuse work estimated, or stop a run measured, to take over S seconds (0: no "
         "limit)")  //
        ("max-memory",
         po::value(&texts.maxMemory)->default_value(texts.maxMemory)->value_name("SIZE"),
         "refuse models and runs estimated to need more memory (like 8G or 512M; default: "
         "80% of this machine's; 0: no limit)");
}

void applyLimitOptions(const LimitOptionTexts& texts) {
    ResourceLimits& limits = resourceLimits();
    limits.seconds = parseNumber("--max-time", texts.maxTime, 0, 1e9);
    limits.memoryBytes = texts.maxMemory == "default" ? defaultMemoryLimit()
                                                      : parseBytes("--max-memory", texts.maxMemory);
    enforceMemoryLimit();
}

std::string reductionHelp(const std::vector<std::string>& words) {
    const ReductionRegistry& registry = ReductionRegistry::instance();
    if (!words.empty()) {
        const ReductionInfo* info = registry.find(words.front());
        if (!info) {
            std::vector<std::string> names;
            for (const ReductionInfo& r : registry.all()) names.push_back(r.name);
            throw UsageError(fmt::format("unknown reduction '{}'{}; see 'ccsim list'",
                                         words.front(), didYouMean(words.front(), names)));
        }
        return fmt::format(
            "parameters of {} (name=value)\n{}\n'ccsim explain {}' shows its "
            "protocol and bounds\n",
            info->name, parameterTable(info->params), info->name);
    }
    std::string out = "reductions ('ccsim run REDUCTION --help' lists its parameters)\n";
    for (const ReductionInfo& r : registry.all())
        out += fmt::format("  {:<18}{}\n", r.name, r.summary);
    return out;
}

std::string parameterTable(const std::vector<ParamSpec>& params) {
    std::vector<std::vector<std::string>> rows;
    for (const ParamSpec& p : params) {
        std::string range;
        if (p.min || p.max)
            range = fmt::format(" (range [{}, {}])", p.min ? std::to_string(*p.min) : "-inf",
                                p.max ? std::to_string(*p.max) : "inf");
        rows.push_back(
            {p.name, std::string(nameOf(p.type)),
             p.defaultValue.empty() ? "(none)" : p.defaultValue,
             p.helpText() + range + (p.size ? "; a size: sweep accepts " + p.name + "=auto" : "")});
    }
    std::size_t widths[3] = {0, 0, 0};
    for (const auto& row : rows)
        for (std::size_t c = 0; c < 3; ++c) widths[c] = std::max(widths[c], row[c].size());
    std::string out;
    for (const auto& row : rows)
        out += fmt::format("  {:<{}}  {:<{}}  default {:<{}}  {}\n", row[0], widths[0], row[1],
                           widths[1], row[2], widths[2], row[3]);
    return out;
}

bool writesFile(const po::variables_map& vm, const std::string& output) {
    return vm.count("output") != 0 && output != "-";
}

unsigned parseThreads(const std::string& text) {
    if (text == "auto") return std::max(1U, std::thread::hardware_concurrency());
    return static_cast<unsigned>(parseCount("--threads", text, 1, 1024));
}

void applyCheckOptions(const po::variables_map& vm, const CheckOptionTexts& texts,
                       VerifyOptions& options) {
    options.seed = parseCount("--seed", texts.seed, 0, UINT64_MAX);
    options.threads = parseThreads(texts.threads);
    options.engine = parseEngine(texts.engine);
    options.maxLog2Instances = parseNumber("--max-log2-instances", texts.maxLog2, 0, 60);
    applyLimitOptions(texts.limits);
    options.maxSeconds = resourceLimits().seconds;
    options.distribution = texts.distribution;
    if (vm.count("distribution") != 0 && !vm["distribution"].defaulted() && vm.count("sample") == 0)
        throw UsageError("--distribution applies to sampled runs; give --sample N");
    if (vm.count("sample") != 0) {
        options.mode = VerifyMode::Sample;
        options.sampleCount = parseCount("--sample", texts.sample, 1, std::uint64_t{1} << 40);
    }
}

}  // namespace ccsim::cli
