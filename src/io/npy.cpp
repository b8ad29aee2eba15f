// The layout of a NumPy .npy file (io/npy.hpp).

#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>

#include <fmt/format.h>

#include <ccsim/io/npy.hpp>

namespace ccsim {

namespace {

/// The header of a .npy file, a Python dict literal such as
/// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }, parsed strictly: exactly the
/// keys descr, fortran_order and shape, each once; non-negative integer dimensions.
NpyLayout parseHeader(const std::string& text, const NpyBad& bad) {
    std::size_t at = 0;
    auto skip = [&] {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\t')) ++at;
    };
    auto expect = [&](char c) {
        skip();
        if (at >= text.size() || text[at] != c)
            throw bad(fmt::format("header: expected '{}' at byte {}", c, at));
        ++at;
    };
    auto peek = [&](char c) {
        skip();
        return at < text.size() && text[at] == c;
    };
    auto quoted = [&] {
        skip();
        if (at >= text.size() || (text[at] != '\'' && text[at] != '"'))
            throw bad(fmt::format("header: expected a string at byte {}", at));
        const char q = text[at++];
        const std::size_t end = text.find(q, at);
        if (end == std::string::npos) throw bad("header: unterminated string");
        std::string out = text.substr(at, end - at);
        at = end + 1;
        return out;
    };
    NpyLayout h;
    std::set<std::string> seen;
    expect('{');
    while (!peek('}')) {
        const std::string key = quoted();
        if (!seen.insert(key).second) throw bad(fmt::format("header has the key {} twice", key));
        expect(':');
        skip();
        if (key == "descr") {
            h.descr = quoted();
        } else if (key == "fortran_order") {
            if (text.compare(at, 4, "True") == 0) {
                h.fortran = true;
                at += 4;
            } else if (text.compare(at, 5, "False") == 0) {
                at += 5;
            } else {
                throw bad("header: fortran_order is not True or False");
            }
        } else if (key == "shape") {
            expect('(');
            while (!peek(')')) {
                skip();
                std::size_t dim = 0;
                const auto [ptr, ec] =
                    std::from_chars(text.data() + at, text.data() + text.size(), dim);
                std::size_t digits = at;
                while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
                if (ec == std::errc::result_out_of_range ||
                    (ec == std::errc() &&
                     dim > static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max())))
                    throw bad(
                        fmt::format("dimension {} is too large", text.substr(at, digits - at)));
                if (ec != std::errc())
                    throw bad("header: a shape entry is not a non-negative integer");
                at = static_cast<std::size_t>(ptr - text.data());
                h.shape.push_back(dim);
                if (!peek(')')) expect(',');
            }
            expect(')');
        } else {
            throw bad(fmt::format("header has the unknown key {}", key));
        }
        if (!peek('}')) expect(',');
    }
    expect('}');
    for (const char* key : {"descr", "fortran_order", "shape"})
        if (seen.count(key) == 0) throw bad(fmt::format("no {}", key));
    return h;
}

template <class T>
T loadLittle(const std::string& bytes, std::size_t at) {
    T v{};
    std::memcpy(&v, bytes.data() + at, sizeof(T));
    return v;
}

}  // namespace

NpyLayout parseNpyLayout(const std::string& bytes, const NpyBad& bad) {
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw bad("no NUMPY magic");
    const auto major = static_cast<unsigned char>(bytes[6]);
    std::size_t headerLen = 0;
    std::size_t at = 0;
    if (major == 1) {
        headerLen = loadLittle<std::uint16_t>(bytes, 8);
        at = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) throw bad("truncated header");
        headerLen = loadLittle<std::uint32_t>(bytes, 8);
        at = 12;
    } else {
        throw bad(fmt::format("format version {}", major));
    }
    if (at + headerLen > bytes.size()) throw bad("truncated header");
    NpyLayout h = parseHeader(bytes.substr(at, headerLen), bad);
    h.dataAt = at + headerLen;
    return h;
}

}  // namespace ccsim
