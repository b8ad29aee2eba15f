// The ccsim binary: the only place that catches errors and turns them into exit codes
// (0 success, 1 run failed or inconsistent, 2 usage error, 130/143 interrupted by SIGINT or
// SIGTERM).

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>

#include <boost/program_options/errors.hpp>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/files.hpp>

#include "cli.hpp"

namespace {

/// The command's result after stdout is flushed: a report that did not reach stdout (a full
/// disk, a closed pipe) is a failed run, not a success.
int flushed(int code) {
    std::cout.flush();
    if (std::cout.fail()) {
        std::cerr << "ccsim: cannot write to standard output: " << std::strerror(errno) << "\n";
        return code == 0 ? 1 : code;
    }
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    ccsim::files::installSignalHandlers();
    // The default memory limit holds for every command; those with --max-memory reset it.
    ccsim::enforceMemoryLimit();
    ccsim::cli::Args args(argv + 1, argv + argc);
    // Inputs and outputs of this one command are checked against each other.
    const ccsim::files::CommandScope scope;
    try {
        return flushed(ccsim::cli::dispatch(args));
    } catch (const ccsim::UsageError& e) {
        std::cout.flush();
        std::cerr << "ccsim: " << e.what() << "\n";
        return 2;
    } catch (const boost::program_options::error& e) {
        std::cout.flush();
        std::cerr << "ccsim: " << e.what() << "\n";
        return 2;
    } catch (const ccsim::Error& e) {
        std::cout.flush();
        std::cerr << "ccsim: " << e.what() << "\n";
        return 1;
    } catch (const std::bad_alloc&) {
        // A size that passed every estimate and still did not fit: say so, never crash.
        std::cout.flush();
        const double limit = ccsim::resourceLimits().memoryBytes;
        std::cerr << "ccsim: out of memory: an allocation no estimate foresaw went over "
                  << (limit > 0
                          ? "the memory limit of " + ccsim::formatBytes(limit) + " (--max-memory)"
                          : std::string("this machine's memory"))
                  << "; choose smaller parameters\n";
        return 2;
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "ccsim: internal error: " << e.what() << "\n";
        return 1;
    }
}
