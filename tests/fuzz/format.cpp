// libFuzzer harness: number-format spellings (Format::parse: fixed:P:F, float:E:M and the
// names), and the invariants of what it returns. Input: a spelling.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include <ccsim/numeric/format.hpp>

#include "fuzz.hpp"

using namespace ccsim;

namespace {

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void checkFormat(const Format& f, const std::string& spelling) {
    const int p = f.widthBits();
    fuzz::require(p >= 1 && p <= 64, spelling + ": width out of [1, 64]");
    // The canonical spelling reads back as the same format.
    fuzz::require(Format::parse(f.name()) == f, spelling + ": name() does not parse back");
    const double probes[] = {0.0,
                             -0.0,
                             1.0,
                             -1.0,
                             0.5,
                             1.0 / 3.0,
                             -2.75,
                             1e300,
                             -1e-300,
                             f.maxFinite(),
                             -f.maxFinite(),
                             f.minPositive(),
                             f.minPositive() / 2,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN()};
    for (double x : probes) {
        if (std::isnan(x) && f.kind() == Format::Kind::Fixed) continue;  // a RunError by design
        const std::uint64_t code = f.encode(x);
        fuzz::require(p == 64 || code >> p == 0, spelling + ": code wider than the format");
        fuzz::require(same(f.quantize(x), f.decode(code)),
                      spelling + ": quantize(x) != decode(encode(x))");
        fuzz::require(same(f.decode(code), f.decodeReference(code)),
                      spelling + ": decode differs from its reference");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string spelling = fuzz::text(data, size);
    fuzz::rejectsOnlyWithUsageError([&] { checkFormat(Format::parse(spelling), spelling); });
    return 0;
}
