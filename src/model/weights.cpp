#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/numeric/format.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

static_assert(std::endian::native == std::endian::little,
              "safetensors and .npy readers assume a little-endian machine");

std::size_t Tensor::elements() const {
    std::size_t n = 1;
    for (std::size_t s : shape) n *= s;
    return n;
}

Matrix Tensor::matrix(const std::string& what) const {
    if (shape.size() != 2)
        throw UsageError(fmt::format("{} has {} dimensions, expected 2", what, shape.size()));
    Matrix m(static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
    for (std::size_t r = 0; r < shape[0]; ++r)
        for (std::size_t c = 0; c < shape[1]; ++c)
            m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = data[r * shape[1] + c];
    return m;
}

Vector Tensor::vector(const std::string& what) const {
    if (shape.size() != 1)
        throw UsageError(fmt::format("{} has {} dimensions, expected 1", what, shape.size()));
    return Eigen::Map<const Vector>(data.data(), static_cast<Eigen::Index>(data.size()));
}

namespace {

std::string readAll(const std::string& path, const char* what) {
    return files::readInput(path, what);
}

template <class T>
T load(const std::string& bytes, std::size_t at) {
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof(T));
    return v;
}

std::size_t dtypeBytes(const std::string& dtype) {
    if (dtype == "F64") return 8;
    if (dtype == "F32") return 4;
    if (dtype == "F16" || dtype == "BF16") return 2;
    return 0;
}

/// Parses JSON; a key that appears twice in one object (which JSON parsers resolve silently,
/// each its own way) is reported through `duplicate` (the first such key).
nlohmann::json parseJsonOnce(const std::string& text, std::string& duplicate) {
    std::vector<std::set<std::string>> open;
    return nlohmann::json::parse(
        text, [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            using E = nlohmann::json::parse_event_t;
            if (event == E::object_start) open.emplace_back();
            if (event == E::object_end && !open.empty()) open.pop_back();
            if (event == E::key && !open.empty() &&
                !open.back().insert(parsed.get<std::string>()).second && duplicate.empty())
                duplicate = parsed.get<std::string>();
            return true;
        });
}

struct NpyHeader {
    std::string descr;
    bool fortran = false;
    std::vector<std::size_t> shape;
};

/// The header of a .npy file, a Python dict literal such as
/// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }, parsed strictly: exactly the
/// keys descr, fortran_order and shape, each once; non-negative integer dimensions.
template <class Bad>
NpyHeader parseNpyHeader(const std::string& text, const Bad& bad) {
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
    NpyHeader h;
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
                     dim > static_cast<std::size_t>(std::numeric_limits<Eigen::Index>::max())))
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

/// Multiplies with an overflow check.
bool mulOverflows(std::size_t a, std::size_t b, std::size_t& out) {
    if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) return true;
    out = a * b;
    return false;
}

}  // namespace

TensorFile readSafetensors(const std::string& path) {
    return parseSafetensors(readAll(path, "weights file"), path);
}

TensorFile parseSafetensors(const std::string& bytes, const std::string& path) {
    auto bad = [&path](const std::string& why) {
        return UsageError(fmt::format("weights file {} is not valid safetensors: {}", path, why));
    };
    // torch.save writes a zip archive (PyTorch >= 1.6) or a bare pickle: say what it is and
    // how to convert it, instead of reading its first bytes as a header length.
    if (bytes.compare(0, 4, "PK\x03\x04") == 0 ||
        (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x80 &&
         static_cast<unsigned char>(bytes[1]) <= 5))
        throw UsageError(fmt::format(
            "weights file {} is a torch.save file (a {} archive), not safetensors; convert it "
            "with: python3 -c \"import torch; from safetensors.torch import save_file; "
            "save_file(torch.load('{}'), 'model.safetensors')\" (docs/weights.md)",
            path, bytes.compare(0, 4, "PK\x03\x04") == 0 ? "zip" : "pickle", path));
    if (bytes.size() < 8) throw bad(fmt::format("{} bytes, too short for a header", bytes.size()));
    const auto headerBytes = load<std::uint64_t>(bytes, 0);
    if (headerBytes > bytes.size() - 8)
        throw bad(
            fmt::format("header length {} exceeds the file ({} bytes)", headerBytes, bytes.size()));
    nlohmann::json header;
    std::string duplicate;
    try {
        header = parseJsonOnce(bytes.substr(8, headerBytes), duplicate);
    } catch (const nlohmann::json::exception& e) {
        throw bad(fmt::format("header is not JSON ({})", e.what()));
    }
    if (!duplicate.empty()) throw bad(fmt::format("header has the key {} twice", duplicate));
    if (!header.is_object()) throw bad("header is not a JSON object");
    const std::size_t dataStart = 8 + headerBytes;
    const std::size_t dataBytes = bytes.size() - dataStart;
    static const Format fp16 = Format::parse("fp16");
    static const Format bf16 = Format::parse("bf16");

    struct Range {
        std::size_t begin, end;
        std::string name;
        bool operator<(const Range& o) const { return begin < o.begin; }
    };
    std::vector<Range> ranges;
    double decoded = 0;  // bytes of the tensors decoded so far
    TensorFile file;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) throw bad("__metadata__ is not an object");
            for (const auto& [key, value] : entry.items()) {
                if (!value.is_string()) throw bad(fmt::format("metadata {} is not a string", key));
                file.metadata[key] = value.get<std::string>();
            }
            continue;
        }
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
            !entry.contains("data_offsets"))
            throw bad(fmt::format("tensor {} lacks dtype, shape or data_offsets", name));
        const auto& dtypeJ = entry["dtype"];
        if (!dtypeJ.is_string()) throw bad(fmt::format("tensor {} has a non-string dtype", name));
        const std::string dtype = dtypeJ.get<std::string>();
        const std::size_t width = dtypeBytes(dtype);
        if (width == 0)
            throw UsageError(
                fmt::format("weights file {}: tensor {} has dtype {} (supported: "
                            "F64, F32, F16, BF16)",
                            path, name, dtype));
        Tensor t;
        if (!entry["shape"].is_array())
            throw bad(fmt::format("tensor {} shape is not a list", name));
        std::size_t count = 1;
        for (const auto& dim : entry["shape"]) {
            if (!dim.is_number_unsigned())
                throw bad(
                    fmt::format("tensor {} has a shape entry that is not a natural number", name));
            t.shape.push_back(dim.get<std::size_t>());
            if (t.shape.back() == 0)
                throw bad(fmt::format("tensor {} has an empty dimension", name));
            // Eigen indices are signed: a larger entry would become a negative dimension.
            if (t.shape.back() > static_cast<std::size_t>(std::numeric_limits<Eigen::Index>::max()))
                throw bad(
                    fmt::format("tensor {} has shape entry {}, too large", name, t.shape.back()));
            if (mulOverflows(count, t.shape.back(), count))
                throw bad(fmt::format("tensor {} shape overflows", name));
        }
        const auto& offsets = entry["data_offsets"];
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
            !offsets[1].is_number_unsigned())
            throw bad(fmt::format("tensor {} data_offsets is not [begin, end]", name));
        const auto begin = offsets[0].get<std::size_t>();
        const auto end = offsets[1].get<std::size_t>();
        std::size_t expected = 0;
        if (begin > end || end > dataBytes)
            throw bad(fmt::format("tensor {} data [{}, {}) lies outside the {} data bytes", name,
                                  begin, end, dataBytes));
        if (mulOverflows(count, width, expected) || end - begin != expected)
            throw bad(fmt::format("tensor {} has {} data bytes, its shape and dtype need {}", name,
                                  end - begin, count * width));
        ranges.push_back({begin, end, name});
        decoded += static_cast<double>(count) * static_cast<double>(sizeof(double));
        requireMemory(static_cast<double>(bytes.size()) + decoded,
                      fmt::format("weights file {}", path),
                      "its tensors decoded to doubles beside the file's bytes",
                      "load a smaller model (or raise --max-memory)");
        t.data.resize(count);
        const std::size_t at = dataStart + begin;
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t off = at + i * width;
            if (dtype == "F64")
                t.data[i] = load<double>(bytes, off);
            else if (dtype == "F32")
                t.data[i] = load<float>(bytes, off);
            else if (dtype == "F16")
                t.data[i] = fp16.decode(load<std::uint16_t>(bytes, off));
            else
                t.data[i] = bf16.decode(load<std::uint16_t>(bytes, off));
            if (!std::isfinite(t.data[i]))
                throw UsageError(
                    fmt::format("weights file {}: tensor {} has the non-finite value "
                                "{} at flat index {}",
                                path, name, t.data[i], i));
        }
        file.tensors.emplace(name, std::move(t));
    }
    // Two tensors may not share bytes: a file whose offsets overlap is corrupt or crafted.
    std::sort(ranges.begin(), ranges.end());
    for (std::size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].begin < ranges[i - 1].end)
            throw bad(fmt::format("tensors {} and {} overlap in the data", ranges[i - 1].name,
                                  ranges[i].name));
    return file;
}

void writeSafetensors(const std::string& path, const TensorFile& file, bool f32) {
    // An object even without tensors: a default-constructed json would be written as "null".
    auto header = nlohmann::ordered_json::object();
    if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
    std::string data;
    for (const auto& [name, t] : file.tensors) {
        CCSIM_CHECK_OP(t.data.size(), ==, t.elements());
        const std::size_t begin = data.size();
        for (double v : t.data) {
            if (f32) {
                const auto f = static_cast<float>(v);
                data.append(reinterpret_cast<const char*>(&f), sizeof f);
            } else {
                data.append(reinterpret_cast<const char*>(&v), sizeof v);
            }
        }
        header[name] = {{"dtype", f32 ? "F32" : "F64"},
                        {"shape", t.shape},
                        {"data_offsets", {begin, data.size()}}};
    }
    std::string text = header.dump();
    while ((8 + text.size()) % 8 != 0) text += ' ';
    const std::uint64_t n = text.size();
    std::string out(reinterpret_cast<const char*>(&n), 8);
    out += text;
    out += data;
    AtomicFile(path, "weights file").commit(out);
}

namespace {

/// Tensor lookups that remember what was read, so that a tensor ccsim never reads (a
/// misspelt bias, say) is an error instead of being silently left out of the model.
class Lookup {
public:
    Lookup(const TensorFile& file, std::string path) : file_(file), path_(std::move(path)) {}

    const Tensor* find(const std::string& name) {
        looked_.insert(name);
        const auto it = file_.tensors.find(name);
        if (it == file_.tensors.end()) return nullptr;
        used_.insert(name);
        return &it->second;
    }
    const Tensor& need(const std::string& name) {
        if (const Tensor* t = find(name)) return *t;
        throw UsageError(fmt::format("weights file {} has no tensor {}", path_, name));
    }
    void checkAllUsed() const {
        const std::vector<std::string> known(looked_.begin(), looked_.end());
        for (const auto& [name, t] : file_.tensors)
            if (used_.count(name) == 0)
                throw UsageError(
                    fmt::format("weights file {}: tensor {} is not one ccsim reads{}; "
                                "see docs/weights.md",
                                path_, name, didYouMean(name, known)));
    }
    /// Metadata is free-form (a "source" or "format" note is fine), but a key that is close
    /// to one this kind of file reads is a misspelling that would silently fall back to a
    /// default: an error naming the intended key.
    void checkMetadata(const std::vector<std::string>& reads) const {
        for (const auto& [key, value] : file_.metadata) {
            if (std::find(reads.begin(), reads.end(), key) != reads.end()) continue;
            if (const std::string hint = didYouMean(key, reads); !hint.empty())
                throw UsageError(
                    fmt::format("weights file {}: metadata {} is not one ccsim reads here{}; see "
                                "docs/weights.md",
                                path_, key, hint));
        }
    }
    const TensorFile& file() const { return file_; }
    const std::string& path() const { return path_; }

private:
    const TensorFile& file_;
    std::string path_;
    std::set<std::string> used_;
    std::set<std::string> looked_;  ///< every name asked for, found or not
};

/// A metadata number such as num_heads, strictly parsed.
std::size_t metadataCount(const std::string& path, const std::string& key,
                          const std::string& text) {
    std::size_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty() || value == 0 || value > 4096)
        throw UsageError(fmt::format("weights file {}: metadata {}={} is not a count in [1, 4096]",
                                     path, key, text));
    return value;
}

std::shared_ptr<const AttentionModel> fromPytorch(Lookup& look, const std::string& prefix,
                                                  std::size_t tokenDim, std::size_t heads,
                                                  bool headsGiven) {
    const TensorFile& f = look.file();
    const std::string& path = look.path();
    const auto tensorName = [&prefix](const char* n) { return prefix + n; };
    // add_bias_kv=True appends two learned tokens to the keys and values, which ccsim's
    // model cannot express; loading the rest would silently compute a different function.
    for (const char* extra : {"bias_k", "bias_v"})
        if (f.tensors.count(tensorName(extra)) != 0)
            throw UsageError(
                fmt::format("weights file {} holds {}: nn.MultiheadAttention with "
                            "add_bias_kv=True is not supported",
                            path, tensorName(extra)));
    const Matrix in = look.need(tensorName("in_proj_weight")).matrix(tensorName("in_proj_weight"));
    const auto e = static_cast<std::size_t>(in.cols());
    if (static_cast<std::size_t>(in.rows()) != 3 * e)
        throw UsageError(fmt::format("weights file {}: {} has shape [{}, {}], expected [3E, E]",
                                     path, tensorName("in_proj_weight"), in.rows(), in.cols()));
    if (e != tokenDim)
        throw UsageError(
            fmt::format("weights file {}: embedding dimension E = {}, but the tokens "
                        "have d = {} coordinates",
                        path, e, tokenDim));
    std::size_t h = heads;
    if (const auto it = f.metadata.find("num_heads"); it != f.metadata.end()) {
        const std::size_t fromFile = metadataCount(path, "num_heads", it->second);
        if (headsGiven && fromFile != heads)
            throw UsageError(fmt::format("weights file {} says num_heads={}, but H={} was given",
                                         path, fromFile, heads));
        h = fromFile;
    } else if (!headsGiven) {
        throw UsageError(
            fmt::format("weights file {} holds nn.MultiheadAttention weights without "
                        "metadata num_heads; give the head count as H=",
                        path));
    }
    if (h == 0 || e % h != 0)
        throw UsageError(
            fmt::format("weights file {}: E = {} is not divisible into {} heads", path, e, h));
    Vector inBias = Vector::Zero(static_cast<Eigen::Index>(3 * e));
    if (const Tensor* b = look.find(tensorName("in_proj_bias")))
        inBias = b->vector(tensorName("in_proj_bias"));
    const Matrix out =
        look.need(tensorName("out_proj.weight")).matrix(tensorName("out_proj.weight"));
    Vector outBias = Vector::Zero(out.rows());
    if (const Tensor* b = look.find(tensorName("out_proj.bias")))
        outBias = b->vector(tensorName("out_proj.bias"));
    if (static_cast<std::size_t>(inBias.size()) != 3 * e ||
        static_cast<std::size_t>(out.cols()) != e)
        throw UsageError(
            fmt::format("weights file {}: in_proj_bias or out_proj.weight does not "
                        "match E = {}",
                        path, e));
    const auto hd = static_cast<Eigen::Index>(e / h);
    const auto ee = static_cast<Eigen::Index>(e);
    std::vector<AttentionHead> hs;
    for (std::size_t k = 0; k < h; ++k) {
        const auto off = static_cast<Eigen::Index>(k) * hd;
        AttentionHead head;
        head.wq = in.middleRows(off, hd);
        head.bq = inBias.segment(off, hd);
        head.wk = in.middleRows(ee + off, hd);
        head.bk = inBias.segment(ee + off, hd);
        head.wv = in.middleRows(2 * ee + off, hd);
        head.bv = inBias.segment(2 * ee + off, hd);
        head.wo = out.middleCols(off, hd);
        hs.push_back(std::move(head));
    }
    try {
        return std::make_shared<const AttentionModel>(
            std::make_shared<IdentityFeatures>(tokenDim), std::move(hs), outBias,
            1.0 / std::sqrt(static_cast<double>(hd)), false,
            fmt::format("nn.MultiheadAttention from {} (E={}, H={})", path, e, h));
    } catch (const UsageError& ex) {
        throw UsageError(fmt::format("weights file {}: {}", path, ex.what()));
    }
}

/// ccsim's own attention tensors under a name prefix ("" or "layers.{l}."). forceResidual:
/// set for transformer layers (always residual), else metadata "residual" decides.
std::shared_ptr<const AttentionModel> fromNative(Lookup& look, const std::string& prefix,
                                                 std::size_t tokenDim, std::size_t heads,
                                                 bool headsGiven,
                                                 std::optional<bool> forceResidual) {
    const TensorFile& f = look.file();
    const std::string& path = look.path();
    std::size_t h = 0;
    while (look.find(fmt::format("{}heads.{}.q.weight", prefix, h))) ++h;
    if (h == 0)
        throw UsageError(
            fmt::format("weights file {} has neither {}heads.0.q.weight nor "
                        "in_proj_weight; see docs/weights.md for tensor names",
                        path, prefix));
    if (headsGiven && h != heads)
        throw UsageError(
            fmt::format("weights file {} has {} heads, but H={} was given", path, h, heads));
    std::vector<AttentionHead> hs;
    for (std::size_t k = 0; k < h; ++k) {
        const auto name = [k, &prefix](const char* part) {
            return fmt::format("{}heads.{}.{}", prefix, k, part);
        };
        AttentionHead head;
        head.wq = look.need(name("q.weight")).matrix(name("q.weight"));
        head.wk = look.need(name("k.weight")).matrix(name("k.weight"));
        head.wv = look.need(name("v.weight")).matrix(name("v.weight"));
        head.wo = look.need(name("o.weight")).matrix(name("o.weight"));
        if (const Tensor* b = look.find(name("q.bias"))) head.bq = b->vector(name("q.bias"));
        if (const Tensor* b = look.find(name("k.bias"))) head.bk = b->vector(name("k.bias"));
        if (const Tensor* b = look.find(name("v.bias"))) head.bv = b->vector(name("v.bias"));
        if (static_cast<std::size_t>(head.wq.cols()) != tokenDim)
            throw UsageError(
                fmt::format("weights file {}: {} has {} columns, but the tokens have "
                            "d = {} coordinates",
                            path, name("q.weight"), head.wq.cols(), tokenDim));
        hs.push_back(std::move(head));
    }
    Vector outBias = Vector::Zero(hs.front().wo.rows());
    if (const Tensor* b = look.find(prefix + "o.bias")) outBias = b->vector(prefix + "o.bias");
    double temperature = 1.0;
    if (const Tensor* t = look.find(prefix + "temperature")) {
        if (t->elements() != 1)
            throw UsageError(
                fmt::format("weights file {}: temperature must hold one number", path));
        temperature = t->data.front();
    }
    bool residual = forceResidual.value_or(false);
    if (const auto it = f.metadata.find("residual"); !forceResidual && it != f.metadata.end()) {
        if (it->second != "true" && it->second != "false")
            throw UsageError(
                fmt::format("weights file {}: metadata residual={} is not true or "
                            "false",
                            path, it->second));
        residual = it->second == "true";
    }
    try {
        return std::make_shared<const AttentionModel>(
            std::make_shared<IdentityFeatures>(tokenDim), std::move(hs), outBias, temperature,
            residual,
            fmt::format("attention from {}{} (H={})", path,
                        prefix.empty() ? "" : " " + prefix.substr(0, prefix.size() - 1), h));
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("weights file {}: {}", path, e.what()));
    }
}

}  // namespace

std::shared_ptr<const AttentionModel> loadAttention(const std::string& path, std::size_t tokenDim,
                                                    std::size_t heads, bool headsGiven) {
    return loadAttention(readSafetensors(path), path, tokenDim, heads, headsGiven);
}

std::shared_ptr<const AttentionModel> loadAttention(const TensorFile& f, const std::string& path,
                                                    std::size_t tokenDim, std::size_t heads,
                                                    bool headsGiven) {
    Lookup look(f, path);
    look.checkMetadata({"num_heads", "residual"});
    // PyTorch names, possibly under a prefix.
    std::vector<std::string> prefixes;
    for (const auto& [name, t] : f.tensors) {
        const std::string suffix = "in_proj_weight";
        if (name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            prefixes.push_back(name.substr(0, name.size() - suffix.size()));
    }
    if (prefixes.size() > 1)
        throw UsageError(
            fmt::format("weights file {} holds {} attention modules ({}in_proj_weight, "
                        "...); export one",
                        path, prefixes.size(), prefixes.front()));
    if (prefixes.size() == 1) {
        auto model = fromPytorch(look, prefixes.front(), tokenDim, heads, headsGiven);
        look.checkAllUsed();
        return model;
    }

    auto model = fromNative(look, "", tokenDim, heads, headsGiven, std::nullopt);
    look.checkAllUsed();
    return model;
}

namespace {

Mlp readMlp(Lookup& look, const std::string& prefix, std::size_t dim) {
    Mlp mlp;
    const Tensor* fc1 = look.find(prefix + "fc1.weight");
    const Tensor* fc2 = look.find(prefix + "fc2.weight");
    if ((fc1 == nullptr) != (fc2 == nullptr))
        throw UsageError(fmt::format("weights file {}: {}fc1.weight and {}fc2.weight come together",
                                     look.path(), prefix, prefix));
    if (fc1 == nullptr) {
        for (const char* bias : {"fc1.bias", "fc2.bias"})
            if (look.find(prefix + bias) != nullptr)
                throw UsageError(fmt::format("weights file {}: {}{} without the MLP's weights",
                                             look.path(), prefix, bias));
        return mlp;
    }
    mlp.w1 = fc1->matrix(prefix + "fc1.weight");
    mlp.w2 = fc2->matrix(prefix + "fc2.weight");
    mlp.b1 = Vector::Zero(mlp.w1.rows());
    mlp.b2 = Vector::Zero(static_cast<Eigen::Index>(dim));
    if (const Tensor* b = look.find(prefix + "fc1.bias")) mlp.b1 = b->vector(prefix + "fc1.bias");
    if (const Tensor* b = look.find(prefix + "fc2.bias")) mlp.b2 = b->vector(prefix + "fc2.bias");
    return mlp;
}

}  // namespace

std::shared_ptr<const TransformerModel> loadTransformer(const std::string& path,
                                                        std::size_t tokenDim) {
    return loadTransformer(readSafetensors(path), path, tokenDim);
}

std::shared_ptr<const TransformerModel> loadTransformer(const TensorFile& f,
                                                        const std::string& path,
                                                        std::size_t tokenDim) {
    Lookup look(f, path);
    look.checkMetadata({"causal"});
    bool causal = false;
    if (const auto it = f.metadata.find("causal"); it != f.metadata.end()) {
        if (it->second != "true" && it->second != "false")
            throw UsageError(fmt::format("weights file {}: metadata causal={} is not true or false",
                                         path, it->second));
        causal = it->second == "true";
    }
    std::vector<TransformerLayer> layers;
    for (std::size_t l = 0; look.find(fmt::format("layers.{}.heads.0.q.weight", l)); ++l) {
        const std::string prefix = fmt::format("layers.{}.", l);
        layers.push_back({fromNative(look, prefix, tokenDim, 0, false, true),
                          readMlp(look, prefix + "mlp.", tokenDim)});
    }
    if (layers.empty())
        throw UsageError(fmt::format(
            "weights file {} has no layers.0.heads.0.q.weight; see docs/weights.md", path));
    look.checkAllUsed();
    try {
        return std::make_shared<const TransformerModel>(
            std::move(layers), causal,
            fmt::format("{} transformer from {} (L={})", causal ? "causal" : "encoder", path,
                        layers.size()));
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("weights file {}: {}", path, e.what()));
    }
}

TensorFile transformerTensors(const TransformerModel& model) {
    auto matrixTensor = [](const Matrix& m) {
        Tensor t;
        t.shape = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            for (Eigen::Index c = 0; c < m.cols(); ++c) t.data.push_back(m(r, c));
        return t;
    };
    auto vectorTensor = [](const Vector& v) {
        Tensor t;
        t.shape = {static_cast<std::size_t>(v.size())};
        t.data.assign(v.data(), v.data() + v.size());
        return t;
    };
    TensorFile f;
    f.metadata["causal"] = model.causal() ? "true" : "false";
    for (std::size_t l = 0; l < model.layers(); ++l) {
        const TransformerLayer& layer = model.layer(l);
        const std::string prefix = fmt::format("layers.{}.", l);
        const auto& heads = layer.attention->headWeights();
        for (std::size_t h = 0; h < heads.size(); ++h) {
            const std::string head = fmt::format("{}heads.{}.", prefix, h);
            f.tensors[head + "q.weight"] = matrixTensor(heads[h].wq);
            f.tensors[head + "q.bias"] = vectorTensor(heads[h].bq);
            f.tensors[head + "k.weight"] = matrixTensor(heads[h].wk);
            f.tensors[head + "k.bias"] = vectorTensor(heads[h].bk);
            f.tensors[head + "v.weight"] = matrixTensor(heads[h].wv);
            f.tensors[head + "v.bias"] = vectorTensor(heads[h].bv);
            f.tensors[head + "o.weight"] = matrixTensor(heads[h].wo);
        }
        f.tensors[prefix + "o.bias"] = vectorTensor(layer.attention->outBias());
        Tensor temperature;
        temperature.shape = {1};
        temperature.data = {layer.attention->temperature()};
        f.tensors[prefix + "temperature"] = temperature;
        if (layer.mlp.width() > 0) {
            f.tensors[prefix + "mlp.fc1.weight"] = matrixTensor(layer.mlp.w1);
            f.tensors[prefix + "mlp.fc1.bias"] = vectorTensor(layer.mlp.b1);
            f.tensors[prefix + "mlp.fc2.weight"] = matrixTensor(layer.mlp.w2);
            f.tensors[prefix + "mlp.fc2.bias"] = vectorTensor(layer.mlp.b2);
        }
    }
    return f;
}

Matrix readNpy(const std::string& path) { return parseNpy(readAll(path, "input file"), path); }

Matrix parseNpy(const std::string& bytes, const std::string& path) {
    auto bad = [&path](const std::string& why) {
        return UsageError(fmt::format("input file {} is not a usable .npy array: {}", path, why));
    };
    if (bytes.compare(0, 4, "PK\x03\x04") == 0)
        throw bad(
            "this is a zip archive (an .npz from numpy.savez, or a torch.save file); save "
            "one array with numpy.save('x.npy', x)");
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw bad("no NUMPY magic");
    const auto major = static_cast<unsigned char>(bytes[6]);
    std::size_t headerLen = 0;
    std::size_t at = 0;
    if (major == 1) {
        headerLen = load<std::uint16_t>(bytes, 8);
        at = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) throw bad("truncated header");
        headerLen = load<std::uint32_t>(bytes, 8);
        at = 12;
    } else {
        throw bad(fmt::format("format version {}", major));
    }
    if (at + headerLen > bytes.size()) throw bad("truncated header");
    const NpyHeader h = parseNpyHeader(bytes.substr(at, headerLen), bad);
    std::size_t width = 0;
    if (h.descr == "<f8" || h.descr == "=f8")
        width = 8;
    else if (h.descr == "<f4" || h.descr == "=f4")
        width = 4;
    else if (h.descr == "<f2" || h.descr == "=f2")
        width = 2;
    else
        throw bad(
            fmt::format("dtype {} (float16, float32 or float64 little-endian needed)", h.descr));
    const bool fortran = h.fortran;
    const std::vector<std::size_t>& shape = h.shape;
    if (shape.size() != 2)
        throw bad(fmt::format("{} dimensions, expected 2 (tokens × coordinates)", shape.size()));
    if (shape[0] == 0) throw bad("no tokens (shape (0, d))");
    if (shape[1] == 0) throw bad("tokens of dimension 0 (shape (N, 0))");
    std::size_t count = 0;
    std::size_t needBytes = 0;  // checked too: a wrapped product could match the data size
    if (mulOverflows(shape[0], shape[1], count) || mulOverflows(count, width, needBytes))
        throw bad("shape overflows");
    const std::size_t dataAt = at + headerLen;
    if (bytes.size() - dataAt != needBytes)
        throw bad(fmt::format("{} data bytes, shape ({}, {}) needs {}", bytes.size() - dataAt,
                              shape[0], shape[1], needBytes));
    Matrix out(static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
    static const Format fp16 = Format::parse("fp16");
    for (std::size_t i = 0; i < count; ++i) {
        const double v = width == 8   ? load<double>(bytes, dataAt + 8 * i)
                         : width == 4 ? static_cast<double>(load<float>(bytes, dataAt + 4 * i))
                                      : fp16.decode(load<std::uint16_t>(bytes, dataAt + 2 * i));
        const std::size_t r = fortran ? i % shape[0] : i / shape[1];
        const std::size_t c = fortran ? i / shape[0] : i % shape[1];
        if (!std::isfinite(v))
            throw UsageError(
                fmt::format("input file {}: token {} coordinate {} is {}", path, r, c, v));
        out(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = v;
    }
    return out;
}

void writeNpy(const std::string& path, const Matrix& m) {
    std::string header = fmt::format(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': ({}, {}), }}", m.rows(), m.cols());
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += '\x01';
    out += '\x00';
    const auto len = static_cast<std::uint16_t>(header.size());
    out.append(reinterpret_cast<const char*>(&len), 2);
    out += header;
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) {
            const double v = m(r, c);
            out.append(reinterpret_cast<const char*>(&v), 8);
        }
    AtomicFile(path, "npy file").commit(out);
}

}  // namespace ccsim
