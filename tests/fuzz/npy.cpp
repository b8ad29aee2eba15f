// libFuzzer harness: the .npy reader (`ccsim forward input=TOKENS.npy`). Input: the bytes of
// a .npy file.

#include <cstddef>
#include <cstdint>
#include <string>

#include <ccsim/model/weights.hpp>

#include "fuzz.hpp"

using namespace ccsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = fuzz::text(data, size);
    fuzz::rejectsOnlyWithUsageError([&] {
        const Matrix m = parseNpy(bytes, "fuzz.npy");
        // The data must have been there: 2, 4 or 8 bytes per entry after the header.
        const auto entries =
            static_cast<std::size_t>(m.rows()) * static_cast<std::size_t>(m.cols());
        fuzz::require(m.rows() >= 0 && m.cols() >= 0 && 2 * entries <= size,
                      "matrix larger than the file");
    });
    return 0;
}
