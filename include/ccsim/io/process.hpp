#pragma once
/// \file
/// Running an external program (gnuplot) without a shell: the arguments go to the program as
/// they are, so no file name or title can be read as a command.

#include <string>
#include <vector>

namespace ccsim {

struct ProgramResult {
    int status = -1;     ///< exit status, or -1 if it did not exit normally
    std::string output;  ///< what it wrote to stdout and stderr, at most 64 KiB
};

/// Runs argv[0] (looked up on PATH) with argv, stdin from /dev/null, and waits for it.
/// UsageError if it cannot be started.
ProgramResult runProgram(const std::vector<std::string>& argv);

/// True if an executable named `program` is on PATH.
bool onPath(const std::string& program);

}  // namespace ccsim
