// libFuzzer harness: `name=value` plugin parameters (Params: parsing, typed reads, range
// checks, the unused-parameter check). Input: the words, one per line; the first byte also
// picks which parameters the "plugin" reads.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <ccsim/numeric/format.hpp>
#include <ccsim/params.hpp>

#include "fuzz.hpp"

using namespace ccsim;

namespace {

std::vector<ParamSpec> specs() {
    return {
        {"n", ParamType::Int, "8", "an int in [1, 64]", 1, 64},
        {"k", ParamType::Int, "0", "any int", std::nullopt, std::nullopt},
        {"m", ParamType::Int, "4", "an int >= 1", 1, std::nullopt},
        {"temperature", ParamType::Real, "1.0", "a real", std::nullopt, std::nullopt},
        {"precision", ParamType::String, "fp32", "a number format", std::nullopt, std::nullopt},
        {"construction", ParamType::String, "random", "a string", std::nullopt, std::nullopt},
    };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = fuzz::text(data, size);
    const unsigned reads = size > 0 ? data[0] : 0xff;
    fuzz::rejectsOnlyWithUsageError([&] {
        Params p(specs(), fuzz::lines(input), "fuzz");
        // Each read on its own: one rejected value must not hide the next.
        if (reads & 1) fuzz::rejectsOnlyWithUsageError([&] { p.getInt("n"); });
        if (reads & 2) fuzz::rejectsOnlyWithUsageError([&] { p.getInt("k", -5, 5, "|k| <= 5"); });
        if (reads & 4) fuzz::rejectsOnlyWithUsageError([&] { p.getInt("m"); });
        if (reads & 8) fuzz::rejectsOnlyWithUsageError([&] { p.getReal("temperature"); });
        if (reads & 16)
            fuzz::rejectsOnlyWithUsageError([&] { Format::parse(p.getString("precision")); });
        if (reads & 32) fuzz::rejectsOnlyWithUsageError([&] { p.getString("construction"); });
        for (const ParamSpec& s : p.specs()) p.isGiven(s.name);
        fuzz::require(p.resolved().size() == p.specs().size(), "resolved() misses a parameter");
        fuzz::require(p.given().size() <= p.specs().size(), "given() has extra parameters");
        fuzz::require(p.used().size() <= p.specs().size(), "used() has extra parameters");
        p.checkAllUsed();
    });
    return 0;
}
