#pragma once
// What every libFuzzer harness in tests/fuzz/ shares. A harness feeds one input to a parser;
// the parser may reject it with ccsim's documented error for bad input (UsageError), and
// anything else is a finding: an InternalError (a failed CCSIM_CHECK), any other exception,
// a crash, a leak, or undefined behaviour (the harnesses are built with ASan and UBSan).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include <cxxabi.h>

#include <ccsim/error.hpp>

namespace ccsim::fuzz {

/// Aborts (which libFuzzer reports as a crash, with the input) after printing why.
[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

/// Checks a property of the parser's answer.
inline void require(bool ok, const std::string& what) {
    if (!ok) finding(what);
}

/// Runs f; a UsageError is a proper answer to bad input, any other exception a finding.
template <class F>
void rejectsOnlyWithUsageError(F&& f) {
    try {
        f();
    } catch (const UsageError&) {
    } catch (const std::exception& e) {
        int status = 0;
        char* name = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
        const std::string type = status == 0 && name ? name : typeid(e).name();
        std::free(name);
        finding(type + ": " + e.what());
    }
}

/// The input as text.
inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// The input as words, one per line (the harnesses of command-line words use this).
inline std::vector<std::string> lines(std::string_view input) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        out.emplace_back(input.substr(start, end - start));
        start = end + 1;
    }
    if (!out.empty() && out.back().empty()) out.pop_back();  // a final newline ends a word
    return out;
}

}  // namespace ccsim::fuzz
