// libFuzzer harness: the safetensors reader (header JSON, dtypes, shapes, data offsets and the
// tensor data) and the model loaders that check the tensors' names and shapes. Input: the
// bytes of a .safetensors file.

#include <cstddef>
#include <cstdint>
#include <string>

#include <ccsim/model/fnn.hpp>
#include <ccsim/model/weights.hpp>

#include "fuzz.hpp"

using namespace ccsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = fuzz::text(data, size);
    const std::string path = "fuzz.safetensors";
    TensorFile file;
    bool read = false;
    fuzz::rejectsOnlyWithUsageError([&] {
        file = parseSafetensors(bytes, path);
        read = true;
    });
    if (!read) return 0;
    // A token dimension that fits the file, as `ccsim forward` would take from its tokens:
    // the column count of the first matrix (any count, 0 included, is a possible input).
    std::size_t dim = 1;
    for (const auto& [name, t] : file.tensors) {
        fuzz::require(t.data.size() == t.elements(), "tensor " + name + ": data size != shape");
        if (t.shape.size() == 2 && dim == 1) dim = t.shape[1];
    }
    const std::size_t heads = 1 + size % 4;
    fuzz::rejectsOnlyWithUsageError([&] { loadAttention(file, path, dim, heads, false); });
    fuzz::rejectsOnlyWithUsageError([&] { loadAttention(file, path, dim, heads, true); });
    fuzz::rejectsOnlyWithUsageError([&] { loadTransformer(file, path, dim); });
    fuzz::rejectsOnlyWithUsageError([&] { loadFnn(file, path, 1, dim); });
    if (dim % 2 == 0 && dim > 0)
        fuzz::rejectsOnlyWithUsageError([&] { loadFnn(file, path, 2, dim / 2); });
    return 0;
}
