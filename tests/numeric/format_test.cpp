#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <ccsim/error.hpp>
#include <ccsim/numeric/format.hpp>

using ccsim::Format;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

std::uint64_t lowMask(int bits) {
    return bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
}

std::string hex(double x) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%a", x);
    return buffer;
}

std::string hexCode(std::uint64_t code) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(code));
    return buffer;
}

/// Same value and, for zeros, the same sign; any two nans are the same.
bool sameDouble(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
}

/// Every fixed format with p <= 16, every IEEE-style float with 1+E+M <= 16 (fp16, bf16
/// and e5m2 among them) and e4m3: small enough to enumerate every code.
std::vector<Format> smallFormats() {
    std::vector<Format> formats;
    for (int p = 1; p <= 16; ++p)
        for (int f = 0; f <= p; ++f) formats.push_back(Format::fixed(p, f));
    for (int e = 2; e <= 11; ++e)
        for (int m = 1; 1 + e + m <= 16; ++m) formats.push_back(Format::ieee(e, m));
    formats.push_back(Format::parse("e4m3"));
    return formats;
}

/// Two's complement value of a fixed-format code (p <= 63).
std::int64_t signedCode(const Format& format, std::uint64_t code) {
    const int p = format.widthBits();
    if ((code >> (p - 1)) != 0) return static_cast<std::int64_t>(code) - (std::int64_t{1} << p);
    return static_cast<std::int64_t>(code);
}

/// The value of a float code straight from the IEEE-754 formula (E4M3FN per the OCP spec),
/// computed with std::pow rather than the implementation's ldexp.
double referenceFloatValue(const Format& format, std::uint64_t code) {
    const int e = format.expBits();
    const int m = format.mantBits();
    const int bias = (1 << (e - 1)) - 1;
    const bool negative = (code >> (e + m)) != 0;
    const std::uint64_t biased = (code >> m) & lowMask(e);
    const std::uint64_t mantissa = code & lowMask(m);
    const double sign = negative ? -1.0 : 1.0;
    if (format.kind() == Format::Kind::FloatFiniteNan) {
        if (biased == lowMask(e) && mantissa == lowMask(m)) return kNan;
    } else if (biased == lowMask(e)) {
        return mantissa == 0 ? sign * kInf : kNan;
    }
    const double fraction = static_cast<double>(mantissa) / std::pow(2.0, m);
    if (biased == 0) return sign * fraction * std::pow(2.0, 1 - bias);
    return sign * (1.0 + fraction) * std::pow(2.0, static_cast<double>(biased) - bias);
}

/// Codes of the representable values just below and above code's value, if finite.
struct Neighbours {
    std::optional<std::uint64_t> down;
    std::optional<std::uint64_t> up;
};

Neighbours neighbours(const Format& format, std::uint64_t code) {
    const int p = format.widthBits();
    Neighbours result;
    if (format.kind() == Format::Kind::Fixed) {
        const std::int64_t value = signedCode(format, code);
        const std::int64_t lowest = -(std::int64_t{1} << (p - 1));
        const std::int64_t highest = (std::int64_t{1} << (p - 1)) - 1;
        if (value > lowest) result.down = static_cast<std::uint64_t>(value - 1) & lowMask(p);
        if (value < highest) result.up = static_cast<std::uint64_t>(value + 1) & lowMask(p);
        return result;
    }
    const std::uint64_t signBit = std::uint64_t{1} << (p - 1);
    const std::uint64_t magnitude = code & (signBit - 1);
    const bool negative = (code & signBit) != 0;
    std::optional<std::uint64_t> away;  // next larger magnitude, same sign
    if (magnitude + 1 < signBit && std::isfinite(format.decode(magnitude + 1)))
        away = (code & signBit) | (magnitude + 1);
    // Toward zero; from ±0 the next value is the smallest subnormal of the other sign.
    const std::uint64_t toward = magnitude > 0 ? code - 1 : (code ^ signBit) | 1;
    if (negative) {
        result.down = away;
        result.up = toward;
    } else {
        result.down = toward;
        result.up = away;
    }
    return result;
}

/// Every code round-trips (nan to some nan), quantize agrees, and the sign bit mirrors.
std::string roundTripFailure(const Format& format) {
    const std::uint64_t count = std::uint64_t{1} << format.widthBits();
    for (std::uint64_t code = 0; code < count; ++code) {
        const double x = format.decode(code);
        const std::uint64_t again = format.encode(x);
        // Built only on failure: this loop runs millions of times.
        const auto where = [&] {
            return format.name() + " code " + hexCode(code) + " = " + hex(x);
        };
        if (std::isnan(x)) {
            if (!std::isnan(format.decode(again))) return where() + " re-encodes to a non-nan";
        } else if (again != code) {
            return where() + " re-encodes to " + hexCode(again);
        }
        if (!sameDouble(format.quantize(x), format.decode(again)))
            return where() + ": quantize differs from decode(encode)";
    }
    return "";
}

/// Decoded values increase strictly in value order, and agree with an independent formula.
std::string orderFailure(const Format& format) {
    const int p = format.widthBits();
    const std::uint64_t count = std::uint64_t{1} << p;
    if (format.kind() == Format::Kind::Fixed) {
        // Ground truth: value = (two's complement integer) / 2^F, each value once.
        const double scale = std::pow(2.0, format.fracBits());
        double previous = -kInf;
        for (std::int64_t value = -(std::int64_t{1} << (p - 1));
             value < (std::int64_t{1} << (p - 1)); ++value) {
            const std::uint64_t code = static_cast<std::uint64_t>(value) & lowMask(p);
            const double x = format.decode(code);
            if (x != static_cast<double>(value) / scale)
                return format.name() + " code " + hexCode(code) + " decodes to " + hex(x);
            if (!(x > previous))
                return format.name() + " code " + hexCode(code) + " is not above its predecessor";
            previous = x;
        }
        return "";
    }
    const std::uint64_t signBit = count >> 1;
    std::uint64_t nans = 0;
    double previous = -kInf;
    for (std::uint64_t code = 0; code < signBit; ++code) {
        const double x = format.decode(code);
        const double negative = format.decode(code | signBit);
        const double expected = referenceFloatValue(format, code);
        const auto where = [&] { return format.name() + " code " + hexCode(code); };
        if (!sameDouble(x, expected)) return where() + " decodes to " + hex(x);
        if (!sameDouble(negative, referenceFloatValue(format, code | signBit)))
            return where() + " with the sign bit decodes to " + hex(negative);
        if (std::isnan(x)) {
            nans += 2;
            continue;
        }
        if (std::signbit(x) || !sameDouble(negative, -x))
            return where() + ": sign bit does not mirror the value";
        if (code > 0 && !(x > previous)) return where() + " is not above its predecessor";
        previous = x;
    }
    const std::uint64_t expectedNans =
        format.kind() == Format::Kind::FloatFiniteNan ? 2 : 2 * lowMask(format.mantBits());
    if (nans != expectedNans) return format.name() + " has " + std::to_string(nans) + " nan codes";
    return "";
}

/// For every pair of adjacent values: the exact midpoint goes to the even code, the doubles
/// just beside it go to the nearer value.
std::string tieFailure(const Format& format) {
    const std::uint64_t count = std::uint64_t{1} << format.widthBits();
    const std::uint64_t negativeZero =
        format.kind() == Format::Kind::Fixed ? count : count >> 1;  // no -0 in fixed
    for (std::uint64_t low = 0; low < count; ++low) {
        const double a = format.decode(low);
        if (!std::isfinite(a) || low == negativeZero) continue;
        const std::optional<std::uint64_t> high = neighbours(format, low).up;
        if (!high) continue;
        const double b = format.decode(*high);
        const double mid = a / 2 + b / 2;  // exact: at most 16 significant bits, no overflow
        const std::uint64_t even = low % 2 == 0 ? low : *high;
        const auto where = [&] { return format.name() + " between " + hex(a) + " and " + hex(b); };
        if (format.encode(mid) != even)
            return where() + ": midpoint encodes to " + hexCode(format.encode(mid));
        if (format.encode(std::nextafter(mid, -kInf)) != low) return where() + ": below midpoint";
        if (format.encode(std::nextafter(mid, kInf)) != *high) return where() + ": above midpoint";
    }
    return "";
}

std::uint32_t machineFloatBits(double x) {
    volatile double input = x;  // convert at run time, on the machine
    const float converted = static_cast<float>(input);
    std::uint32_t bits = 0;
    std::memcpy(&bits, &converted, sizeof bits);
    return bits;
}

std::uint64_t doubleBits(double x) { return std::bit_cast<std::uint64_t>(x); }

/// Doubles spread over many magnitudes: random sign and 52-bit mantissa, exponent uniform in
/// [minExp, maxExp].
double randomDouble(std::mt19937_64& rng, int minExp, int maxExp) {
    std::uniform_int_distribution<int> exponent(minExp, maxExp);
    const std::uint64_t bits = (rng() & 0x800F'FFFF'FFFF'FFFFULL) |
                               (static_cast<std::uint64_t>(exponent(rng) + 1023) << 52);
    return std::bit_cast<double>(bits);
}

std::vector<double> fp32EdgeCases() {
    const double fltMax = FLT_MAX;
    const double maxUlp = std::ldexp(1.0, 127 - 23);
    const double minSub = std::ldexp(1.0, -149);
    return {
        0.0,
        -0.0,
        minSub,  // smallest subnormal
        -minSub,
        std::ldexp(1.0, -126) - minSub,  // largest subnormal
        std::ldexp(1.0, -126),           // smallest normal
        fltMax,
        -fltMax,
        fltMax + maxUlp / 4,  // rounds back to FLT_MAX
        fltMax + maxUlp / 2,  // halfway above max: overflows to inf
        std::nextafter(fltMax + maxUlp / 2, 0.0),
        -(fltMax + maxUlp / 2),
        std::ldexp(1.0, 128),
        DBL_MAX,
        -DBL_MAX,
        1.0 + std::ldexp(1.0, -24),      // tie, down to the even 1.0
        1.0 + 3 * std::ldexp(1.0, -24),  // tie, up to the even 1 + 2^-22
        std::nextafter(1.0 + std::ldexp(1.0, -24), 2.0),
        std::nextafter(1.0 + 3 * std::ldexp(1.0, -24), 0.0),
        -(1.0 + std::ldexp(1.0, -24)),
        2.0 - std::ldexp(1.0, -25),                         // tie carrying into the next binade
        1.0 + std::ldexp(1.0, -24) + std::ldexp(1.0, -50),  // would double-round via a tie
        std::ldexp(1.0, -150),                              // subnormal tie: to 0
        3 * std::ldexp(1.0, -150),                          // subnormal tie: up to 2 * 2^-149
        std::nextafter(std::ldexp(1.0, -150), 1.0),
        std::nextafter(std::ldexp(1.0, -150), 0.0),
        -std::ldexp(1.0, -150),
        std::ldexp(1.0, -126) - std::ldexp(1.0, -150),  // subnormal tie carrying to normal
        std::numeric_limits<double>::denorm_min(),
        -std::numeric_limits<double>::denorm_min(),
        DBL_MIN,
        kInf,
        -kInf,
        0.1,
        1.0 / 3.0,
    };
}

}  // namespace

TEST_SUITE("numeric/format") {
    TEST_CASE("every code of every format up to 16 bits round-trips through decode and encode") {
        for (const Format& format : smallFormats()) CHECK(roundTripFailure(format) == "");
    }

    TEST_CASE("codes up to 16 bits decode to the spec's values in increasing order") {
        for (const Format& format : smallFormats()) CHECK(orderFailure(format) == "");
    }

    TEST_CASE("exact midpoints go to the even code and their neighbours to the nearer value") {
        for (const Format& format : smallFormats()) CHECK(tieFailure(format) == "");
    }

    TEST_CASE("the named small formats are the expected float:E:M formats") {
        CHECK(Format::parse("fp16") == Format::ieee(5, 10));
        CHECK(Format::parse("bf16") == Format::ieee(8, 7));
        CHECK(Format::parse("e5m2") == Format::ieee(5, 2));
        CHECK(Format::parse("e4m3") != Format::ieee(4, 3));
        CHECK(Format::parse("e4m3").kind() == Format::Kind::FloatFiniteNan);
    }

    TEST_CASE("random in-range doubles encode to the nearest value, ties to the even code") {
        std::vector<Format> formats = smallFormats();
        for (const char* spelling : {"fp32", "fixed:32:16", "fixed:53:0", "fixed:53:53",
                                     "fixed:40:7", "float:11:40", "float:8:30", "float:3:20"})
            formats.push_back(Format::parse(spelling));
        std::mt19937_64 rng(20240611);
        std::uniform_real_distribution<double> unit(-1.0, 1.0);
        for (const Format& format : formats) {
            const double maxFinite = format.maxFinite();
            int maxExp = 0;
            std::frexp(maxFinite, &maxExp);
            int minExp = 0;
            std::frexp(format.minPositive(), &minExp);
            std::uniform_int_distribution<int> exponent(minExp - 3, maxExp);
            std::string failure;
            for (int i = 0; i < 2000 && failure.empty(); ++i) {
                double x =
                    i % 2 == 0 ? unit(rng) * maxFinite : std::ldexp(unit(rng), exponent(rng));
                x = std::clamp(x, -maxFinite, maxFinite);
                const std::uint64_t code = format.encode(x);
                const double q = format.decode(code);
                const double distance = std::fabs(x - q);
                const Neighbours around = neighbours(format, code);
                for (const std::optional<std::uint64_t>& other : {around.down, around.up}) {
                    if (!other) continue;
                    const double otherDistance = std::fabs(x - format.decode(*other));
                    const char* wrong = nullptr;
                    if (otherDistance < distance)
                        wrong = "the nearer ";
                    else if (otherDistance == distance && code % 2 != 0)
                        wrong = "the even ";
                    if (wrong)
                        failure = format.name() + ": " + hex(x) + " encodes to " + hex(q) +
                                  " not " + wrong + hex(format.decode(*other));
                }
            }
            CHECK(failure == "");
        }
    }

    TEST_CASE("fp32 agrees bit for bit with the machine's double-to-float conversion") {
        const Format fp32 = Format::parse("fp32");
        for (const double x : fp32EdgeCases()) {
            INFO("x = ", hex(x));
            CHECK(fp32.encode(x) == machineFloatBits(x));
        }
        CHECK(fp32.encode(kNan) == 0x7FC0'0000);
        CHECK(fp32.encode(-kNan) == 0xFFC0'0000);

        std::mt19937_64 rng(7);
        std::string failure;
        for (int i = 0; i < 100000 && failure.empty(); ++i) {
            double x;
            if (i % 4 == 0) {
                x = std::bit_cast<double>(rng());  // any double, most of them out of range
            } else if (i % 4 == 1) {
                // Exact midpoint between a random float and the next one up.
                const auto low = static_cast<std::uint32_t>(rng() % 0x7F80'0000);
                x = (static_cast<double>(std::bit_cast<float>(low)) +
                     static_cast<double>(std::bit_cast<float>(low + 1))) /
                    2;
            } else {
                x = randomDouble(rng, -160, 140);
            }
            if (std::isnan(x)) continue;
            if (fp32.encode(x) != machineFloatBits(x))
                failure = hex(x) + " encodes to " + hexCode(fp32.encode(x)) + " not " +
                          hexCode(machineFloatBits(x));
        }
        CHECK(failure == "");
    }

    TEST_CASE("fp32 decodes every sampled code to the machine's float value") {
        const Format fp32 = Format::parse("fp32");
        std::mt19937_64 rng(11);
        std::string failure;
        for (int i = 0; i < 100000 && failure.empty(); ++i) {
            const auto code = static_cast<std::uint32_t>(rng());
            const double expected = static_cast<double>(std::bit_cast<float>(code));
            if (!sameDouble(fp32.decode(code), expected)) failure = hexCode(code);
        }
        CHECK(failure == "");
    }

#if defined(__FLT16_MAX__)
    TEST_CASE("fp16 agrees bit for bit with the machine's double-to-_Float16 conversion") {
        const Format fp16 = Format::parse("fp16");
        std::mt19937_64 rng(13);
        std::string failure;
        for (int i = 0; i < 100000 && failure.empty(); ++i) {
            const double x = i % 2 == 0 ? randomDouble(rng, -30, 20)
                                        : fp16.decode(rng() & 0xFFFF) +
                                              std::ldexp(static_cast<double>(rng() % 5) - 2, -26);
            if (std::isnan(x)) continue;
            volatile double input = x;
            const _Float16 half = static_cast<_Float16>(input);
            std::uint16_t bits = 0;
            std::memcpy(&bits, &half, sizeof bits);
            if (fp16.encode(x) != bits)
                failure =
                    hex(x) + " encodes to " + hexCode(fp16.encode(x)) + " not " + hexCode(bits);
        }
        CHECK(failure == "");
    }
#endif

    TEST_CASE("fp64 encodes a double to its own bit pattern and decodes it back") {
        const Format fp64 = Format::parse("fp64");
        std::vector<double> values = {0.0,
                                      -0.0,
                                      DBL_MIN,
                                      -DBL_MIN,
                                      DBL_MAX,
                                      -DBL_MAX,
                                      kInf,
                                      -kInf,
                                      1.0,
                                      0.1,
                                      std::numeric_limits<double>::denorm_min(),
                                      std::nextafter(DBL_MIN, 0.0)};
        std::mt19937_64 rng(17);
        for (int i = 0; i < 100000; ++i) values.push_back(std::bit_cast<double>(rng()));
        std::string failure;
        for (const double x : values) {
            if (std::isnan(x)) continue;
            if (fp64.encode(x) != doubleBits(x) || !sameDouble(fp64.decode(doubleBits(x)), x)) {
                failure = hex(x);
                break;
            }
        }
        CHECK(failure == "");
        CHECK(fp64.encode(kNan) == 0x7FF8'0000'0000'0000);
        CHECK(std::isnan(fp64.decode(0x7FF0'0000'0000'0001)));
        CHECK(fp64.maxFinite() == DBL_MAX);
        CHECK(fp64.minPositive() == std::numeric_limits<double>::denorm_min());
    }

    TEST_CASE("fp16 and bf16 encode hand-computed values") {
        const Format fp16 = Format::parse("fp16");
        CHECK(fp16.encode(1.0) == 0x3C00);
        CHECK(fp16.encode(-2.0) == 0xC000);
        CHECK(fp16.encode(65504.0) == 0x7BFF);
        CHECK(fp16.encode(65519.0) == 0x7BFF);
        CHECK(fp16.encode(65520.0) == 0x7C00);  // halfway above max overflows
        CHECK(fp16.encode(-65520.0) == 0xFC00);
        CHECK(fp16.encode(std::ldexp(1.0, -24)) == 0x0001);
        CHECK(fp16.encode(std::ldexp(1.0, -25)) == 0x0000);  // tie to even zero
        CHECK(fp16.encode(-std::ldexp(1.0, -26)) == 0x8000);
        CHECK(fp16.encode(0.1) == 0x2E66);
        CHECK(fp16.encode(-0.0) == 0x8000);
        CHECK(fp16.encode(kNan) == 0x7E00);
        CHECK(fp16.encode(-kNan) == 0xFE00);
        CHECK(fp16.decode(0x3C00) == 1.0);
        CHECK(fp16.decode(0x2E66) == 0.0999755859375);
        CHECK(fp16.maxFinite() == 65504.0);
        CHECK(fp16.minPositive() == std::ldexp(1.0, -24));

        const Format bf16 = Format::parse("bf16");
        CHECK(bf16.encode(1.0) == 0x3F80);
        CHECK(bf16.encode(3.140625) == 0x4049);
        CHECK(bf16.encode(3.14159265358979) == 0x4049);
        CHECK(bf16.encode(-kInf) == 0xFF80);
        CHECK(bf16.decode(0x4049) == 3.140625);
    }

    TEST_CASE("e4m3 and e5m2 encode hand-computed values") {
        const Format e4m3 = Format::parse("e4m3");
        CHECK(e4m3.encode(448.0) == 0x7E);
        CHECK(e4m3.encode(-448.0) == 0xFE);
        CHECK(e4m3.encode(1.0) == 0x38);
        CHECK(e4m3.encode(std::ldexp(1.0, -9)) == 0x01);
        CHECK(e4m3.encode(-0.0) == 0x80);
        CHECK(e4m3.decode(0x7E) == 448.0);
        CHECK(e4m3.decode(0x01) == std::ldexp(1.0, -9));
        CHECK(e4m3.decode(0x7D) == 416.0);
        CHECK(e4m3.decode(0x78) == 256.0);  // the all-ones exponent is a normal binade
        CHECK(std::isnan(e4m3.decode(0x7F)));
        CHECK(std::isnan(e4m3.decode(0xFF)));
        // 464 is halfway between 448 (mantissa 110, even) and the nan slot 1.111 x 2^8:
        // round to nearest even keeps 448, as ml_dtypes and PyTorch do; anything above
        // rounds onto the nan slot.
        CHECK(e4m3.encode(464.0) == 0x7E);
        CHECK(e4m3.encode(std::nextafter(464.0, kInf)) == 0x7F);
        CHECK(e4m3.encode(465.0) == 0x7F);
        CHECK(e4m3.encode(480.0) == 0x7F);
        CHECK(e4m3.encode(1e300) == 0x7F);
        CHECK(e4m3.encode(-465.0) == 0xFF);
        CHECK(e4m3.encode(kInf) == 0x7F);
        CHECK(e4m3.encode(-kInf) == 0xFF);
        CHECK(e4m3.encode(kNan) == 0x7F);
        CHECK(e4m3.encode(-kNan) == 0xFF);
        CHECK(e4m3.maxFinite() == 448.0);
        CHECK(e4m3.minPositive() == std::ldexp(1.0, -9));

        const Format e5m2 = Format::parse("e5m2");
        CHECK(e5m2.encode(57344.0) == 0x7B);
        CHECK(e5m2.encode(1.0) == 0x3C);
        CHECK(e5m2.encode(kInf) == 0x7C);
        CHECK(e5m2.encode(-kInf) == 0xFC);
        CHECK(e5m2.encode(61440.0) == 0x7C);  // halfway above max overflows
        CHECK(e5m2.encode(61439.0) == 0x7B);
        CHECK(e5m2.encode(kNan) == 0x7E);
        CHECK(e5m2.maxFinite() == 57344.0);
        CHECK(e5m2.minPositive() == std::ldexp(1.0, -16));
    }

    TEST_CASE("small IEEE-style floats overflow to inf exactly from halfway above max") {
        for (const Format& format : smallFormats()) {
            if (format.kind() != Format::Kind::Float) continue;
            const int p = format.widthBits();
            const int m = format.mantBits();
            const std::uint64_t signBit = std::uint64_t{1} << (p - 1);
            const std::uint64_t infCode = lowMask(format.expBits()) << m;
            const double maxFinite = format.maxFinite();
            int exponent = 0;
            std::frexp(maxFinite, &exponent);
            const double halfway = maxFinite + std::ldexp(1.0, exponent - 1 - m - 1);
            INFO(format.name());
            CHECK(format.encode(halfway) == infCode);
            CHECK(format.encode(-halfway) == (signBit | infCode));
            CHECK(format.encode(std::nextafter(halfway, 0.0)) == infCode - 1);
            CHECK(format.encode(kInf) == infCode);
            CHECK(format.encode(kNan) == (infCode | (std::uint64_t{1} << (m - 1))));
            CHECK(format.encode(-kNan) == (signBit | infCode | (std::uint64_t{1} << (m - 1))));
        }
    }

    TEST_CASE("fixed:8:4 encodes hand-computed values, ties to even, and saturates") {
        const Format format = Format::parse("fixed:8:4");
        CHECK(format.encode(1.0) == 0x10);
        CHECK(format.encode(-1.0) == 0xF0);
        CHECK(format.encode(7.9375) == 0x7F);
        CHECK(format.maxFinite() == 7.9375);
        CHECK(format.minPositive() == 0.0625);
        CHECK(format.encode(-8.0) == 0x80);
        CHECK(format.encode(100.0) == 0x7F);
        CHECK(format.encode(-100.0) == 0x80);
        CHECK(format.encode(kInf) == 0x7F);
        CHECK(format.encode(-kInf) == 0x80);
        CHECK(format.encode(0.03125) == 0x00);  // 0.5 ulp: tie down to even 0
        CHECK(format.encode(0.09375) == 0x02);  // 1.5 ulp: tie up to even 2
        CHECK(format.encode(-0.03125) == 0x00);
        CHECK(format.encode(-0.09375) == 0xFE);
        CHECK(format.encode(-0.0) == 0x00);
        CHECK(format.decode(0xF0) == -1.0);
        CHECK(format.decode(0x80) == -8.0);
        CHECK(format.decode(0x7F) == 7.9375);
    }

    TEST_CASE("fixed with p = 1 holds only 0 and -1") {
        const Format format = Format::fixed(1, 0);
        CHECK(format.encode(0.0) == 0);
        CHECK(format.encode(-1.0) == 1);
        CHECK(format.encode(0.4) == 0);
        CHECK(format.encode(-0.5) == 0);  // tie to even 0
        CHECK(format.encode(-0.6) == 1);
        CHECK(format.encode(5.0) == 0);  // saturates at the maximum, 0
        CHECK(format.encode(-5.0) == 1);
        CHECK(format.decode(0) == 0.0);
        CHECK(format.decode(1) == -1.0);
        CHECK(format.maxFinite() == 0.0);
        CHECK(Format::fixed(1, 1).decode(1) == -0.5);
    }

    TEST_CASE("fixed with p = 64 covers the full int64 range and saturates") {
        const Format integer = Format::fixed(64, 0);
        const std::uint64_t maxCode = 0x7FFF'FFFF'FFFF'FFFF;
        const std::uint64_t minCode = 0x8000'0000'0000'0000;
        CHECK(integer.encode(std::ldexp(1.0, 62)) == 0x4000'0000'0000'0000);
        CHECK(integer.encode(std::ldexp(1.0, 53) + 2) == 0x0020'0000'0000'0002);
        CHECK(integer.encode(std::ldexp(1.0, 63)) == maxCode);  // 2^63 - 1 is not a double
        CHECK(integer.encode(1e30) == maxCode);
        CHECK(integer.encode(kInf) == maxCode);
        CHECK(integer.encode(-std::ldexp(1.0, 63)) == minCode);
        CHECK(integer.encode(-1e30) == minCode);
        CHECK(integer.encode(-kInf) == minCode);
        CHECK(integer.encode(-1.0) == 0xFFFF'FFFF'FFFF'FFFF);
        CHECK(integer.encode(2.5) == 2);
        CHECK(integer.encode(3.5) == 4);
        CHECK(integer.decode(0xFFFF'FFFF'FFFF'FFFF) == -1.0);
        CHECK(integer.decode(minCode) == -std::ldexp(1.0, 63));
        CHECK(integer.decode(0x4000'0000'0000'0000) == std::ldexp(1.0, 62));

        const Format fraction = Format::fixed(64, 64);
        CHECK(fraction.encode(0.25) == 0x4000'0000'0000'0000);
        CHECK(fraction.encode(-0.5) == minCode);
        CHECK(fraction.encode(0.5) == maxCode);
        CHECK(fraction.decode(1) == std::ldexp(1.0, -64));
        CHECK(fraction.decode(minCode) == -0.5);
        CHECK(fraction.minPositive() == std::ldexp(1.0, -64));

        const Format mixed = Format::fixed(64, 32);
        CHECK(mixed.encode(-1.5) == 0xFFFF'FFFE'8000'0000);
        CHECK(mixed.decode(0xFFFF'FFFE'8000'0000) == -1.5);
        CHECK(mixed.encode(std::ldexp(1.0, 40)) == maxCode);
    }

    TEST_CASE("encoding nan in a fixed format is a run error") {
        CHECK_THROWS_WITH_AS(Format::parse("fixed:8:4").encode(kNan),
                             "cannot encode nan in fixed:8:4", ccsim::RunError);
        CHECK_THROWS_WITH_AS(Format::fixed(64, 0).encode(-kNan), "cannot encode nan in fixed:64:0",
                             ccsim::RunError);
    }

    TEST_CASE("bad spellings are usage errors naming the value, the range and the spelling") {
        const auto check = [](const char* spelling, const char* message) {
            INFO(spelling);
            CHECK_THROWS_WITH_AS(Format::parse(spelling), message, ccsim::UsageError);
        };
        check("fixed:0:0", "format width p=0 out of range [1, 64] (from fixed:0:0)");
        check("fixed:65:0", "format width p=65 out of range [1, 64] (from fixed:65:0)");
        check("fixed:-8:0", "format width p=-8 out of range [1, 64] (from fixed:-8:0)");
        check("fixed:99999999999999999999:0",
              "format width p=99999999999999999999 out of range [1, 64] "
              "(from fixed:99999999999999999999:0)");
        check("fixed:8:9", "fractional bits f=9 out of range [0, 8] (from fixed:8:9)");
        check("fixed:8:-1", "fractional bits f=-1 out of range [0, 8] (from fixed:8:-1)");
        check("fixed:a:2", "format width p='a' is not an integer (from fixed:a:2)");
        check("fixed:8:4x", "fractional bits f='4x' is not an integer (from fixed:8:4x)");
        check("fixed::4", "format width p='' is not an integer (from fixed::4)");
        check("fixed:+8:4", "format width p='+8' is not an integer (from fixed:+8:4)");
        check("fixed:8: 4", "fractional bits f=' 4' is not an integer (from fixed:8: 4)");
        check("fixed:8", "malformed format 'fixed:8' (expected fixed:P:F)");
        check("fixed", "malformed format 'fixed' (expected fixed:P:F)");
        check("fixed:8:4:2", "malformed format 'fixed:8:4:2' (expected fixed:P:F)");
        check("float:5", "malformed format 'float:5' (expected float:E:M)");
        check("float:1:2", "exponent bits e=1 out of range [2, 11] (from float:1:2)");
        check("float:12:3", "exponent bits e=12 out of range [2, 11] (from float:12:3)");
        check("float:5:0", "mantissa bits m=0 out of range [1, 52] (from float:5:0)");
        check("float:5:53", "mantissa bits m=53 out of range [1, 52] (from float:5:53)");
        check("float:x:3", "exponent bits e='x' is not an integer (from float:x:3)");
        const char* known = " (known: fixed:P:F, float:E:M, fp64, fp32, fp16, bf16, e5m2, e4m3)";
        check("fp8", (std::string("unknown format 'fp8'") + known).c_str());
        check("", (std::string("unknown format ''") + known).c_str());
        check("FP32", (std::string("unknown format 'FP32'") + known).c_str());
        check("fp32x", (std::string("unknown format 'fp32x'") + known).c_str());
        check(" fp32", (std::string("unknown format ' fp32'") + known).c_str());
    }

    TEST_CASE("the factories reject what parse rejects, with the same messages") {
        CHECK_THROWS_WITH_AS(Format::fixed(0, 0),
                             "format width p=0 out of range [1, 64] (from fixed:0:0)",
                             ccsim::UsageError);
        CHECK_THROWS_WITH_AS(Format::fixed(8, 9),
                             "fractional bits f=9 out of range [0, 8] (from fixed:8:9)",
                             ccsim::UsageError);
        CHECK_THROWS_WITH_AS(Format::ieee(11, 53),
                             "mantissa bits m=53 out of range [1, 52] (from float:11:53)",
                             ccsim::UsageError);
    }

    TEST_CASE("names parse back to themselves and equal spellings share the canonical name") {
        CHECK(Format::names() ==
              std::vector<std::string>{"fp64", "fp32", "fp16", "bf16", "e5m2", "e4m3"});
        for (const std::string& name : Format::names()) {
            INFO(name);
            CHECK(Format::parse(name).name() == name);
        }
        CHECK(Format::parse("float:11:52").name() == "fp64");
        CHECK(Format::parse("float:8:23").name() == "fp32");
        CHECK(Format::parse("float:5:10").name() == "fp16");
        CHECK(Format::parse("float:8:7").name() == "bf16");
        CHECK(Format::parse("float:5:2").name() == "e5m2");
        CHECK(Format::parse("float:4:3").name() == "float:4:3");  // IEEE-style, not e4m3
        for (const char* spelling :
             {"fixed:8:4", "fixed:1:0", "fixed:64:64", "float:2:1", "float:6:9", "float:11:1"}) {
            INFO(spelling);
            CHECK(Format::parse(spelling).name() == spelling);
            CHECK(Format::parse(Format::parse(spelling).name()) == Format::parse(spelling));
        }
        CHECK(Format::parse("fixed:08:4").name() == "fixed:8:4");
    }

    TEST_CASE("widths and fields follow the spelling") {
        CHECK(Format::parse("fp64").widthBits() == 64);
        CHECK(Format::parse("fp32").widthBits() == 32);
        CHECK(Format::parse("bf16").widthBits() == 16);
        CHECK(Format::parse("e4m3").widthBits() == 8);
        CHECK(Format::parse("e5m2").widthBits() == 8);
        CHECK(Format::parse("float:2:1").widthBits() == 4);
        const Format fixed = Format::parse("fixed:12:5");
        CHECK(fixed.kind() == Format::Kind::Fixed);
        CHECK(fixed.widthBits() == 12);
        CHECK(fixed.fracBits() == 5);
        const Format half = Format::parse("fp16");
        CHECK(half.kind() == Format::Kind::Float);
        CHECK(half.expBits() == 5);
        CHECK(half.mantBits() == 10);
    }
}

TEST_SUITE("numeric/format") {
    TEST_CASE("the fp32 and fp64 quantize fast paths equal decode(encode(x))") {
        std::mt19937_64 rng(2024);
        std::vector<double> xs = {
            0.0,
            -0.0,
            1.0,
            std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity(),
            std::numeric_limits<double>::denorm_min(),
            static_cast<double>(std::numeric_limits<float>::max()) * 1.0000001,
            static_cast<double>(std::numeric_limits<float>::denorm_min()) / 2,
            1e300,
            -1e-300};
        for (int i = 0; i < 20000; ++i) {
            std::uint64_t bits = rng();
            double x;
            std::memcpy(&x, &bits, sizeof x);
            if (!std::isnan(x)) xs.push_back(x);
        }
        for (const char* name : {"fp32", "fp64"}) {
            const ccsim::Format f = ccsim::Format::parse(name);
            for (double x : xs) {
                const double slow = f.decode(f.encode(x));
                const double fast = f.quantize(x);
                CHECK(std::memcmp(&slow, &fast, sizeof slow) == 0);
            }
        }
    }
}

TEST_SUITE("numeric/format fast paths") {
    /// Doubles spread over every binade a format can meet: random bit patterns, random values
    /// near the format's range, exact halves of code steps, and the edges.
    std::vector<double> probeValues(const ccsim::Format& f, std::mt19937_64& rng) {
        std::vector<double> xs = {0.0,
                                  -0.0,
                                  1.0,
                                  -1.0,
                                  f.maxFinite(),
                                  -f.maxFinite(),
                                  f.minPositive(),
                                  -f.minPositive(),
                                  f.minPositive() / 2,
                                  f.maxFinite() * 1.0000001,
                                  1e300,
                                  -1e-300,
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity(),
                                  std::numeric_limits<double>::denorm_min()};
        std::uniform_real_distribution<double> unit(-1.0, 1.0);
        std::uniform_int_distribution<int> binade(-40, 40);
        for (int i = 0; i < 4000; ++i) {
            std::uint64_t bits = rng();
            double x;
            std::memcpy(&x, &bits, sizeof x);
            if (!std::isnan(x)) xs.push_back(x);
            xs.push_back(std::ldexp(unit(rng), binade(rng)));
            xs.push_back(unit(rng) * f.maxFinite() * 1.01);
            // A midpoint between two neighbouring codes (ties to even).
            const std::uint64_t code =
                rng() & ((f.widthBits() >= 64) ? ~std::uint64_t{0}
                                               : ((std::uint64_t{1} << f.widthBits()) - 1));
            const double a = f.decodeReference(code);
            const double b = f.decodeReference(code ^ 1);
            if (std::isfinite(a) && std::isfinite(b)) xs.push_back(a / 2 + b / 2);
        }
        return xs;
    }

    bool sameBits(double a, double b) {
        if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
        return std::memcmp(&a, &b, sizeof a) == 0;
    }

    TEST_CASE("encode, decode and quantize equal their reference definitions bit for bit") {
        std::mt19937_64 rng(77);
        std::vector<ccsim::Format> formats = smallFormats();
        for (const char* name :
             {"fp32", "fp64", "fixed:32:16", "fixed:53:20", "fixed:53:0", "fixed:54:10",
              "fixed:64:32", "float:11:40", "float:8:30", "float:5:2", "fixed:24:24"})
            formats.push_back(ccsim::Format::parse(name));
        for (const ccsim::Format& f : formats) {
            CAPTURE(f.name());
            // Every code, for formats of at most 16 bits; sampled codes otherwise.
            const std::uint64_t codes =
                f.widthBits() <= 16 ? (std::uint64_t{1} << f.widthBits()) : 20000;
            for (std::uint64_t c = 0; c < codes; ++c) {
                const std::uint64_t code =
                    f.widthBits() <= 16
                        ? c
                        : rng() & (f.widthBits() == 64 ? ~std::uint64_t{0}
                                                       : (std::uint64_t{1} << f.widthBits()) - 1);
                if (!sameBits(f.decode(code), f.decodeReference(code))) {
                    CHECK(f.decode(code) == f.decodeReference(code));
                    break;
                }
            }
            std::size_t failures = 0;
            for (double x : probeValues(f, rng)) {
                if (f.kind() == ccsim::Format::Kind::Fixed && std::isnan(x)) continue;
                if (f.encode(x) != f.encodeReference(x) ||
                    !sameBits(f.quantize(x), f.quantizeReference(x))) {
                    if (++failures <= 3) {
                        CAPTURE(x);
                        CHECK(f.encode(x) == f.encodeReference(x));
                        CHECK(sameBits(f.quantize(x), f.quantizeReference(x)));
                    }
                }
            }
            CHECK(failures == 0);
        }
    }
}
