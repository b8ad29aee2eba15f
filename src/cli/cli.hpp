#pragma once
// Internal to the ccsim binary: the command table and the commands it dispatches to.
// Each command takes the words after its name and returns the process exit code; usage
// errors are thrown (UsageError) and turned into exit code 2 by main().

#include <string>
#include <string_view>
#include <vector>

namespace ccsim::cli {

using Args = std::vector<std::string>;

struct Command {
    std::string_view name;
    std::string_view synopsis;  ///< usage line after "ccsim "
    std::string_view summary;   ///< one line for --help
    int (*run)(const Args& args);
};

/// The one table of subcommands: dispatch, help and "did you mean" all read it.
const std::vector<Command>& commands();

int dispatch(const Args& args);

int runCommand(const Args& args);
int listCommand(const Args& args);
int explainCommand(const Args& args);
int demoCommand(const Args& args);
int evalCommand(const Args& args);
int forwardCommand(const Args& args);
int exportCommand(const Args& args);
int dataCommand(const Args& args);
int ccCommand(const Args& args);
int sweepCommand(const Args& args);

/// Prints usage errors' context: "ccsim run: ..." style help of one command.
std::string commandHelp(std::string_view name);

}  // namespace ccsim::cli
