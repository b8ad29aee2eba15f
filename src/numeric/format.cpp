#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

#include <ccsim/error.hpp>
#include <ccsim/numeric/format.hpp>

namespace ccsim {

namespace {

struct NamedFormat {
    std::string_view name;
    Format::Kind kind;
    int expBits;
    int mantBits;
};

// The order is the one `ccsim list` shows (Format::names()).
constexpr std::array<NamedFormat, 6> kNamedFormats{{
    {"fp64", Format::Kind::Float, 11, 52},
    {"fp32", Format::Kind::Float, 8, 23},
    {"fp16", Format::Kind::Float, 5, 10},
    {"bf16", Format::Kind::Float, 8, 7},
    {"e5m2", Format::Kind::Float, 5, 2},
    {"e4m3", Format::Kind::FloatFiniteNan, 4, 3},
}};

constexpr std::string_view kKnownFormats =
    "fixed:P:F, float:E:M, fp64, fp32, fp16, bf16, e5m2, e4m3";

constexpr int kMaxWidthBits = 64;
constexpr int kMinExpBits = 2;
constexpr int kMaxExpBits = 11;
constexpr int kMinMantBits = 1;
constexpr int kMaxMantBits = 52;

std::string quoted(std::string_view text) {
    std::string out = "'";
    out += text;
    out += "'";
    return out;
}

std::string fixedSpelling(int totalBits, int fracBits) {
    return "fixed:" + std::to_string(totalBits) + ":" + std::to_string(fracBits);
}

std::string floatSpelling(int expBits, int mantBits) {
    return "float:" + std::to_string(expBits) + ":" + std::to_string(mantBits);
}

/// `<what> <symbol>=<shown> out of range [lo, hi] (from <spelling>)`.
[[noreturn]] void throwOutOfRange(std::string_view what, std::string_view symbol,
                                  std::string_view shown, long long lo, long long hi,
                                  std::string_view spelling) {
    std::string message(what);
    message += " ";
    message += symbol;
    message += "=";
    message += shown;
    message += " out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "] (from ";
    message += spelling;
    message += ")";
    throw UsageError(message);
}

void checkRange(std::string_view what, std::string_view symbol, long long value, long long lo,
                long long hi, std::string_view spelling) {
    if (value < lo || value > hi)
        throwOutOfRange(what, symbol, std::to_string(value), lo, hi, spelling);
}

/// Parses one numeric field of a spelling. The whole field must be a decimal integer
/// (std::from_chars: optional '-', digits, nothing else); the range check is the caller's.
/// A field too large for long long is reported out of range with the text as typed.
long long parseField(std::string_view text, std::string_view what, std::string_view symbol,
                     long long lo, long long hi, std::string_view spelling) {
    long long value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range && ptr == last)
        throwOutOfRange(what, symbol, text, lo, hi, spelling);
    if (ec != std::errc() || ptr != last || text.empty()) {
        std::string message(what);
        message += " ";
        message += symbol;
        message += "=" + quoted(text) + " is not an integer (from ";
        message += spelling;
        message += ")";
        throw UsageError(message);
    }
    checkRange(what, symbol, value, lo, hi, spelling);
    return value;
}

void validateFixed(int totalBits, int fracBits, std::string_view spelling) {
    checkRange("format width", "p", totalBits, 1, kMaxWidthBits, spelling);
    checkRange("fractional bits", "f", fracBits, 0, totalBits, spelling);
}

void validateFloat(int expBits, int mantBits, std::string_view spelling) {
    checkRange("exponent bits", "e", expBits, kMinExpBits, kMaxExpBits, spelling);
    checkRange("mantissa bits", "m", mantBits, kMinMantBits, kMaxMantBits, spelling);
    // Implied by the two ranges above (1 + 11 + 52 = 64), hence an invariant, not input.
    CCSIM_CHECK_OP(1 + expBits + mantBits, <=, kMaxWidthBits);
}

constexpr std::uint64_t lowMask(int bits) {
    return bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
}

}  // namespace

Format Format::fixed(int totalBits, int fracBits) {
    validateFixed(totalBits, fracBits, fixedSpelling(totalBits, fracBits));
    return Format(Kind::Fixed, totalBits, fracBits, 0, 0);
}

Format Format::ieee(int expBits, int mantBits) {
    validateFloat(expBits, mantBits, floatSpelling(expBits, mantBits));
    return Format(Kind::Float, 1 + expBits + mantBits, 0, expBits, mantBits);
}

Format Format::parse(std::string_view spelling) {
    for (const NamedFormat& named : kNamedFormats)
        if (spelling == named.name)
            return Format(named.kind, 1 + named.expBits + named.mantBits, 0, named.expBits,
                          named.mantBits);

    const std::size_t colon = spelling.find(':');
    const std::string_view head = spelling.substr(0, colon);
    const bool isFixed = head == "fixed";
    if (!isFixed && head != "float")
        throw UsageError("unknown format " + quoted(spelling) +
                         " (known: " + std::string(kKnownFormats) + ")");

    // Exactly two fields after the head: `head:A:B`.
    const std::string_view expected = isFixed ? "fixed:P:F" : "float:E:M";
    const std::size_t second =
        colon == std::string_view::npos ? std::string_view::npos : spelling.find(':', colon + 1);
    if (second == std::string_view::npos ||
        spelling.find(':', second + 1) != std::string_view::npos)
        throw UsageError("malformed format " + quoted(spelling) + " (expected " +
                         std::string(expected) + ")");
    const std::string_view first = spelling.substr(colon + 1, second - colon - 1);
    const std::string_view last = spelling.substr(second + 1);

    if (isFixed) {
        const auto totalBits =
            static_cast<int>(parseField(first, "format width", "p", 1, kMaxWidthBits, spelling));
        const auto fracBits =
            static_cast<int>(parseField(last, "fractional bits", "f", 0, totalBits, spelling));
        return Format(Kind::Fixed, totalBits, fracBits, 0, 0);
    }
    const auto expBits = static_cast<int>(
        parseField(first, "exponent bits", "e", kMinExpBits, kMaxExpBits, spelling));
    const auto mantBits = static_cast<int>(
        parseField(last, "mantissa bits", "m", kMinMantBits, kMaxMantBits, spelling));
    validateFloat(expBits, mantBits, spelling);
    return Format(Kind::Float, 1 + expBits + mantBits, 0, expBits, mantBits);
}

std::string Format::name() const {
    if (kind_ == Kind::Fixed) return fixedSpelling(widthBits_, fracBits_);
    for (const NamedFormat& named : kNamedFormats)
        if (kind_ == named.kind && expBits_ == named.expBits && mantBits_ == named.mantBits)
            return std::string(named.name);
    return floatSpelling(expBits_, mantBits_);
}

std::vector<std::string> Format::names() {
    std::vector<std::string> out;
    out.reserve(kNamedFormats.size());
    for (const NamedFormat& named : kNamedFormats) out.emplace_back(named.name);
    return out;
}

// Rounding uses std::nearbyint, which rounds to nearest with ties to even under the default
// floating-point environment (FE_TONEAREST); ccsim never changes the rounding mode.
std::uint64_t Format::encodeReference(double x) const {
    const int p = widthBits_;
    if (kind_ == Kind::Fixed) {
        if (std::isnan(x)) throw RunError("cannot encode nan in " + name());
        // Scaling by a power of two is exact (it can only overflow to ±inf, which saturates).
        const double scaled = std::nearbyint(std::ldexp(x, fracBits_));
        // Bounds compared in double: 2^(p-1) is exact, 2^(p-1) - 1 is not for p = 64.
        const double limit = std::ldexp(1.0, p - 1);
        std::int64_t value;
        if (scaled >= limit)
            value = static_cast<std::int64_t>(lowMask(p - 1));  // 2^(p-1) - 1
        else if (scaled < -limit)
            value = p == 64 ? std::numeric_limits<std::int64_t>::min()
                            : -static_cast<std::int64_t>(std::uint64_t{1} << (p - 1));
        else
            value = static_cast<std::int64_t>(scaled);
        return static_cast<std::uint64_t>(value) & lowMask(p);
    }

    const int m = mantBits_;
    const int bias = (1 << (expBits_ - 1)) - 1;
    const int minExp = 1 - bias;  // exponent of the smallest normal binade
    const std::uint64_t expAllOnes = lowMask(expBits_);
    const std::uint64_t signBit = std::signbit(x) ? std::uint64_t{1} << (p - 1) : 0;
    const bool finiteNan = kind_ == Kind::FloatFiniteNan;
    // IEEE: quiet nan (top mantissa bit set); E4M3FN: its only nan, S.1111.111.
    const std::uint64_t nanCode =
        signBit | (expAllOnes << m) | (finiteNan ? lowMask(m) : std::uint64_t{1} << (m - 1));
    const std::uint64_t infCode = signBit | (expAllOnes << m);

    if (std::isnan(x)) return nanCode;
    if (std::isinf(x)) return finiteNan ? nanCode : infCode;
    const double a = std::fabs(x);
    if (a == 0.0) return signBit;

    int e = 0;
    std::frexp(a, &e);     // a = f * 2^e, f in [0.5, 1)
    int exponent = e - 1;  // a in [2^exponent, 2^(exponent+1))
    if (exponent < minExp) {
        // Subnormal: code = round(a / 2^(minExp - m)); the scaling is upwards, hence exact.
        // A result of 2^m is the smallest normal, whose code is exactly 2^m as well.
        const double q = std::nearbyint(std::ldexp(a, m - minExp));
        return signBit | static_cast<std::uint64_t>(q);
    }
    // Normal: a / 2^(exponent - m) lies in [2^m, 2^(m+1)), exactly representable since the
    // result is at least 2 (no double underflow) and keeps a's 53-bit significand.
    double q = std::nearbyint(std::ldexp(a, m - exponent));
    if (q == std::ldexp(1.0, m + 1)) {  // rounding carried into the next binade
        q = std::ldexp(1.0, m);
        ++exponent;
    }
    const auto biased = static_cast<std::uint64_t>(exponent + bias);
    const std::uint64_t mantissa = static_cast<std::uint64_t>(q) & lowMask(m);
    if (finiteNan) {
        // All-ones exponent is a normal binade; its all-ones mantissa is the nan, which is
        // therefore also what anything rounding above max (448 for E4M3FN) lands on.
        if (biased > expAllOnes) return nanCode;
        return signBit | (biased << m) | mantissa;
    }
    if (biased >= expAllOnes) return infCode;
    return signBit | (biased << m) | mantissa;
}

double Format::quantizeReference(double x) const { return decodeReference(encodeReference(x)); }

// ---- the fast paths --------------------------------------------------------------------
// Plain IEEE double arithmetic and bit operations, no libm call, for the values that make
// up almost all traffic: fixed point below 2^52 after scaling, floats in the target's normal
// range below its top binade. Everything else takes the reference path above. The format
// tests hold every fast path to the reference, code by code and on random doubles.

namespace {

std::uint64_t bitsOfDouble(double x) { return std::bit_cast<std::uint64_t>(x); }

}  // namespace

bool Format::floatFast() const { return kind_ != Kind::Fixed && mantBits_ < 52; }

bool Format::roundFloat(double x, double& rounded) const {
    // x rounded to m mantissa bits (ties to even) by an integer add on its bit pattern; false
    // unless x and the result are normal in the target, below its top binade.
    const std::uint64_t bits = bitsOfDouble(x);
    const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    const int bias = (1 << (expBits_ - 1)) - 1;
    if (exponent < 1 - bias || exponent >= bias) return false;  // also excludes 0, inf, nan
    const int shift = 52 - mantBits_;
    const std::uint64_t half = (std::uint64_t{1} << (shift - 1)) - 1 + ((bits >> shift) & 1);
    const std::uint64_t r = (bits + half) & ~lowMask(shift);
    const int after = static_cast<int>((r >> 52) & 0x7ff) - 1023;
    if (after >= bias) return false;
    rounded = std::bit_cast<double>(r);
    return true;
}

std::uint64_t Format::encode(double x) const {
    double integer = 0;
    if (roundFixed(x, integer)) {
        return static_cast<std::uint64_t>(static_cast<std::int64_t>(integer)) & lowMask(widthBits_);
    } else if (floatFast()) {
        double r = 0;
        if (roundFloat(x, r)) {
            const std::uint64_t bits = bitsOfDouble(r);
            const int bias = (1 << (expBits_ - 1)) - 1;
            const auto biased =
                static_cast<std::uint64_t>(static_cast<int>((bits >> 52) & 0x7ff) - 1023 + bias);
            const std::uint64_t mantissa = (bits >> (52 - mantBits_)) & lowMask(mantBits_);
            const std::uint64_t sign = (bits >> 63) << (widthBits_ - 1);
            return sign | (biased << mantBits_) | mantissa;
        }
    }
    return encodeReference(x);
}

double Format::decode(std::uint64_t code) const {
    if (fixedFast()) {
        CCSIM_CHECK((code & ~lowMask(widthBits_)) == 0);
        std::int64_t value = static_cast<std::int64_t>(code);
        if (widthBits_ < 64 && (code >> (widthBits_ - 1)) != 0)
            value = static_cast<std::int64_t>(code | ~lowMask(widthBits_));
        // |value| < 2^53: exact in a double, and a power-of-two scale is exact.
        return static_cast<double>(value) * fixedInverseScale();
    }
    if (floatFast()) {
        CCSIM_CHECK((code & ~lowMask(widthBits_)) == 0);
        const std::uint64_t biased = (code >> mantBits_) & lowMask(expBits_);
        if (biased != 0 && biased < lowMask(expBits_)) {  // normal, not the top binade
            const int bias = (1 << (expBits_ - 1)) - 1;
            const std::uint64_t sign = (code >> (widthBits_ - 1)) & 1;
            const std::uint64_t exponent =
                static_cast<std::uint64_t>(static_cast<int>(biased) - bias + 1023);
            const std::uint64_t mantissa = code & lowMask(mantBits_);
            return std::bit_cast<double>((sign << 63) | (exponent << 52) |
                                         (mantissa << (52 - mantBits_)));
        }
    }
    return decodeReference(code);
}

double Format::quantize(double x) const {
    if (kind_ == Kind::Float && expBits_ == 11 && mantBits_ == 52) return x;
    // The conversion to float rounds to nearest, ties to even, with subnormals and overflow
    // to infinity: exactly fp32's encode.
    if (kind_ == Kind::Float && expBits_ == 8 && mantBits_ == 23 && !std::isnan(x))
        return static_cast<double>(static_cast<float>(x));
    double integer = 0;
    if (roundFixed(x, integer)) {
        // + 0.0 turns -0 into +0, as the integer code does on the reference path.
        return integer * fixedInverseScale() + 0.0;
    } else if (floatFast()) {
        double r = 0;
        if (roundFloat(x, r)) return r;
    }
    return quantizeReference(x);
}

double Format::decodeReference(std::uint64_t code) const {
    const int p = widthBits_;
    CCSIM_CHECK((code & ~lowMask(p)) == 0);
    if (kind_ == Kind::Fixed) {
        std::int64_t value = static_cast<std::int64_t>(code);
        if (p < 64 && (code >> (p - 1)) != 0)  // sign-extend the low p bits
            value = static_cast<std::int64_t>(code | ~lowMask(p));
        // For p > 53 the conversion rounds to the nearest double.
        return std::ldexp(static_cast<double>(value), -fracBits_);
    }

    const int m = mantBits_;
    const int bias = (1 << (expBits_ - 1)) - 1;
    const std::uint64_t expAllOnes = lowMask(expBits_);
    const bool negative = (code >> (p - 1)) != 0;
    const std::uint64_t biased = (code >> m) & expAllOnes;
    const std::uint64_t mantissa = code & lowMask(m);

    double magnitude;
    if (kind_ == Kind::FloatFiniteNan && biased == expAllOnes && mantissa == lowMask(m)) {
        magnitude = std::numeric_limits<double>::quiet_NaN();
    } else if (kind_ == Kind::Float && biased == expAllOnes) {
        magnitude = mantissa == 0 ? std::numeric_limits<double>::infinity()
                                  : std::numeric_limits<double>::quiet_NaN();
    } else if (biased == 0) {
        magnitude = std::ldexp(static_cast<double>(mantissa), 1 - bias - m);
    } else {
        const std::uint64_t significand = mantissa | (std::uint64_t{1} << m);
        magnitude =
            std::ldexp(static_cast<double>(significand), static_cast<int>(biased) - bias - m);
    }
    return std::copysign(magnitude, negative ? -1.0 : 1.0);
}

double Format::maxFinite() const {
    const int p = widthBits_;
    if (kind_ == Kind::Fixed) return decode(lowMask(p - 1));
    const int m = mantBits_;
    const std::uint64_t expAllOnes = lowMask(expBits_);
    if (kind_ == Kind::FloatFiniteNan) return decode((expAllOnes << m) | (lowMask(m) - 1));
    return decode(((expAllOnes - 1) << m) | lowMask(m));
}

double Format::minPositive() const {
    if (kind_ == Kind::Fixed) return std::ldexp(1.0, -fracBits_);
    const int bias = (1 << (expBits_ - 1)) - 1;
    return std::ldexp(1.0, 1 - bias - mantBits_);
}

namespace {

const bool formatsRegistered = [] {
    FormatRegistry& registry = FormatRegistry::instance();
    registry.add({"fixed:P:F", "two's complement, P bits, F fractional"});
    registry.add({"float:E:M", "IEEE-754 style, 1 + E + M bits"});
    for (const NamedFormat& named : kNamedFormats)
        registry.add(
            {std::string(named.name),
             fmt::format("{} bits, float:{}:{}{}", 1 + named.expBits + named.mantBits,
                         named.expBits, named.mantBits,
                         named.kind == Format::Kind::FloatFiniteNan ? " (finite, no inf)" : "")});
    return true;
}();

}  // namespace

}  // namespace ccsim
