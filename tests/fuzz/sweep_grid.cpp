// libFuzzer harness: `ccsim sweep` grids (parseAxes: values, lists, ranges such as q=2..12:2,
// auto; expandGrid). Input: the words, one per line.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <ccsim/sweep/sweep.hpp>

#include "fuzz.hpp"

using namespace ccsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> words = fuzz::lines(fuzz::text(data, size));
    fuzz::rejectsOnlyWithUsageError([&] {
        const std::vector<SweepAxis> axes = parseAxes(words);
        fuzz::require(axes.size() == words.size(), "an axis per word");
        std::size_t fixed = 0;
        for (const SweepAxis& a : axes) {
            fuzz::require(a.automatic == a.values.empty(), "only auto axes have no values");
            fuzz::require(a.values.size() <= 10000, "an axis of more than 10000 values");
            fixed += a.automatic ? 0 : 1;
        }
        const auto points = expandGrid(axes);
        fuzz::require(!points.empty() && points.size() <= 10000, "grid size out of [1, 10000]");
        for (const auto& point : points) fuzz::require(point.size() == fixed, "a word per axis");
    });
    return 0;
}
