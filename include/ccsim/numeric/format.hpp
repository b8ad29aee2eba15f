#pragma once
/// \file
/// p-bit number formats: every scalar that crosses a party boundary is one of 2^p values of a
/// Format, encoded to exactly p bits and decoded back.
///
/// Spellings accepted by Format::parse (see docs/formats.md):
///  - `fixed:P:F`  two's complement, P total bits in [1, 64], F fractional bits in [0, P];
///                 value = code / 2^F; round to nearest, ties to even; saturates at both ends.
///  - `float:E:M`  IEEE-754 style: 1 sign + E exponent + M mantissa bits, E in [2, 11],
///                 M in [1, 52], bias 2^(E-1)-1, subnormals, ±inf, nan; round to nearest even;
///                 overflow goes to ±inf.
///  - names: fp64 = float:11:52, fp32 = float:8:23, fp16 = float:5:10, bf16 = float:8:7,
///           e5m2 = float:5:2 (OCP E5M2, IEEE-like), e4m3 = OCP E4M3FN (bias 7, no inf; the
///           all-ones exponent is a normal binade except S.1111.111 = nan; max 448;
///           values that round beyond 448 and ±inf encode to nan).
///
/// Invariant: quantize(x) == decode(encode(x)) for every double x (nan compares as nan).

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/registry.hpp>

namespace ccsim {

class Format {
public:
    enum class Kind { Fixed, Float, FloatFiniteNan };

    /// Parses a spelling (see the file comment). Throws UsageError naming the bad part and
    /// the allowed range, e.g. `format width p=0 out of range [1, 64] (from fixed:0:0)`.
    static Format parse(std::string_view spelling);

    static Format fixed(int totalBits, int fracBits);
    static Format ieee(int expBits, int mantBits);

    /// Canonical spelling: the name if the format has one (`fp32`), else `fixed:P:F` /
    /// `float:E:M`.
    std::string name() const;

    Kind kind() const { return kind_; }
    /// p: the number of bits one encoded value occupies.
    int widthBits() const { return widthBits_; }
    int fracBits() const { return fracBits_; }  ///< fixed only
    int expBits() const { return expBits_; }    ///< float only
    int mantBits() const { return mantBits_; }  ///< float only

    /// Bits of a block of k scalars written together (one vector, one block's sums): k·p for
    /// every format today. The one place a message's width meets its format, so that a block
    /// format (k values sharing one scale) changes this and blockFormula, nothing else.
    std::size_t blockBits(std::size_t k) const { return k * static_cast<std::size_t>(widthBits_); }
    /// The formula of that width, for a scalar count written as `count` in a protocol's
    /// parameters: count, then `times` ("" for "Hmp", "·" for "L·m·p"), then p.
    std::string blockFormula(std::string_view count, std::string_view times) const {
        return std::string(count) + std::string(times) + "p";
    }

    /// Encodes x to a code in [0, 2^p), held in the low p bits. Fixed: nan throws RunError,
    /// ±inf saturate.
    std::uint64_t encode(double x) const;
    /// Decodes the low p bits of code (higher bits must be zero).
    double decode(std::uint64_t code) const;
    /// decode(encode(x)); fp64 and fp32 take the machine's own rounding (the same result,
    /// much faster: quantization is on every hot path of model evaluation).
    double quantize(double x) const;

    /// The definitions that encode, decode and quantize must equal bit for bit: straight
    /// from the format's rules, one libm call per step. The three functions above take fast
    /// paths (no library call) for the common values and these for the rest; the format
    /// tests compare both on every code of every format of at most 16 bits and on random
    /// doubles.
    std::uint64_t encodeReference(double x) const;
    double decodeReference(std::uint64_t code) const;
    double quantizeReference(double x) const;

    /// Largest finite value and smallest positive value (subnormal for floats, 2^-F for fixed).
    double maxFinite() const;
    double minPositive() const;

    bool operator==(const Format&) const = default;

    /// The named formats, in the order `ccsim list` shows them.
    static std::vector<std::string> names();

private:
    Format(Kind kind, int widthBits, int fracBits, int expBits, int mantBits)
        : kind_(kind),
          widthBits_(widthBits),
          fracBits_(fracBits),
          expBits_(expBits),
          mantBits_(mantBits),
          scale_(std::ldexp(1.0, fracBits)),
          inverseScale_(std::ldexp(1.0, -fracBits)),
          limit_(std::ldexp(1.0, widthBits - 1)) {}

    bool fixedFast() const { return kind_ == Kind::Fixed && widthBits_ <= 53; }
    bool floatFast() const;
    /// The fast fixed-point path: x's code as an integer, clamped to [-2^(P-1), 2^(P-1) - 1];
    /// false for nan and for values that may saturate (|x · 2^F| >= 2^52), which take the
    /// reference path. Inline: it is the whole cost of quantizing a fixed-point number.
    bool roundFixed(double x, double& integer) const {
        constexpr double kTwo52 = 4503599627370496.0;  // 2^52
        if (!fixedFast()) return false;
        const double v = x * scale_;
        if (!(std::fabs(v) < kTwo52)) return false;
        // Adding 2^52 leaves no fraction bits, so the addition itself rounds to nearest, ties
        // to even (the default rounding mode; ccsim never changes it).
        const double r = v >= 0 ? (v + kTwo52) - kTwo52 : (v - kTwo52) + kTwo52;
        integer = r >= limit_ ? limit_ - 1 : (r < -limit_ ? -limit_ : r);
        return true;
    }
    bool roundFloat(double x, double& rounded) const;
    /// 2^F, 2^-F and 2^(P-1) for fixed point (exact doubles for the fast path's F and P).
    double fixedScale() const { return scale_; }
    double fixedInverseScale() const { return inverseScale_; }
    double fixedLimit() const { return limit_; }

    Kind kind_;
    int widthBits_;
    int fracBits_;
    int expBits_;
    int mantBits_;
    // Derived from the fields above (so equality is unchanged).
    double scale_;
    double inverseScale_;
    double limit_;
};

/// A spelling of `precision=` as `ccsim list` shows it: the two families (fixed:P:F,
/// float:E:M) and every named format (Format::names()), registered by format.cpp.
struct FormatInfo {
    std::string name;
    std::string summary;
};
using FormatRegistry = Registry<FormatInfo>;

}  // namespace ccsim
