#pragma once
// Internal to the ccsim binary: Boost.Program_options parsing shared by the commands, with
// ccsim's error style (lowercase, one line, "did you mean" for misspelt options).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include <ccsim/params.hpp>
#include <ccsim/verify/runner.hpp>

#include "cli.hpp"

namespace ccsim::cli {

/// Parses args against desc with the remaining words collected into `positional`.
/// Returns false if --help was given (after printing help for command).
/// moreHelp, if given, gets the positional words and adds to --help (a reduction's or a
/// task's parameters).
bool parseOptions(const Args& args, boost::program_options::options_description& desc,
                  boost::program_options::variables_map& vm, std::string_view command,
                  const std::function<std::string(const std::vector<std::string>&)>& moreHelp = {});

/// --help text for run and sweep: the parameters of the reduction named first in words, or
/// the list of reductions.
std::string reductionHelp(const std::vector<std::string>& words);

/// The words that are not options (the command's positional arguments).
std::vector<std::string> positionalWords(const boost::program_options::variables_map& vm);

/// --max-memory and --max-time, the limits every command that does work takes
/// (ccsim/budget.hpp).
struct LimitOptionTexts {
    std::string maxMemory = "default";
    std::string maxTime = "3600";
};
void addLimitOptions(boost::program_options::options_description& desc, LimitOptionTexts& texts);
/// Parses them into resourceLimits() and caps the address space (enforceMemoryLimit).
void applyLimitOptions(const LimitOptionTexts& texts);

/// --seed, --threads, --sample, --engine and the size limits (--max-log2-instances,
/// --max-time, --max-memory), shared by the commands that check reductions.
struct CheckOptionTexts {
    std::string seed = "1";
    std::string threads = "auto";
    std::string sample;
    std::string engine = "auto";
    std::string distribution = "uniform";
    std::string maxLog2 = "40";
    LimitOptionTexts limits;
};
void addCheckOptions(boost::program_options::options_description& desc, CheckOptionTexts& texts,
                     const char* sampleHelp);
/// Parses them (UsageError naming the value as typed) into options.
void applyCheckOptions(const boost::program_options::variables_map& vm,
                       const CheckOptionTexts& texts, VerifyOptions& options);

/// The aligned table of name, type, default and help (with the range) that explain and the
/// commands' --help print.
std::string parameterTable(const std::vector<ParamSpec>& params);

/// True if -o was given with a file name: `-o -` (like no -o) writes to stdout.
bool writesFile(const boost::program_options::variables_map& vm, const std::string& output);

/// --threads as typed: "auto" (every core) or an integer in [1, 1024].
unsigned parseThreads(const std::string& text);

/// Parses an unsigned integer option value in [lo, hi]; UsageError naming the option and
/// the value as typed otherwise.
std::uint64_t parseCount(std::string_view option, const std::string& text, std::uint64_t lo,
                         std::uint64_t hi);
/// The same for a finite decimal number in [lo, hi].
double parseNumber(std::string_view option, const std::string& text, double lo, double hi);

}  // namespace ccsim::cli
