#pragma once
/// \file
/// The error hierarchy of ccsim and the always-on invariant check.
///
/// Library code reports problems by throwing; only `main()` catches, prints `ccsim: <message>`
/// and maps the type to an exit code:
///  - UsageError (exit 2): the user asked for something invalid (flags, parameters, sizes,
///    files). Messages are lowercase, name the bad value and the allowed range.
///  - RunError (exit 1): a run could not complete although its input was valid.
///  - ProtocolViolation (exit 1, a RunError): a protocol broke a rule of the runtime (wrong
///    message width, unknown receiver). Always a bug in a protocol, never in user input.
///  - InternalError (exit 1): a CCSIM_CHECK failed; a bug in ccsim itself.

#include <sstream>
#include <stdexcept>
#include <string>

namespace ccsim {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class UsageError : public Error {
public:
    using Error::Error;
};

class RunError : public Error {
public:
    using Error::Error;
};

class ProtocolViolation : public RunError {
public:
    using RunError::RunError;
};

class InternalError : public Error {
public:
    using Error::Error;
};

namespace detail {

[[noreturn]] void checkFailed(const char* expr, const char* file, int line,
                              const std::string& values);

template <class A, class B>
std::string describePair(const A& a, const B& b) {
    std::ostringstream out;
    out << a << " vs " << b;
    return out.str();
}

}  // namespace detail

}  // namespace ccsim

/// Always-on invariant check (never compiled out, never used to validate user input).
#define CCSIM_CHECK(cond)                                                         \
    do {                                                                          \
        if (!(cond)) ::ccsim::detail::checkFailed(#cond, __FILE__, __LINE__, ""); \
    } while (false)

/// Checks `a op b` and prints both values when it fails.
#define CCSIM_CHECK_OP(a, op, b)                                            \
    do {                                                                    \
        const auto& ccsimCheckA_ = (a);                                     \
        const auto& ccsimCheckB_ = (b);                                     \
        if (!(ccsimCheckA_ op ccsimCheckB_))                                \
            ::ccsim::detail::checkFailed(                                   \
                #a " " #op " " #b, __FILE__, __LINE__,                      \
                ::ccsim::detail::describePair(ccsimCheckA_, ccsimCheckB_)); \
    } while (false)
