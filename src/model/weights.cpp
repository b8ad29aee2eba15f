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
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <zip.h>

#include <ccsim/budget.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/io/npy.hpp>
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

Tensor Tensor::of(const Matrix& m) {
    Tensor t;
    t.shape = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
    t.data.reserve(t.elements());
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) t.data.push_back(m(r, c));
    return t;
}

Tensor Tensor::of(const Vector& v) {
    Tensor t;
    t.shape = {static_cast<std::size_t>(v.size())};
    t.data.assign(v.data(), v.data() + v.size());
    return t;
}

Tensor Tensor::scalar(double value) { return Tensor{{1}, {value}}; }

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
    AtomicFile(path, "weights file").commit(safetensorsBytes(file, f32));
}

std::string safetensorsBytes(const TensorFile& file, bool f32) {
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
    return out;
}

namespace {

/// "attn" or "attn." as a name scope "attn.".
std::string scopeOf(const std::string& prefix) {
    return prefix.empty() || prefix.back() == '.' ? prefix : prefix + ".";
}

UsageError noTensorUnder(const TensorFile& file, const std::string& path,
                         const std::string& scope) {
    std::set<std::string> modules;
    for (const auto& [name, t] : file.tensors) modules.insert(name.substr(0, name.find('.')));
    const std::vector<std::string> known(modules.begin(), modules.end());
    return UsageError(
        fmt::format("weights file {} has no tensor under prefix={}{}; its top-level names: {}",
                    path, scope.substr(0, scope.size() - 1),
                    didYouMean(scope.substr(0, scope.size() - 1), known), fmt::join(known, ", ")));
}

/// "; if the model is a sub-module, choose it with prefix= (top-level names: …)" when the
/// file's tensors sit under more than one top-level name.
std::string prefixHint(const TensorFile& file) {
    std::set<std::string> modules;
    for (const auto& [name, t] : file.tensors)
        if (name.find('.') != std::string::npos) modules.insert(name.substr(0, name.find('.')));
    if (modules.empty()) return "";
    return fmt::format(
        "; if the model is a sub-module, choose it with prefix= (top-level names: {})",
        fmt::join(modules, ", "));
}

/// Tensor lookups that remember what was read, so that a tensor ccsim never reads (a
/// misspelt bias, say) is an error instead of being silently left out of the model. A scope
/// ("" or a sub-module's "name.") is put in front of every name looked up, and only tensors
/// under it must be read: the rest of a larger state dict is not this model's.
class Lookup {
public:
    Lookup(const TensorFile& file, std::string path, const std::string& prefix = "")
        : file_(file), path_(std::move(path)) {
        if (prefix.empty()) return;
        scope_ = scopeOf(prefix);
        if (namesUnder("").empty()) throw noTensorUnder(file_, path_, scope_);
    }

    const Tensor* find(const std::string& name) {
        const std::string full = scope_ + name;
        looked_.insert(full);
        const auto it = file_.tensors.find(full);
        if (it == file_.tensors.end()) return nullptr;
        used_.insert(full);
        return &it->second;
    }
    const Tensor& need(const std::string& name) {
        if (const Tensor* t = find(name)) return *t;
        throw UsageError(fmt::format("weights file {} has no tensor {}", path_, scope_ + name));
    }
    /// The names (without the scope) of the tensors under scope + start, in order.
    std::vector<std::string> namesUnder(const std::string& start) const {
        std::vector<std::string> out;
        const std::string full = scope_ + start;
        for (auto it = file_.tensors.lower_bound(full);
             it != file_.tensors.end() && it->first.compare(0, full.size(), full) == 0; ++it)
            out.push_back(it->first.substr(scope_.size()));
        return out;
    }
    void checkAllUsed() const {
        const std::vector<std::string> known(looked_.begin(), looked_.end());
        for (const std::string& name : namesUnder(""))
            if (used_.count(scope_ + name) == 0)
                throw UsageError(
                    fmt::format("weights file {}: tensor {} is not one ccsim reads{}; "
                                "see docs/weights.md",
                                path_, scope_ + name, didYouMean(scope_ + name, known)));
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
    /// A metadata flag: "true" or "false", `fallback` when absent.
    bool flag(const std::string& key, bool fallback) const {
        const auto it = file_.metadata.find(key);
        if (it == file_.metadata.end()) return fallback;
        if (it->second != "true" && it->second != "false")
            throw UsageError(fmt::format("weights file {}: metadata {}={} is not true or false",
                                         path_, key, it->second));
        return it->second == "true";
    }
    const std::string* metadata(const std::string& key) const {
        const auto it = file_.metadata.find(key);
        return it == file_.metadata.end() ? nullptr : &it->second;
    }
    const TensorFile& file() const { return file_; }
    const std::string& path() const { return path_; }
    const std::string& scope() const { return scope_; }

private:
    const TensorFile& file_;
    std::string path_;
    std::string scope_;
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

/// A positive metadata number such as layer_norm_eps.
double metadataReal(const Lookup& look, const std::string& key, double fallback) {
    const std::string* text = look.metadata(key);
    if (text == nullptr) return fallback;
    double value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc() || ptr != end || !(value > 0) || !std::isfinite(value))
        throw UsageError(fmt::format("weights file {}: metadata {}={} is not a positive number",
                                     look.path(), key, *text));
    return value;
}

/// The activations a metadata key names: one name or a comma-separated list.
std::vector<Activation> metadataActivations(const Lookup& look, const std::string& key) {
    std::vector<Activation> out;
    const std::string* text = look.metadata(key);
    if (text == nullptr) return out;
    std::stringstream list(*text);
    for (std::string name; std::getline(list, name, ',');) {
        try {
            out.push_back(parseActivation(name));
        } catch (const UsageError& e) {
            throw UsageError(
                fmt::format("weights file {}: metadata {}: {}", look.path(), key, e.what()));
        }
    }
    if (out.empty())
        throw UsageError(fmt::format("weights file {}: metadata {} is empty", look.path(), key));
    return out;
}

/// One parametrised token-wise module `name`: an nn.Linear (2-D weight, optional bias) or an
/// nn.LayerNorm (1-D weight and bias).
TokenStep readModule(Lookup& look, const std::string& name, double eps) {
    const std::string weight = name + ".weight", bias = name + ".bias";
    const Tensor& w = look.need(weight);
    Vector b;
    if (const Tensor* t = look.find(bias)) b = t->vector(look.scope() + bias);
    if (w.shape.size() == 2) return TokenStep::linear(w.matrix(look.scope() + weight), b);
    if (w.shape.size() == 1) return TokenStep::layerNorm(w.vector(look.scope() + weight), b, eps);
    throw UsageError(fmt::format(
        "weights file {}: {} has {} dimensions; a token-wise map is made of nn.Linear (2-D "
        "weight) and nn.LayerNorm (1-D weight) modules",
        look.path(), look.scope() + weight, w.shape.size()));
}

/// The layer norm `name` (nn.LayerNorm's weight and bias).
TokenStep readLayerNorm(Lookup& look, const std::string& name, double eps) {
    TokenStep step = readModule(look, name, eps);
    if (step.kind != TokenStep::Kind::LayerNorm)
        throw UsageError(
            fmt::format("weights file {}: {}.weight should be a layer norm's 1-D weight",
                        look.path(), look.scope() + name));
    return step;
}

/// The token-wise map `name` (docs/weights.md, "Token-wise maps"): no tensors (none), one
/// module `name.weight`, or an nn.Sequential `name.{i}.…` whose entries without parameters
/// are the activations metadata `name.activation` names.
std::vector<TokenStep> readSteps(Lookup& look, const std::string& name, double eps) {
    const std::string key = name + ".activation";
    const std::vector<Activation> acts = metadataActivations(look, key);
    const std::vector<std::string> names = look.namesUnder(name + ".");
    std::vector<TokenStep> steps;
    if (names.empty()) {
        if (!acts.empty())
            throw UsageError(
                fmt::format("weights file {}: metadata {} names activations, but "
                            "there is no tensor {}{}.*{}",
                            look.path(), key, look.scope(), name,
                            look.scope().empty() ? prefixHint(look.file()) : ""));
        return steps;
    }
    const auto single = [&](const std::string& n) {
        return n == name + ".weight" || n == name + ".bias";
    };
    if (std::all_of(names.begin(), names.end(), single)) {
        steps.push_back(readModule(look, name, eps));
        if (acts.size() > 1)
            throw UsageError(
                fmt::format("weights file {}: metadata {} names {} activations for "
                            "one module",
                            look.path(), key, acts.size()));
        if (!acts.empty()) steps.push_back(TokenStep::act(acts.front()));
        return steps;
    }
    std::set<std::size_t> indices;
    for (const std::string& n : names) {
        const std::string rest = n.substr(name.size() + 1);
        const std::size_t dot = rest.find('.');
        const std::string index = rest.substr(0, dot);
        std::size_t i = 0;
        const auto [ptr, ec] = std::from_chars(index.data(), index.data() + index.size(), i);
        if (index.empty() || ec != std::errc() || ptr != index.data() + index.size() ||
            dot == std::string::npos || i > 4096)
            throw UsageError(fmt::format(
                "weights file {}: tensor {} is neither {}.weight nor an nn.Sequential entry "
                "{}.{{i}}.weight; see docs/weights.md",
                look.path(), look.scope() + n, name, name));
        indices.insert(i);
    }
    // Entries without parameters (activations) are the indices 0..last that hold no tensor,
    // leading ones included: nn.Sequential(ReLU, Linear) stores only phi.1.*.
    const std::size_t gaps = *indices.rbegin() + 1 - indices.size();
    std::size_t firstGap = 0;
    while (indices.count(firstGap) != 0) ++firstGap;
    const bool trailing = acts.size() == gaps + 1;
    const bool everyGap = acts.size() == 1 && gaps > 1;
    if (gaps > 0 && acts.empty())
        throw UsageError(fmt::format(
            "weights file {}: {}{}.{} has no tensors (an activation?); name the activations in "
            "metadata {}, e.g. \"relu\", one per entry without parameters",
            look.path(), look.scope(), name, firstGap, key));
    if (!acts.empty() && acts.size() != gaps && !trailing && !everyGap)
        throw UsageError(fmt::format(
            "weights file {}: metadata {} names {} activations, but {}{} has {} entries without "
            "parameters (one more names an activation after the last module)",
            look.path(), key, acts.size(), look.scope(), name, gaps));
    std::size_t next = 0, from = 0;
    for (std::size_t i : indices) {
        for (std::size_t k = from; k < i; ++k)
            steps.push_back(TokenStep::act(acts.at(everyGap ? 0 : next++)));
        steps.push_back(readModule(look, fmt::format("{}.{}", name, i), eps));
        from = i + 1;
    }
    if (trailing && !everyGap) steps.push_back(TokenStep::act(acts.back()));
    return steps;
}

/// The positional embedding: tensor pos.weight (nn.Embedding) or pos (an nn.Parameter),
/// [positions, dim] or [1, positions, dim]; or metadata positional=sinusoidal.
std::optional<TokenStep> readPositions(Lookup& look, std::size_t dim) {
    const std::string* kind = look.metadata("positional");
    const char* name = look.namesUnder("pos.").empty() ? "pos" : "pos.weight";
    const Tensor* t = look.find(name);
    const std::string full = look.scope() + name;
    if (kind != nullptr && *kind != "learned" && *kind != "sinusoidal")
        throw UsageError(
            fmt::format("weights file {}: metadata positional={} is not learned or sinusoidal",
                        look.path(), *kind));
    if (kind != nullptr && *kind == "sinusoidal") {
        if (t != nullptr)
            throw UsageError(fmt::format(
                "weights file {}: metadata positional=sinusoidal, but the file holds a learned "
                "table {}",
                look.path(), full));
        return TokenStep::sinusoidalPositions();
    }
    if (t == nullptr) {
        if (kind != nullptr)
            throw UsageError(
                fmt::format("weights file {}: metadata positional=learned, but "
                            "there is no tensor {}pos.weight",
                            look.path(), look.scope()));
        return std::nullopt;
    }
    Tensor table = *t;
    if (table.shape.size() == 3 && table.shape[0] == 1) table.shape.erase(table.shape.begin());
    if (table.shape.size() != 2 || table.shape[1] != dim)
        throw UsageError(fmt::format(
            "weights file {}: positional table {} has shape [{}], expected [positions, {}]",
            look.path(), full, fmt::join(t->shape, ", "), dim));
    return TokenStep::learnedPositions(table.matrix(full));
}

/// A token map from steps, its shape errors naming the file.
std::shared_ptr<const FeatureMap> tokenMap(const Lookup& look, std::size_t inputDim,
                                           std::vector<TokenStep> steps, const std::string& name) {
    try {
        return std::make_shared<const TokenMap>(inputDim, std::move(steps), look.scope() + name);
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("weights file {}: {}", look.path(), e.what()));
    }
}

/// φ of a named kind (metadata phi.kind; FeatureKindRegistry): its tensors and metadata under
/// "phi.", handed over without the prefix.
std::shared_ptr<const FeatureMap> readPhiKind(Lookup& look, const std::string& kind,
                                              std::size_t tokenDim) {
    const FeatureKind* entry = FeatureKindRegistry::instance().find(kind);
    if (entry == nullptr)
        throw UsageError(fmt::format(
            "weights file {}: metadata phi.kind={} is not a kind ccsim "
            "knows{}; known: {}",
            look.path(), kind, didYouMean(kind, FeatureKindRegistry::instance().names()),
            fmt::join(FeatureKindRegistry::instance().names(), ", ")));
    if (!look.namesUnder("pos").empty() || look.metadata("positional") != nullptr)
        throw UsageError(fmt::format(
            "weights file {}: a phi of kind {} takes no positional embedding", look.path(), kind));
    TensorFile map;
    for (const std::string& name : look.namesUnder("phi."))
        map.tensors[name.substr(4)] = *look.find(name);
    for (const auto& [key, value] : look.file().metadata)
        if (key.compare(0, 4, "phi.") == 0 && key != "phi.kind")
            map.metadata[key.substr(4)] = value;
    return entry->read(map, tokenDim, look.path());
}

/// φ: the map phi followed by the positional embedding; identity if the file has neither.
std::shared_ptr<const FeatureMap> readPhi(Lookup& look, std::size_t tokenDim) {
    if (const std::string* kind = look.metadata("phi.kind"))
        return readPhiKind(look, *kind, tokenDim);
    const double eps = metadataReal(look, "layer_norm_eps", 1e-5);
    std::vector<TokenStep> steps = readSteps(look, "phi", eps);
    const std::size_t dim = tokenMap(look, tokenDim, steps, "phi")->outputDim();
    if (auto p = readPositions(look, dim)) steps.push_back(std::move(*p));
    if (steps.empty()) return std::make_shared<IdentityFeatures>(tokenDim);
    return tokenMap(look, tokenDim, std::move(steps), "phi");
}

/// ψ, or nullptr when the file has none.
std::shared_ptr<const FeatureMap> readPsi(Lookup& look, std::size_t dout) {
    std::vector<TokenStep> steps =
        readSteps(look, "psi", metadataReal(look, "layer_norm_eps", 1e-5));
    if (steps.empty()) return nullptr;
    return tokenMap(look, dout, std::move(steps), "psi");
}

/// The heads, output bias and temperature of one attention layer.
struct HeadWeights {
    std::vector<AttentionHead> heads;
    Vector outBias;
    double temperature = 1.0;
    std::string what;  ///< e.g. "nn.MultiheadAttention (E=4, H=2)"
};

/// The head count of PyTorch attention: metadata num_heads, or H when given (both: equal).
std::size_t pytorchHeads(const Lookup& look, std::size_t heads, bool headsGiven,
                         const std::string& what) {
    const std::string* text = look.metadata("num_heads");
    if (text == nullptr) {
        if (!headsGiven)
            throw UsageError(
                fmt::format("weights file {} holds {} weights without metadata num_heads; give "
                            "the head count as H=",
                            look.path(), what));
        return heads;
    }
    const std::size_t fromFile = metadataCount(look.path(), "num_heads", *text);
    if (headsGiven && fromFile != heads)
        throw UsageError(fmt::format("weights file {} says num_heads={}, but H={} was given",
                                     look.path(), fromFile, heads));
    return fromFile;
}

/// nn.MultiheadAttention's tensors under `prefix` (relative to the scope), reading vectors of
/// dimension `dim` (`dimWhat` says where that number comes from, for messages).
HeadWeights readMha(Lookup& look, const std::string& prefix, std::size_t dim, std::size_t heads,
                    bool headsGiven, const std::string& dimWhat) {
    const std::string& path = look.path();
    const auto tensorName = [&](const char* n) { return prefix + n; };
    const auto fullName = [&](const char* n) { return look.scope() + prefix + n; };
    // add_bias_kv=True appends two learned tokens to the keys and values, which ccsim's
    // model cannot express; loading the rest would silently compute a different function.
    for (const char* extra : {"bias_k", "bias_v"})
        if (!look.namesUnder(tensorName(extra)).empty())
            throw UsageError(
                fmt::format("weights file {} holds {}: nn.MultiheadAttention with "
                            "add_bias_kv=True is not supported",
                            path, fullName(extra)));
    const Matrix in = look.need(tensorName("in_proj_weight")).matrix(fullName("in_proj_weight"));
    const auto e = static_cast<std::size_t>(in.cols());
    if (static_cast<std::size_t>(in.rows()) != 3 * e)
        throw UsageError(fmt::format("weights file {}: {} has shape [{}, {}], expected [3E, E]",
                                     path, fullName("in_proj_weight"), in.rows(), in.cols()));
    if (e != dim)
        throw UsageError(
            fmt::format("weights file {}: embedding dimension E = {}, but {}", path, e, dimWhat));
    const std::size_t h = pytorchHeads(look, heads, headsGiven, "nn.MultiheadAttention");
    if (h == 0 || e % h != 0)
        throw UsageError(
            fmt::format("weights file {}: E = {} is not divisible into {} heads", path, e, h));
    Vector inBias = Vector::Zero(static_cast<Eigen::Index>(3 * e));
    if (const Tensor* b = look.find(tensorName("in_proj_bias")))
        inBias = b->vector(fullName("in_proj_bias"));
    const Matrix out = look.need(tensorName("out_proj.weight")).matrix(fullName("out_proj.weight"));
    Vector outBias = Vector::Zero(out.rows());
    if (const Tensor* b = look.find(tensorName("out_proj.bias")))
        outBias = b->vector(fullName("out_proj.bias"));
    if (static_cast<std::size_t>(inBias.size()) != 3 * e ||
        static_cast<std::size_t>(out.cols()) != e)
        throw UsageError(
            fmt::format("weights file {}: in_proj_bias or out_proj.weight does not "
                        "match E = {}",
                        path, e));
    const auto hd = static_cast<Eigen::Index>(e / h);
    const auto ee = static_cast<Eigen::Index>(e);
    HeadWeights w;
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
        w.heads.push_back(std::move(head));
    }
    w.outBias = outBias;
    w.temperature = 1.0 / std::sqrt(static_cast<double>(hd));
    w.what = fmt::format("nn.MultiheadAttention from {} (E={}, H={})", path, e, h);
    return w;
}

/// ccsim's own attention tensors under a name prefix ("" or "layers.{l}.").
HeadWeights readNativeHeads(Lookup& look, const std::string& prefix, std::size_t dim,
                            std::size_t heads, bool headsGiven, const std::string& dimWhat) {
    const std::string& path = look.path();
    std::size_t h = 0;
    while (look.find(fmt::format("{}heads.{}.q.weight", prefix, h))) ++h;
    if (h == 0)
        throw UsageError(
            fmt::format("weights file {} has neither {}{}heads.0.q.weight nor "
                        "in_proj_weight; see docs/weights.md for tensor names",
                        path, look.scope(), prefix));
    if (headsGiven && h != heads)
        throw UsageError(
            fmt::format("weights file {} has {} heads, but H={} was given", path, h, heads));
    HeadWeights w;
    for (std::size_t k = 0; k < h; ++k) {
        const auto name = [k, &prefix](const char* part) {
            return fmt::format("{}heads.{}.{}", prefix, k, part);
        };
        const auto full = [&](const char* part) { return look.scope() + name(part); };
        AttentionHead head;
        head.wq = look.need(name("q.weight")).matrix(full("q.weight"));
        head.wk = look.need(name("k.weight")).matrix(full("k.weight"));
        head.wv = look.need(name("v.weight")).matrix(full("v.weight"));
        head.wo = look.need(name("o.weight")).matrix(full("o.weight"));
        if (const Tensor* b = look.find(name("q.bias"))) head.bq = b->vector(full("q.bias"));
        if (const Tensor* b = look.find(name("k.bias"))) head.bk = b->vector(full("k.bias"));
        if (const Tensor* b = look.find(name("v.bias"))) head.bv = b->vector(full("v.bias"));
        if (static_cast<std::size_t>(head.wq.cols()) != dim)
            throw UsageError(fmt::format("weights file {}: {} has {} columns, but {}", path,
                                         full("q.weight"), head.wq.cols(), dimWhat));
        w.heads.push_back(std::move(head));
    }
    w.outBias = Vector::Zero(w.heads.front().wo.rows());
    if (const Tensor* b = look.find(prefix + "o.bias"))
        w.outBias = b->vector(look.scope() + prefix + "o.bias");
    if (const Tensor* t = look.find(prefix + "temperature")) {
        if (t->elements() != 1)
            throw UsageError(
                fmt::format("weights file {}: temperature must hold one number", path));
        w.temperature = t->data.front();
    }
    const std::string where = look.scope() + prefix;
    w.what = fmt::format("attention from {}{} (H={})", path,
                         where.empty() ? "" : " " + where.substr(0, where.size() - 1), h);
    return w;
}

/// Builds a model, its shape errors naming the file.
template <class T, class... Args>
std::shared_ptr<const T> build(const std::string& path, Args&&... args) {
    try {
        return std::make_shared<const T>(std::forward<Args>(args)...);
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("weights file {}: {}", path, e.what()));
    }
}

std::string dimensionText(std::size_t tokenDim) {
    return fmt::format("the tokens have d = {} coordinates", tokenDim);
}

}  // namespace

std::shared_ptr<const AttentionModel> loadAttention(const std::string& path, std::size_t tokenDim,
                                                    std::size_t heads, bool headsGiven,
                                                    const std::string& prefix) {
    return loadAttention(readSafetensors(path), path, tokenDim, heads, headsGiven, prefix);
}

std::shared_ptr<const AttentionModel> loadAttention(const TensorFile& f, const std::string& path,
                                                    std::size_t tokenDim, std::size_t heads,
                                                    bool headsGiven, const std::string& prefix) {
    Lookup look(f, path, prefix);
    look.checkMetadata({"num_heads", "residual", "positional", "layer_norm_eps", "phi.activation",
                        "psi.activation", "phi.kind"});
    const std::shared_ptr<const FeatureMap> phi = readPhi(look, tokenDim);
    const bool mapped = dynamic_cast<const IdentityFeatures*>(phi.get()) == nullptr;
    const std::size_t dim = phi->outputDim();
    const std::string dimWhat =
        mapped ? fmt::format("phi outputs {} numbers", dim) : dimensionText(tokenDim);
    // PyTorch names, possibly under a module name.
    std::vector<std::string> modules;
    for (const std::string& name : look.namesUnder("")) {
        const std::string suffix = "in_proj_weight";
        if (name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            modules.push_back(name.substr(0, name.size() - suffix.size()));
    }
    if (modules.size() > 1)
        throw UsageError(
            fmt::format("weights file {} holds {} attention modules ({}{}in_proj_weight, "
                        "...); choose one with prefix=",
                        path, modules.size(), look.scope(), modules.front()));
    HeadWeights w = modules.size() == 1
                        ? readMha(look, modules.front(), dim, heads, headsGiven, dimWhat)
                        : readNativeHeads(look, "", dim, heads, headsGiven, dimWhat);
    const bool residual = look.flag("residual", false);
    const std::shared_ptr<const FeatureMap> psi =
        readPsi(look, static_cast<std::size_t>(w.outBias.size()));
    look.checkAllUsed();
    using Residual = AttentionModel::Residual;
    std::string description = w.what;
    if (mapped) description += "; phi: " + phi->describe();
    if (psi) description += "; psi: " + psi->describe();
    return build<AttentionModel>(
        path, phi, std::move(w.heads), std::move(w.outBias), w.temperature,
        residual ? (mapped ? Residual::Features : Residual::Input) : Residual::None, psi,
        std::move(description));
}

TensorFile subModule(const TensorFile& file, const std::string& prefix, const std::string& path) {
    const std::string scope = scopeOf(prefix);
    if (scope.empty()) return file;
    TensorFile out;
    out.metadata = file.metadata;
    for (const auto& [name, t] : file.tensors)
        if (name.compare(0, scope.size(), scope) == 0) out.tensors[name.substr(scope.size())] = t;
    if (out.tensors.empty()) throw noTensorUnder(file, path, scope);
    return out;
}

void checkPositions(const AttentionModel& model, std::size_t tokens, const std::string& path) {
    const std::size_t limit = model.features().maxPositions();
    if (limit != 0 && tokens > limit)
        throw UsageError(fmt::format(
            "weights file {}: the learned positional embedding has {} positions, but the input "
            "has {} tokens",
            path, limit, tokens));
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

/// nn.TransformerEncoderLayer's tensors under `prefix` ("" for one layer, "layers.{l}." in an
/// nn.TransformerEncoder): self_attn.*, linear1/linear2, norm1/norm2.
TransformerLayer readTorchLayer(Lookup& look, const std::string& prefix, std::size_t dim,
                                std::size_t heads, bool headsGiven, bool normFirst,
                                Activation activation, double eps) {
    HeadWeights w = readMha(look, prefix + "self_attn.", dim, heads, headsGiven,
                            fmt::format("the tokens have d = {} coordinates", dim));
    const auto norm = [&](const char* name) {
        return tokenMap(look, dim, {readLayerNorm(look, prefix + name, eps)}, prefix + name);
    };
    const std::shared_ptr<const FeatureMap> norm1 = norm("norm1"), norm2 = norm("norm2");
    Mlp mlp;
    const auto linear = [&](const char* name) {
        const TokenStep s = readModule(look, prefix + name, eps);
        if (s.kind != TokenStep::Kind::Linear)
            throw UsageError(fmt::format("weights file {}: {}.weight should be 2-D", look.path(),
                                         look.scope() + prefix + name));
        return s;
    };
    const TokenStep l1 = linear("linear1"), l2 = linear("linear2");
    mlp.w1 = l1.weight;
    mlp.b1 = l1.bias;
    mlp.w2 = l2.weight;
    mlp.b2 = l2.bias;
    mlp.activation = activation;
    using Residual = AttentionModel::Residual;
    std::shared_ptr<const AttentionModel> attention;
    const std::string what = w.what;
    if (normFirst) {
        // x + attn(norm1(x)), then y + ff(norm2(y)).
        attention =
            build<AttentionModel>(look.path(), norm1, std::move(w.heads), std::move(w.outBias),
                                  w.temperature, Residual::Input, nullptr, what);
        mlp.pre = norm2;
    } else {
        // norm1(x + attn(x)), then norm2(y + ff(y)).
        attention = build<AttentionModel>(look.path(), std::make_shared<IdentityFeatures>(dim),
                                          std::move(w.heads), std::move(w.outBias), w.temperature,
                                          Residual::Input, norm1, what);
        mlp.post = norm2;
    }
    return {std::move(attention), std::move(mlp)};
}

std::shared_ptr<const TransformerModel> loadTorchTransformer(Lookup& look, std::size_t tokenDim,
                                                             std::size_t heads, bool headsGiven,
                                                             bool single) {
    look.checkMetadata({"causal", "num_heads", "norm_first", "activation", "layer_norm_eps"});
    const bool causal = look.flag("causal", false);
    const bool normFirst = look.flag("norm_first", false);
    const double eps = metadataReal(look, "layer_norm_eps", 1e-5);
    Activation activation = Activation::Relu;
    if (const std::string* name = look.metadata("activation")) {
        activation = metadataActivations(look, "activation").front();
        if (activation != Activation::Relu && activation != Activation::Gelu)
            throw UsageError(fmt::format(
                "weights file {}: metadata activation={}: nn.TransformerEncoderLayer uses relu "
                "or gelu",
                look.path(), *name));
    }
    std::vector<TransformerLayer> layers;
    if (single) {
        layers.push_back(
            readTorchLayer(look, "", tokenDim, heads, headsGiven, normFirst, activation, eps));
    } else {
        for (std::size_t l = 0; !look.namesUnder(fmt::format("layers.{}.self_attn.", l)).empty();
             ++l)
            layers.push_back(readTorchLayer(look, fmt::format("layers.{}.", l), tokenDim, heads,
                                            headsGiven, normFirst, activation, eps));
    }
    // nn.TransformerEncoder(norm=LayerNorm): one more norm after the last layer.
    if (!look.namesUnder("norm.").empty()) {
        Mlp& last = layers.back().mlp;
        std::vector<TokenStep> steps;
        if (last.post) steps = dynamic_cast<const TokenMap&>(*last.post).steps();
        steps.push_back(readLayerNorm(look, "norm", eps));
        last.post = tokenMap(look, tokenDim, std::move(steps), "norm");
    }
    look.checkAllUsed();
    return build<TransformerModel>(
        look.path(), std::move(layers), causal,
        fmt::format("{} nn.TransformerEncoder{} from {} (L={}, {})", causal ? "causal" : "encoder",
                    single ? "Layer" : "", look.path(), layers.size(),
                    normFirst ? "pre-norm" : "post-norm"));
}

}  // namespace

std::shared_ptr<const TransformerModel> loadTransformer(const std::string& path,
                                                        std::size_t tokenDim, std::size_t heads,
                                                        bool headsGiven,
                                                        const std::string& prefix) {
    return loadTransformer(readSafetensors(path), path, tokenDim, heads, headsGiven, prefix);
}

std::shared_ptr<const TransformerModel> loadTransformer(const TensorFile& f,
                                                        const std::string& path,
                                                        std::size_t tokenDim, std::size_t heads,
                                                        bool headsGiven,
                                                        const std::string& prefix) {
    Lookup look(f, path, prefix);
    for (const std::string& name : look.namesUnder(""))
        if (name.find("multihead_attn.") != std::string::npos)
            throw UsageError(fmt::format(
                "weights file {} holds {}: an nn.TransformerDecoderLayer's cross-attention reads "
                "a second sequence (the encoder's memory), which ccsim's models do not have; a "
                "decoder-only model is nn.TransformerEncoderLayer layers with a causal mask "
                "(metadata causal=true)",
                path, look.scope() + name));
    if (!look.namesUnder("self_attn.").empty())
        return loadTorchTransformer(look, tokenDim, heads, headsGiven, true);
    if (!look.namesUnder("layers.0.self_attn.").empty())
        return loadTorchTransformer(look, tokenDim, heads, headsGiven, false);
    look.checkMetadata({"causal"});
    const bool causal = look.flag("causal", false);
    std::vector<TransformerLayer> layers;
    for (std::size_t l = 0; look.find(fmt::format("layers.{}.heads.0.q.weight", l)); ++l) {
        const std::string layer = fmt::format("layers.{}.", l);
        HeadWeights w =
            readNativeHeads(look, layer, tokenDim, heads, headsGiven, dimensionText(tokenDim));
        layers.push_back({build<AttentionModel>(path, std::make_shared<IdentityFeatures>(tokenDim),
                                                std::move(w.heads), std::move(w.outBias),
                                                w.temperature, true, std::move(w.what)),
                          readMlp(look, layer + "mlp.", tokenDim)});
    }
    if (layers.empty())
        throw UsageError(fmt::format(
            "weights file {} has no {}layers.0.heads.0.q.weight nor an "
            "nn.TransformerEncoderLayer's self_attn.in_proj_weight; see docs/weights.md",
            path, look.scope()));
    look.checkAllUsed();
    return build<TransformerModel>(path, std::move(layers), causal,
                                   fmt::format("{} transformer from {} (L={})",
                                               causal ? "causal" : "encoder", path, layers.size()));
}

namespace {

/// One attention layer's heads, output bias and temperature under `prefix`.
void putHeads(TensorFile& f, const std::string& prefix, const AttentionModel& a) {
    const auto& heads = a.headWeights();
    for (std::size_t h = 0; h < heads.size(); ++h) {
        const std::string head = fmt::format("{}heads.{}.", prefix, h);
        f.tensors[head + "q.weight"] = Tensor::of(heads[h].wq);
        f.tensors[head + "q.bias"] = Tensor::of(heads[h].bq);
        f.tensors[head + "k.weight"] = Tensor::of(heads[h].wk);
        f.tensors[head + "k.bias"] = Tensor::of(heads[h].bk);
        f.tensors[head + "v.weight"] = Tensor::of(heads[h].wv);
        f.tensors[head + "v.bias"] = Tensor::of(heads[h].bv);
        f.tensors[head + "o.weight"] = Tensor::of(heads[h].wo);
    }
    f.tensors[prefix + "o.bias"] = Tensor::of(a.outBias());
    f.tensors[prefix + "temperature"] = Tensor::scalar(a.temperature());
}

/// A map's tensors and metadata (FeatureMap::exportTensors under `role`) into f.
void putMap(TensorFile& f, const FeatureMap& map, const std::string& role) {
    const std::optional<TensorFile> out = map.exportTensors(role);
    if (!out)
        throw UsageError(fmt::format("the model's {} ({}) cannot be written to a weights file",
                                     role, map.describe()));
    for (const auto& [name, t] : out->tensors) f.tensors[name] = t;
    for (const auto& [key, value] : out->metadata) {
        const auto it = f.metadata.find(key);
        if (it != f.metadata.end() && it->second != value)
            throw UsageError(fmt::format(
                "the model's {} needs metadata {}={}, but the file already holds {}={} (phi and "
                "psi share one layer_norm_eps)",
                role, key, value, key, it->second));
        f.metadata[key] = value;
    }
}

}  // namespace

TensorFile attentionTensors(const AttentionModel& model) {
    TensorFile f;
    putHeads(f, "", model);
    putMap(f, model.features(), "phi");
    if (const FeatureMap* psi = model.outputMap()) putMap(f, *psi, "psi");
    using Residual = AttentionModel::Residual;
    const bool identity = dynamic_cast<const IdentityFeatures*>(&model.features()) != nullptr;
    if (model.residualKind() == Residual::Input && !identity)
        throw UsageError(
            "the model adds its raw token x_i behind a feature map, which a weights file cannot "
            "say (residual=true adds phi(x_i))");
    f.metadata["residual"] = model.residual() ? "true" : "false";
    return f;
}

TensorFile transformerTensors(const TransformerModel& model) {
    TensorFile f;
    f.metadata["causal"] = model.causal() ? "true" : "false";
    for (std::size_t l = 0; l < model.layers(); ++l) {
        const TransformerLayer& layer = model.layer(l);
        const AttentionModel& a = *layer.attention;
        if (dynamic_cast<const IdentityFeatures*>(&a.features()) == nullptr ||
            a.outputMap() != nullptr || layer.mlp.pre || layer.mlp.post ||
            layer.mlp.activation != Activation::Relu)
            throw UsageError(fmt::format(
                "transformer layer {} has layer norms or a non-relu MLP, which ccsim's own "
                "layout does not name",
                l));
        const std::string prefix = fmt::format("layers.{}.", l);
        putHeads(f, prefix, a);
        if (layer.mlp.width() > 0) {
            f.tensors[prefix + "mlp.fc1.weight"] = Tensor::of(layer.mlp.w1);
            f.tensors[prefix + "mlp.fc1.bias"] = Tensor::of(layer.mlp.b1);
            f.tensors[prefix + "mlp.fc2.weight"] = Tensor::of(layer.mlp.w2);
            f.tensors[prefix + "mlp.fc2.bias"] = Tensor::of(layer.mlp.b2);
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
    const NpyLayout h = parseNpyLayout(bytes, bad);
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
    const std::size_t dataAt = h.dataAt;
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

std::string npyBytes(const NamedArray& array) {
    std::size_t count = 1;
    for (std::size_t d : array.shape) count *= d;
    CCSIM_CHECK_OP(count, ==, array.data.size());
    std::string shape;
    for (std::size_t d : array.shape) shape += fmt::format("{}, ", d);
    if (array.shape.size() > 1) shape.resize(shape.size() - 2);  // (3,) but (3, 4)
    if (array.shape.size() == 1) shape.resize(shape.size() - 1);
    std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}",
                                     array.integer ? "<i8" : "<f8", shape);
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += '\x01';
    out += '\x00';
    const auto len = static_cast<std::uint16_t>(header.size());
    out.append(reinterpret_cast<const char*>(&len), 2);
    out += header;
    out.reserve(out.size() + 8 * count);
    for (double v : array.data) {
        if (array.integer) {
            CCSIM_CHECK(v == std::floor(v));
            const auto i = static_cast<std::int64_t>(v);
            out.append(reinterpret_cast<const char*>(&i), 8);
        } else {
            out.append(reinterpret_cast<const char*>(&v), 8);
        }
    }
    return out;
}

void writeNpy(const std::string& path, const Matrix& m) {
    NamedArray a{"", {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())}, {}};
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) a.data.push_back(m(r, c));
    writeNpy(path, a);
}

void writeNpy(const std::string& path, const NamedArray& array) {
    AtomicFile(path, "npy file").commit(npyBytes(array));
}

std::string npzBytes(const std::vector<NamedArray>& arrays) {
    // The archive is built in memory, in a libzip buffer source.
    const std::string path = "the .npz archive";
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (buffer == nullptr) throw RunError(fmt::format("libzip: {}", zip_error_strerror(&error)));
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    const auto fail = [&](const std::string& what) {
        const std::string message = fmt::format("writing {}: {}", path, what);
        zip_source_free(buffer);
        zip_error_fini(&error);
        return RunError(message);
    };
    if (archive == nullptr) throw fail(zip_error_strerror(&error));
    std::vector<std::string> blobs;
    blobs.reserve(arrays.size());  // libzip reads them at zip_close
    for (const NamedArray& a : arrays) {
        blobs.push_back(npyBytes(a));
        zip_source_t* entry =
            zip_source_buffer(archive, blobs.back().data(), blobs.back().size(), 0);
        if (entry == nullptr ||
            zip_file_add(archive, (a.name + ".npy").c_str(), entry, ZIP_FL_ENC_UTF_8) < 0) {
            if (entry != nullptr) zip_source_free(entry);
            const std::string why = zip_strerror(archive);
            zip_discard(archive);
            throw fail(why);
        }
        const auto index = static_cast<zip_uint64_t>(zip_get_num_entries(archive, 0) - 1);
        zip_set_file_compression(archive, index, ZIP_CM_STORE, 0);
        // A fixed time stamp (1980-01-01 00:00, the DOS epoch) instead of the clock: the same
        // command writes the same bytes.
        zip_file_set_dostime(archive, index, 0, (1 << 5) | 1, 0);
    }
    if (zip_close(archive) < 0) {
        const std::string why = zip_strerror(archive);
        zip_discard(archive);
        throw fail(why);
    }
    zip_stat_t stat;
    if (zip_source_stat(buffer, &stat) < 0 || zip_source_open(buffer) < 0)
        throw fail(zip_error_strerror(zip_source_error(buffer)));
    std::string bytes(static_cast<std::size_t>(stat.size), '\0');
    const zip_int64_t read = zip_source_read(buffer, bytes.data(), stat.size);
    zip_source_close(buffer);
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) throw fail("short read");
    zip_source_free(buffer);
    zip_error_fini(&error);
    return bytes;
}

void writeNpz(const std::string& path, const std::vector<NamedArray>& arrays) {
    AtomicFile(path, "-o").commit(npzBytes(arrays));
}

}  // namespace ccsim
