#include <ccsim/error.hpp>

namespace ccsim::detail {

void checkFailed(const char* expr, const char* file, int line, const std::string& values) {
    std::string message = "internal check failed: ";
    message += expr;
    if (!values.empty()) message += " (" + values + ")";
    message += " at ";
    message += file;
    message += ":" + std::to_string(line);
    throw InternalError(message);
}

}  // namespace ccsim::detail
