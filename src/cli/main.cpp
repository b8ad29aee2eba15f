// The ccsim binary: the only place that catches errors and turns them into exit codes
// (0 success, 1 run failed or inconsistent, 2 usage error).

#include <exception>
#include <iostream>

#include <boost/program_options/errors.hpp>

#include <ccsim/error.hpp>

#include "cli.hpp"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    ccsim::cli::Args args(argv + 1, argv + argc);
    try {
        return ccsim::cli::dispatch(args);
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
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "ccsim: internal error: " << e.what() << "\n";
        return 1;
    }
}
