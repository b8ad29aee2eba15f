// Tests of the weights loader (include/ccsim/model/weights.hpp). The known answers come from
// outside ccsim: tests/model/fixtures/make_mha_fixture.py writes the fixtures by hand and
// computes the expected outputs with numpy, following torch.nn.MultiheadAttention's formula.
// Regenerate with /usr/bin/python3 tests/model/fixtures/make_mha_fixture.py.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/model/weights.hpp>

using namespace ccsim;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = std::string(CCSIM_SOURCE_ROOT) + "/tests/model/fixtures/";
const std::string kMha = kFixtures + "mha.safetensors";
const std::string kMhaInput = kFixtures + "mha_input.npy";
const std::string kNative = kFixtures + "ccsim_native.safetensors";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    REQUIRE(out);
}

nlohmann::json expectedOutputs() {
    return nlohmann::json::parse(readFile(kFixtures + "mha_expected.json"));
}

Matrix fromJson(const nlohmann::json& rows) {
    REQUIRE(rows.is_array());
    REQUIRE(!rows.empty());
    Matrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        REQUIRE(rows[static_cast<std::size_t>(r)].size() == static_cast<std::size_t>(m.cols()));
        for (Eigen::Index c = 0; c < m.cols(); ++c)
            m(r, c) = rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)].get<double>();
    }
    return m;
}

/// Every entry of actual within 1e-6 relative of expected.
void checkClose(const Matrix& actual, const Matrix& expected) {
    REQUIRE(actual.rows() == expected.rows());
    REQUIRE(actual.cols() == expected.cols());
    for (Eigen::Index r = 0; r < actual.rows(); ++r)
        for (Eigen::Index c = 0; c < actual.cols(); ++c) {
            INFO("entry (" << r << ", " << c << "): " << actual(r, c) << " vs " << expected(r, c));
            CHECK(std::abs(actual(r, c) - expected(r, c)) <= 1e-6 * std::abs(expected(r, c)));
        }
}

/// A fresh scratch directory, removed at the end of the test.
struct Scratch {
    fs::path dir;
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "ccsim-weights-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch() { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

template <class T>
std::string bytesOf(T value) {
    std::string out(sizeof value, '\0');
    std::memcpy(out.data(), &value, sizeof value);
    return out;
}

/// A safetensors file: the header length, the header text exactly as given, the data.
std::string safetensors(const std::string& header, const std::string& data) {
    return bytesOf(static_cast<std::uint64_t>(header.size())) + header + data;
}

/// A version 1.0 .npy file with the given header dictionary, padded as numpy pads it.
std::string npy(std::string dict, const std::string& data) {
    while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
    dict += '\n';
    return std::string("\x93NUMPY\x01\x00", 8) + bytesOf(static_cast<std::uint16_t>(dict.size())) +
           dict + data;
}

/// Calls f, which must throw a UsageError naming path and containing phrase.
template <class F>
void checkUsageError(const F& f, const std::string& path, const std::string& phrase) {
    std::string message;
    try {
        f();
        FAIL_CHECK("no UsageError (expected one containing '" << phrase << "')");
        return;
    } catch (const UsageError& e) {
        message = e.what();
    }
    INFO("message: " << message);
    CHECK(message.find(path) != std::string::npos);
    CHECK(message.find(phrase) != std::string::npos);
}

Tensor tensor(std::vector<std::size_t> shape, std::vector<double> data) {
    return Tensor{std::move(shape), std::move(data)};
}

/// nn.MultiheadAttention tensors for E = 4 (values irrelevant), without metadata.
TensorFile pytorchFile() {
    TensorFile f;
    f.tensors["in_proj_weight"] = tensor({12, 4}, std::vector<double>(48, 0.25));
    f.tensors["in_proj_bias"] = tensor({12}, std::vector<double>(12, 0.5));
    f.tensors["out_proj.weight"] = tensor({4, 4}, std::vector<double>(16, -1.0));
    f.tensors["out_proj.bias"] = tensor({4}, std::vector<double>(4, 2.0));
    return f;
}

}  // namespace

TEST_SUITE("model/weights") {
    TEST_CASE("nn.MultiheadAttention weights in safetensors reproduce numpy's outputs") {
        // H=1 is not given: the head count comes from the metadata num_heads = 2.
        const auto model = loadAttention(kMha, 4, 1, false);
        CHECK(model->heads() == 2);
        CHECK(model->keyDim() == 2);
        CHECK(model->valueDim() == 2);
        CHECK(model->outputDim() == 4);
        CHECK(model->temperature() == doctest::Approx(1.0 / std::sqrt(2.0)));
        CHECK_FALSE(model->residual());
        const Matrix x = readNpy(kMhaInput);
        REQUIRE(x.rows() == 5);
        REQUIRE(x.cols() == 4);
        checkClose(model->forward(x), fromJson(expectedOutputs()["outputs"]));
    }

    TEST_CASE("an H that contradicts num_heads is a usage error, a matching H is accepted") {
        checkUsageError([] { loadAttention(kMha, 4, 1, true); }, kMha, "num_heads=2, but H=1");
        CHECK(loadAttention(kMha, 4, 2, true)->heads() == 2);
    }

    TEST_CASE("ccsim's own tensor names reproduce numpy's outputs") {
        const auto model = loadAttention(kNative, 3, 1, false);
        CHECK(model->heads() == 1);
        CHECK(model->keyDim() == 2);
        CHECK(model->valueDim() == 1);
        CHECK(model->outputDim() == 1);
        CHECK(model->temperature() == 0.5);
        const nlohmann::json expected = expectedOutputs();
        checkClose(model->forward(fromJson(expected["native_input"])),
                   fromJson(expected["native_outputs"]));
    }

    TEST_CASE("a transformer survives export and loading bit for bit; stray tensors are refused") {
        const Scratch scratch;
        for (bool causal : {false, true}) {
            const auto model = makeRandomTransformer(3, 3, 2, 2, 5, causal, 4);
            const std::string file = scratch.path(causal ? "dec.safetensors" : "enc.safetensors");
            writeSafetensors(file, transformerTensors(*model));
            const auto loaded = loadTransformer(file, 3);
            CHECK(loaded->causal() == causal);
            CHECK(loaded->layers() == 3);
            Matrix x(4, 3);
            x << 0.5, -1, 2, 1, 0.25, -0.75, -2, 1.5, 0.1, 0.3, 0.3, -0.3;
            CHECK(loaded->forward(x) == model->forward(x));
            const Format bf16 = Format::parse("bf16");
            const std::vector<int> blocks = {0, 0, 1, 1};
            CHECK(loaded->forwardQuantized(x, bf16, PrecisionModel::PartialSums, blocks) ==
                  model->forwardQuantized(x, bf16, PrecisionModel::PartialSums, blocks));
            CHECK_THROWS_WITH_AS(loadTransformer(file, 4), doctest::Contains("columns"),
                                 UsageError);
        }
        const auto model = makeRandomTransformer(2, 1, 1, 2, 3, false, 1);
        TensorFile stray = transformerTensors(*model);
        stray.tensors["layers.0.mlp.fc3.weight"] = stray.tensors.at("layers.0.mlp.fc2.weight");
        writeSafetensors(scratch.path("stray.safetensors"), stray);
        CHECK_THROWS_WITH_AS(loadTransformer(scratch.path("stray.safetensors"), 2),
                             doctest::Contains("fc3.weight is not one ccsim reads"), UsageError);
        TensorFile half = transformerTensors(*model);
        half.tensors.erase("layers.0.mlp.fc2.weight");
        half.tensors.erase("layers.0.mlp.fc2.bias");
        writeSafetensors(scratch.path("half.safetensors"), half);
        CHECK_THROWS_WITH_AS(loadTransformer(scratch.path("half.safetensors"), 2),
                             doctest::Contains("come together"), UsageError);
        TensorFile bad = transformerTensors(*model);
        bad.metadata["causal"] = "yes";
        writeSafetensors(scratch.path("bad.safetensors"), bad);
        CHECK_THROWS_WITH_AS(loadTransformer(scratch.path("bad.safetensors"), 2),
                             doctest::Contains("causal=yes"), UsageError);
        CHECK_THROWS_WITH_AS(loadTransformer(scratch.path("stray.safetensors"), 2),
                             doctest::Contains("stray.safetensors"), UsageError);
    }

    TEST_CASE("safetensors round trip: F64 exactly, F32 rounded to float") {
        const Scratch scratch;
        TensorFile f;
        const std::vector<double> values = {0.1,   1.0 / 3,   -2.5,
                                            1e-30, 12345.678, std::nextafter(1.0, 2.0)};
        f.tensors["w"] = tensor({2, 3}, values);
        f.tensors["temperature"] = tensor({}, {0.7});
        f.metadata["num_heads"] = "1";
        f.metadata["source"] = "weights_test";

        writeSafetensors(scratch.path("f64.safetensors"), f);
        const TensorFile f64 = readSafetensors(scratch.path("f64.safetensors"));
        CHECK(f64.metadata == f.metadata);
        REQUIRE(f64.tensors.size() == 2);
        CHECK(f64.tensors.at("w").shape == std::vector<std::size_t>{2, 3});
        CHECK(f64.tensors.at("w").data == values);
        CHECK(f64.tensors.at("temperature").shape.empty());
        CHECK(f64.tensors.at("temperature").data == std::vector<double>{0.7});

        writeSafetensors(scratch.path("f32.safetensors"), f, true);
        const TensorFile f32 = readSafetensors(scratch.path("f32.safetensors"));
        REQUIRE(f32.tensors.at("w").data.size() == values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            CHECK(f32.tensors.at("w").data[i] ==
                  static_cast<double>(static_cast<float>(values[i])));
        CHECK(f32.tensors.at("w").data[0] != 0.1);  // really rounded, not stored as F64

        // Written through a temporary file: nothing else is left in the directory.
        std::size_t files = 0;
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch.dir)) ++files;
        CHECK(files == 2);
    }

    TEST_CASE("a tensor file without tensors or metadata round trips") {
        const Scratch scratch;
        writeSafetensors(scratch.path("empty.safetensors"), TensorFile{});
        const TensorFile f = readSafetensors(scratch.path("empty.safetensors"));
        CHECK(f.tensors.empty());
        CHECK(f.metadata.empty());
    }

    TEST_CASE("F16 and BF16 tensors decode to their IEEE values") {
        const Scratch scratch;
        const std::string path = scratch.path("half.safetensors");
        std::string data;
        // F16: 1, -2, the smallest subnormal 2^-24, the largest finite 65504.
        for (std::uint16_t code : {0x3C00, 0xC000, 0x0001, 0x7BFF}) data += bytesOf(code);
        // BF16: 1, 3.140625, -123.5.
        for (std::uint16_t code : {0x3F80, 0x4049, 0xC2F7}) data += bytesOf(code);
        writeFile(path, safetensors(R"({"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},)"
                                    R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[8,14]}})",
                                    data));
        const TensorFile f = readSafetensors(path);
        CHECK(f.tensors.at("h").data ==
              std::vector<double>{1.0, -2.0, std::ldexp(1.0, -24), 65504.0});
        CHECK(f.tensors.at("b").data == std::vector<double>{1.0, 3.140625, -123.5});
    }

    TEST_CASE("npy round trip is exact") {
        const Scratch scratch;
        const std::string path = scratch.path("x.npy");
        Matrix m(3, 2);
        m << 0.1, -0.0, 1.0 / 3, 1e300, -7.25, std::numeric_limits<double>::denorm_min();
        writeNpy(path, m);
        const std::string bytes = readFile(path);
        CHECK(bytes.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)) == 0);
        CHECK((bytes.size() - 6 * 8) % 64 == 0);  // numpy aligns the data to 64 bytes
        const Matrix back = readNpy(path);
        REQUIRE(back.rows() == 3);
        REQUIRE(back.cols() == 2);
        for (Eigen::Index r = 0; r < 3; ++r)
            for (Eigen::Index c = 0; c < 2; ++c) CHECK(back(r, c) == m(r, c));
        CHECK(std::signbit(back(0, 1)));
    }

    TEST_CASE("a Fortran-order float32 npy reads with rows and columns in place") {
        const Scratch scratch;
        const std::string path = scratch.path("fortran.npy");
        // The matrix [[1, 2, 3], [4, 5, 0.1]] stored column by column.
        std::string data;
        for (float v : {1.0f, 4.0f, 2.0f, 5.0f, 3.0f, 0.1f}) data += bytesOf(v);
        writeFile(path, npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data));
        const Matrix m = readNpy(path);
        REQUIRE(m.rows() == 2);
        REQUIRE(m.cols() == 3);
        CHECK(m(0, 0) == 1.0);
        CHECK(m(0, 1) == 2.0);
        CHECK(m(0, 2) == 3.0);
        CHECK(m(1, 0) == 4.0);
        CHECK(m(1, 1) == 5.0);
        CHECK(m(1, 2) == static_cast<double>(0.1f));
    }

    TEST_CASE("malformed safetensors files are usage errors naming the file and the problem") {
        struct Case {
            const char* name;
            std::string bytes;
            const char* phrase;
        };
        const std::string eight(8, '\0');
        const std::vector<Case> cases = {
            {"empty", "", "too short for a header"},
            {"three_bytes", "abc", "too short for a header"},
            {"long_header", bytesOf(std::uint64_t{1000}) + "{}", "header length 1000 exceeds"},
            {"not_json", safetensors("{not json", ""), "header is not JSON"},
            {"array", safetensors("[1, 2]", ""), "header is not a JSON object"},
            {"no_offsets", safetensors(R"({"w":{"dtype":"F64","shape":[1]}})", eight),
             "tensor w lacks dtype, shape or data_offsets"},
            {"outside",
             safetensors(R"({"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})", "abcd"),
             "lies outside the 4 data bytes"},
            {"size_mismatch",
             safetensors(R"({"w":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}})", eight),
             "tensor w has 8 data bytes, its shape and dtype need 16"},
            {"i64", safetensors(R"({"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", eight),
             "dtype I64"},
            // Eigen indices are signed: 2^63 + 1 rows would be a negative row count.
            {"huge_rows",
             safetensors(R"({"w":{"dtype":"F64","shape":[9223372036854775809,0],)"
                         R"("data_offsets":[0,0]}})",
                         ""),
             "shape entry 9223372036854775809, too large"},
            {"negative_shape",
             safetensors(R"({"w":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}})", eight),
             "not a natural number"},
            // torch.save output: a zip archive, or a pickle (protocol 2) in older PyTorch.
            {"torch_zip", std::string("PK\x03\x04", 4) + std::string(60, '\0'),
             "is a torch.save file (a zip archive), not safetensors; convert it"},
            {"torch_pickle", std::string("\x80\x02\x8a\x0a", 4) + std::string(60, '\0'),
             "is a torch.save file (a pickle archive)"},
            {"empty_dimension",
             safetensors(R"({"w":{"dtype":"F64","shape":[0,2],"data_offsets":[0,0]}})", ""),
             "tensor w has an empty dimension"},
            // JSON parsers resolve a repeated key silently (nlohmann keeps the last): refused.
            {"duplicate_key",
             safetensors(R"({"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},)"
                         R"("w":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}})",
                         eight + eight),
             "header has the key w twice"},
            {"duplicate_field",
             safetensors(R"({"w":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,8]}})",
                         eight),
             "header has the key dtype twice"},
            {"overlap",
             safetensors(R"({"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},)"
                         R"("b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}})",
                         eight + eight),
             "tensors a and b overlap in the data"},
            {"nan",
             safetensors(R"({"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})",
                         std::string("\0\0\0\0\0\0\xf8\x7f", 8)),
             "tensor w has the non-finite value nan at flat index 0"},
            {"inf",
             safetensors(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                         std::string("\0\0\0\0\0\0\x80\x7f", 8)),
             "tensor w has the non-finite value inf at flat index 1"},
        };
        const Scratch scratch;
        for (const Case& c : cases) {
            INFO("case " << std::string(c.name));
            const std::string path = scratch.path(std::string(c.name) + ".safetensors");
            writeFile(path, c.bytes);
            checkUsageError([&] { readSafetensors(path); }, path, c.phrase);
            // loadAttention reports the same problem.
            checkUsageError([&] { loadAttention(path, 4, 1, false); }, path, c.phrase);
        }
        const std::string missing = scratch.path("missing.safetensors");
        checkUsageError([&] { readSafetensors(missing); }, missing, "cannot read");
        checkUsageError([&] { loadAttention(missing, 4, 1, false); }, missing, "cannot read");
    }

    TEST_CASE("every truncation of a weights file is a usage error, a corrupted byte never worse") {
        const Scratch scratch;
        const std::string good = readFile(kMha);
        const std::string path = scratch.path("cut.safetensors");
        for (std::size_t size = 0; size < good.size(); ++size) {
            INFO("truncated to " << size << " bytes");
            writeFile(path, good.substr(0, size));
            CHECK_THROWS_AS(loadAttention(path, 4, 1, false), UsageError);
        }
        // Corrupt the length and the header: the result loads or is a UsageError, nothing else.
        const std::size_t headerEnd = 8 + static_cast<unsigned char>(good[0]) +
                                      256 * std::size_t{static_cast<unsigned char>(good[1])};
        REQUIRE(headerEnd < good.size());
        std::size_t loaded = 0;
        for (std::size_t at = 0; at < headerEnd; ++at)
            for (char b : {'9', '"', '\xff', '\0'}) {
                std::string bytes = good;
                bytes[at] = b;
                writeFile(path, bytes);
                INFO("byte " << at << " set to " << static_cast<int>(b));
                try {
                    loadAttention(path, 4, 1, false);
                    ++loaded;
                } catch (const UsageError&) {
                }
            }
        CHECK(loaded < 4 * headerEnd);  // most corruptions are caught
    }

    TEST_CASE("weights that do not fit the tokens or each other are usage errors") {
        checkUsageError([] { loadAttention(kMha, 5, 1, false); }, kMha, "d = 5");
        checkUsageError([] { loadAttention(kNative, 4, 1, false); }, kNative, "d = 4");

        const Scratch scratch;
        SUBCASE("ccsim names with inconsistent shapes") {
            TensorFile f;
            f.tensors["heads.0.q.weight"] = tensor({2, 3}, std::vector<double>(6, 1.0));
            f.tensors["heads.0.k.weight"] = tensor({3, 3}, std::vector<double>(9, 1.0));
            f.tensors["heads.0.v.weight"] = tensor({1, 3}, std::vector<double>(3, 1.0));
            f.tensors["heads.0.o.weight"] = tensor({1, 1}, {1.0});
            const std::string path = scratch.path("inconsistent.safetensors");
            writeSafetensors(path, f);
            checkUsageError([&] { loadAttention(path, 3, 1, false); }, path,
                            "head 0 W_k has shape [3, 3], expected [2, 3]");
        }
        SUBCASE("E not divisible by the head count") {
            TensorFile f = pytorchFile();
            f.metadata["num_heads"] = "3";
            const std::string path = scratch.path("three_heads.safetensors");
            writeSafetensors(path, f);
            checkUsageError([&] { loadAttention(path, 4, 1, false); }, path,
                            "E = 4 is not divisible into 3 heads");
        }
        SUBCASE("PyTorch names without num_heads and without H") {
            const std::string path = scratch.path("no_heads.safetensors");
            writeSafetensors(path, pytorchFile());
            checkUsageError([&] { loadAttention(path, 4, 1, false); }, path, "give the head count");
            CHECK(loadAttention(path, 4, 4, true)->heads() == 4);
        }
        SUBCASE("add_bias_kv tensors, which ccsim cannot express") {
            TensorFile f = pytorchFile();
            f.tensors["bias_k"] = tensor({1, 1, 4}, std::vector<double>(4, 1.0));
            f.tensors["bias_v"] = tensor({1, 1, 4}, std::vector<double>(4, 1.0));
            const std::string path = scratch.path("bias_kv.safetensors");
            writeSafetensors(path, f);
            checkUsageError([&] { loadAttention(path, 4, 2, true); }, path,
                            "bias_k: nn.MultiheadAttention with add_bias_kv=True is not supported");
        }
        SUBCASE("an out_proj.bias of the wrong length") {
            TensorFile f = pytorchFile();
            f.tensors["out_proj.bias"] = tensor({3}, {1.0, 2.0, 3.0});
            const std::string path = scratch.path("short_bias.safetensors");
            writeSafetensors(path, f);
            checkUsageError([&] { loadAttention(path, 4, 2, true); }, path, "W_o has shape");
        }
    }

    TEST_CASE("malformed npy files are usage errors naming the file and the problem") {
        const Scratch scratch;
        const auto check = [&scratch](const char* name, const std::string& bytes,
                                      const std::string& phrase) {
            INFO("case " << std::string(name));
            const std::string path = scratch.path(std::string(name) + ".npy");
            writeFile(path, bytes);
            checkUsageError([&] { readNpy(path); }, path, phrase);
        };
        const std::string f8x4(32, '\0');
        check("three_dims",
              npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 2), }", f8x4),
              "3 dimensions, expected 2");
        check("int64", npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", f8x4),
              "dtype <i8");
        check(
            "truncated",
            npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", f8x4.substr(0, 24)),
            "24 data bytes, shape (2, 2) needs 32");
        check("no_magic", "just some text", "no NUMPY magic");
        // 2^61 float64 entries are 2^64 bytes: the size must not wrap around to 0.
        check("wrapping_size",
              npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952, 1), }",
                  ""),
              "shape overflows");
        check("huge_dimension",
              npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999, 1), "
                  "}",
                  ""),
              "dimension 99999999999999999999999 is too large");
        // Eigen indices are signed: 2^63 + 1 rows would be a negative row count.
        check("signed_overflow",
              npy("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775809, 0), }",
                  ""),
              "dimension 9223372036854775809 is too large");
        // The header is parsed strictly: a minus sign is not skipped, keys come once, and the
        // array holds at least one token of at least one coordinate.
        check("negative_dimension",
              npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 2), }", f8x4),
              "a shape entry is not a non-negative integer");
        check("duplicate_key",
              npy("{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
                  f8x4),
              "header has the key descr twice");
        check("unknown_key",
              npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'x': 1, }", f8x4),
              "header has the unknown key x");
        check("no_tokens", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2), }", ""),
              "no tokens");
        check("zero_dim", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0), }", ""),
              "tokens of dimension 0");
        std::string nan = f8x4;
        const double quietNan = std::numeric_limits<double>::quiet_NaN();
        std::memcpy(nan.data() + 16, &quietNan, 8);
        check("nan", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", nan),
              "token 1 coordinate 0 is nan");
        const std::string missing = scratch.path("missing.npy");
        checkUsageError([&] { readNpy(missing); }, missing, "cannot read");
    }

    TEST_CASE("float16 npy files are read exactly") {
        const Scratch scratch;
        // 1.0, -2.0, 0.5, 65504 (the largest finite half) in IEEE half precision.
        std::string data;
        for (const std::uint16_t h : {0x3c00, 0xc000, 0x3800, 0x7bff}) data += bytesOf(h);
        const std::string path = scratch.path("half.npy");
        writeFile(path, npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2), }", data));
        const Matrix m = readNpy(path);
        CHECK(m(0, 0) == 1.0);
        CHECK(m(0, 1) == -2.0);
        CHECK(m(1, 0) == 0.5);
        CHECK(m(1, 1) == 65504.0);
    }

    TEST_CASE("every truncation of an npy file is a usage error") {
        const Scratch scratch;
        const std::string good = readFile(kMhaInput);
        const std::string path = scratch.path("cut.npy");
        for (std::size_t size = 0; size < good.size(); ++size) {
            INFO("truncated to " << size << " bytes");
            writeFile(path, good.substr(0, size));
            CHECK_THROWS_AS(readNpy(path), UsageError);
        }
    }

    TEST_CASE("a megabyte-long npy header is parsed without deep recursion") {
        // Found while writing the npy fuzz harness: the header used to be matched with
        // std::regex, whose recursion overflowed the stack on long runs of one character. A
        // version-2 header (32-bit length) can hold such runs; each is a usage error now.
        const auto v2 = [](const std::string& dict) {
            return std::string("\x93NUMPY\x02\x00", 8) +
                   bytesOf(static_cast<std::uint32_t>(dict.size())) + dict;
        };
        const std::string run(1 << 20, ' ');
        for (const std::string& dict :
             {"{'descr':" + run + "'<f8', 'fortran_order': False, 'shape': (1, 1), }",
              "{'descr': '<f8', 'fortran_order':" + run + "False, 'shape': (1, 1), }",
              "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::string(1 << 20, '1') +
                  ", 1), }",
              "{'descr': '" + std::string(1 << 20, 'x') + "', }"}) {
            CHECK_THROWS_AS(parseNpy(v2(dict), "long.npy"), UsageError);
        }
    }
}

TEST_SUITE("model/weights") {
    TEST_CASE("a tensor ccsim does not read is an error that suggests the intended name") {
        const std::string dir =
            (std::filesystem::temp_directory_path() / ("ccsim-typo-" + std::to_string(::getpid())))
                .string();
        std::filesystem::create_directories(dir);
        ccsim::TensorFile f;
        auto put = [&f](const std::string& name, std::vector<std::size_t> shape) {
            ccsim::Tensor t;
            t.shape = shape;
            t.data.assign(t.elements(), 0.5);
            f.tensors[name] = t;
        };
        put("heads.0.q.weight", {2, 3});
        put("heads.0.k.weight", {2, 3});
        put("heads.0.v.weight", {1, 3});
        put("heads.0.o.weight", {1, 1});
        put("heads.0.q.bais", {2});
        const std::string path = dir + "/typo.safetensors";
        ccsim::writeSafetensors(path, f);
        CHECK_THROWS_WITH_AS(ccsim::loadAttention(path, 3, 1, false),
                             doctest::Contains("tensor heads.0.q.bais is not one ccsim reads (did "
                                               "you mean 'heads.0.q.bias'?)"),
                             ccsim::UsageError);
        f.tensors.erase("heads.0.q.bais");
        ccsim::writeSafetensors(path, f);
        CHECK_NOTHROW(ccsim::loadAttention(path, 3, 1, false));
        // A misspelt metadata key would silently leave the default: an error too. PyTorch's
        // writer adds "format", which is accepted.
        f.metadata["format"] = "pt";
        f.metadata["residul"] = "true";
        ccsim::writeSafetensors(path, f);
        CHECK_THROWS_WITH_AS(ccsim::loadAttention(path, 3, 1, false),
                             doctest::Contains("metadata residul is not one ccsim reads here (did "
                                               "you mean 'residual'?)"),
                             ccsim::UsageError);
        f.metadata.erase("residul");
        ccsim::writeSafetensors(path, f);
        CHECK_NOTHROW(ccsim::loadAttention(path, 3, 1, false));
        std::filesystem::remove_all(dir);
    }
}

// PyTorch's own modules (tests/model/fixtures/make_torch_fixtures.py): float64 state dicts
// and the outputs torch computed in eval mode. ccsim's reference pass must agree to 1e-9.
namespace {

nlohmann::json torchExpected() {
    return nlohmann::json::parse(readFile(kFixtures + "torch_expected.json"));
}

/// Every entry within `tolerance` absolute.
void checkWithin(const Matrix& actual, const Matrix& expected, double tolerance) {
    REQUIRE(actual.rows() == expected.rows());
    REQUIRE(actual.cols() == expected.cols());
    const double worst = (actual - expected).cwiseAbs().maxCoeff();
    INFO("largest difference " << worst);
    CHECK(worst <= tolerance);
}

/// A TensorFile's tensor f(name) := a matrix.
void put(TensorFile& f, const std::string& name, const Matrix& m) {
    Tensor t;
    t.shape = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) t.data.push_back(m(r, c));
    f.tensors[name] = t;
}

/// ccsim's own one-head attention over d = 3 features, plus whatever the caller adds.
TensorFile nativeHeads(std::size_t features) {
    TensorFile f;
    const auto ff = static_cast<Eigen::Index>(features);
    put(f, "heads.0.q.weight", Matrix::Constant(2, ff, 0.25));
    put(f, "heads.0.k.weight", Matrix::Constant(2, ff, -0.5));
    put(f, "heads.0.v.weight", Matrix::Constant(2, ff, 0.75));
    put(f, "heads.0.o.weight", Matrix::Identity(2, 2));
    return f;
}

}  // namespace

TEST_SUITE("model/weights") {
    TEST_CASE("a trained PyTorch attention model with phi, positions and psi agrees to 1e-9") {
        const std::string path = kFixtures + "torch_attention.safetensors";
        const Matrix x = readNpy(kFixtures + "torch_input.npy");
        const auto model = loadAttention(path, 4, 1, false, "net");
        CHECK(model->featureDim() == 8);
        CHECK(model->outputDim() == 3);
        CHECK(model->residualKind() == AttentionModel::Residual::Features);
        CHECK(model->features().maxPositions() == 6);
        CHECK(model->description().find("phi: linear 4→8, gelu, linear 8→8, + learned "
                                        "positions (6); psi: layer norm") != std::string::npos);
        const Matrix expected = fromJson(torchExpected()["attention"]);
        checkWithin(model->referenceAll(x, 1), expected, 1e-9);
        // Position by position, and quantized in fp64 (through embeddings and partial sums).
        for (Eigen::Index t = 0; t < x.rows(); ++t)
            checkWithin(model->referenceAt(x, static_cast<std::size_t>(t)).transpose(),
                        expected.row(t), 1e-9);
        const Format fp64 = Format::parse("fp64");
        checkWithin(model->quantizedAll(
                        x, {fp64, PrecisionModel::PartialSums, {{0, 0, 0, 1, 1, 1}, {}}}, 1),
                    expected, 1e-9);
        // The rows of a longer input have no learned position.
        checkUsageError([&] { checkPositions(*model, 7, path); }, path,
                        "has 6 positions, but the input has 7 tokens");
        CHECK_NOTHROW(checkPositions(*model, 6, path));
    }

    TEST_CASE("prefix selects a sub-module; the rest of the state dict is not read") {
        const std::string path = kFixtures + "torch_attention.safetensors";
        // Without the prefix the wrapper's own tensors do not fit one attention model.
        checkUsageError([&] { loadAttention(path, 4, 1, false); }, path,
                        "there is no tensor phi.*; if the model is a sub-module, choose it with "
                        "prefix= (top-level names: net, probe)");
        checkUsageError([&] { loadAttention(path, 4, 1, false, "nett"); }, path,
                        "no tensor under prefix=nett (did you mean 'net'?); its top-level "
                        "names: net, probe");
        CHECK(loadAttention(path, 4, 1, false, "net.")->outputDim() == 3);
        // Under the prefix every tensor must still be one ccsim reads.
        TensorFile f = readSafetensors(path);
        put(f, "net.psi.3.weight", Matrix::Constant(2, 3, 1.0));
        f.metadata["psi.activation"] = "relu";
        const auto longer = loadAttention(f, path, 4, 1, false, "net");  // psi.2 is a relu
        CHECK(longer->outputMap()->describe() ==
              "layer norm (eps 1e-05), linear 8→3, relu, linear 3→2");
        f.metadata.erase("psi.activation");
        checkUsageError([&] { loadAttention(f, path, 4, 1, false, "net"); }, path,
                        "net.psi.2 has no tensors (an activation?); name the activations in "
                        "metadata psi.activation");
        TensorFile g = readSafetensors(path);
        put(g, "net.extra.weight", Matrix::Constant(1, 1, 1.0));
        checkUsageError([&] { loadAttention(g, path, 4, 1, false, "net"); }, path,
                        "tensor net.extra.weight is not one ccsim reads");
    }

    TEST_CASE("nn.TransformerEncoderLayer and nn.TransformerEncoder agree with PyTorch to 1e-9") {
        const Matrix x = readNpy(kFixtures + "torch_stream.npy");
        const nlohmann::json expected = torchExpected();
        for (const char* kind : {"post", "pre", "stack"}) {
            CAPTURE(kind);
            const std::string path =
                kFixtures + "torch_encoder_" + std::string(kind) + ".safetensors";
            const auto model = loadTransformer(path, 8);
            CHECK(model->layers() == (std::string(kind) == "stack" ? 2u : 1u));
            CHECK(model->causal() == (std::string(kind) == "stack"));
            const Matrix want = fromJson(expected["encoder_" + std::string(kind)]);
            checkWithin(model->referenceAll(x, 1), want, 1e-9);
            const Format fp64 = Format::parse("fp64");
            checkWithin(model->quantizedAll(x, {fp64, PrecisionModel::Embeddings, {}}, 1), want,
                        1e-9);
        }
        // The head count: from metadata, or H; both must agree.
        const std::string post = kFixtures + "torch_encoder_post.safetensors";
        checkUsageError([&] { loadTransformer(post, 8, 4, true); }, post,
                        "says num_heads=2, but H=4 was given");
        TensorFile f = readSafetensors(post);
        f.metadata.erase("num_heads");
        checkUsageError([&] { loadTransformer(f, post, 8); }, post,
                        "without metadata num_heads; give the head count as H=");
        CHECK(loadTransformer(f, post, 8, 2, true)->layers() == 1);
        f.metadata["activation"] = "tanh";
        checkUsageError([&] { loadTransformer(f, post, 8, 2, true); }, post,
                        "nn.TransformerEncoderLayer uses relu or gelu");
    }

    TEST_CASE("nn.TransformerDecoderLayer's cross-attention is refused with the reason") {
        TensorFile f = readSafetensors(kFixtures + "torch_encoder_post.safetensors");
        put(f, "multihead_attn.in_proj_weight", Matrix::Zero(24, 8));
        checkUsageError([&] { loadTransformer(f, "dec.safetensors", 8); }, "dec.safetensors",
                        "cross-attention reads a second sequence");
    }

    TEST_CASE("token maps: sinusoidal positions, one-module maps and their errors") {
        // φ = one linear module (phi.weight), then sinusoidal positions.
        TensorFile f = nativeHeads(4);
        put(f, "phi.weight", Matrix::Identity(4, 3));
        f.metadata["positional"] = "sinusoidal";
        const auto model = loadAttention(f, "s.safetensors", 3, 1, false);
        CHECK(model->features().maxPositions() == 0);
        const Vector x = Vector::Constant(3, 0.5);
        const Vector at = model->features().applyAt(x, 3);
        // PE(3) over 4 numbers: sin(3), cos(3), sin(3/100), cos(3/100).
        CHECK(at[0] == doctest::Approx(0.5 + std::sin(3.0)).epsilon(1e-15));
        CHECK(at[1] == doctest::Approx(0.5 + std::cos(3.0)).epsilon(1e-15));
        CHECK(at[2] == doctest::Approx(0.5 + std::sin(0.03)).epsilon(1e-15));
        CHECK(at[3] == doctest::Approx(0.0 + std::cos(0.03)).epsilon(1e-15));
        // A learned table too is a contradiction; a bad kind is named.
        put(f, "pos.weight", Matrix::Zero(5, 4));
        checkUsageError([&] { loadAttention(f, "s.safetensors", 3, 1, false); }, "s.safetensors",
                        "positional=sinusoidal, but the file holds a learned table pos.weight");
        f.metadata["positional"] = "rotary";
        checkUsageError([&] { loadAttention(f, "s.safetensors", 3, 1, false); }, "s.safetensors",
                        "positional=rotary is not learned or sinusoidal");
        f.metadata.erase("positional");
        CHECK(loadAttention(f, "s.safetensors", 3, 1, false)->features().maxPositions() == 5);
        put(f, "pos.weight", Matrix::Zero(5, 3));
        checkUsageError([&] { loadAttention(f, "s.safetensors", 3, 1, false); }, "s.safetensors",
                        "positional table pos.weight has shape [5, 3], expected [positions, 4]");
        // φ's output must fit the heads; residual over features needs d_out = f.
        TensorFile g = nativeHeads(3);
        put(g, "phi.weight", Matrix::Identity(4, 3));
        checkUsageError([&] { loadAttention(g, "g.safetensors", 3, 1, false); }, "g.safetensors",
                        "has 3 columns, but phi outputs 4 numbers");
        TensorFile h = nativeHeads(4);
        put(h, "phi.weight", Matrix::Identity(4, 3));
        h.metadata["residual"] = "true";
        checkUsageError(
            [&] { loadAttention(h, "h.safetensors", 3, 1, false); }, "h.safetensors",
            "a residual over the features needs d_out = feature dimension, got 2 and 4");
        // A 3-D module weight and an activation name are checked.
        TensorFile k = nativeHeads(3);
        k.tensors["psi.weight"] = tensor({1, 2, 2}, std::vector<double>(4, 1.0));
        checkUsageError([&] { loadAttention(k, "k.safetensors", 3, 1, false); }, "k.safetensors",
                        "psi.weight has 3 dimensions");
        TensorFile a = nativeHeads(3);
        put(a, "psi.weight", Matrix::Identity(2, 2));
        a.metadata["psi.activation"] = "swish";
        checkUsageError([&] { loadAttention(a, "a.safetensors", 3, 1, false); }, "a.safetensors",
                        "metadata psi.activation: unknown activation 'swish'");
        a.metadata["psi.activation"] = "relu";
        const auto relu = loadAttention(a, "a.safetensors", 3, 1, false);
        CHECK(relu->outputMap()->describe() == "linear 2→2, relu");
        // nn.Sequential(ReLU, Linear) stores only psi.1.*: the leading entry is an activation.
        TensorFile lead = nativeHeads(3);
        put(lead, "psi.1.weight", Matrix::Identity(2, 2));
        checkUsageError([&] { loadAttention(lead, "l.safetensors", 3, 1, false); }, "l.safetensors",
                        "psi.0 has no tensors (an activation?)");
        lead.metadata["psi.activation"] = "relu";
        const auto leading = loadAttention(lead, "l.safetensors", 3, 1, false);
        CHECK(leading->outputMap()->describe() == "relu, linear 2→2");
        const auto again = loadAttention(attentionTensors(*leading), "b.safetensors", 3, 1, false);
        CHECK(again->outputMap()->describe() == "relu, linear 2→2");
    }
}

TEST_SUITE("model/weights") {
    TEST_CASE("attentionTensors writes token maps that load back into the same model") {
        const std::string path = kFixtures + "torch_attention.safetensors";
        const Matrix x = readNpy(kFixtures + "torch_input.npy");
        const auto model = loadAttention(path, 4, 1, false, "net");
        const TensorFile written = attentionTensors(*model);
        CHECK(written.metadata.at("phi.activation") == "gelu");
        CHECK(written.metadata.at("residual") == "true");
        CHECK(written.tensors.count("pos.weight") == 1);
        const auto reread = loadAttention(written, "w.safetensors", 4, 1, false);
        CHECK(reread->referenceAll(x, 1) == model->referenceAll(x, 1));
        const Format fp16 = Format::parse("fp16");
        CHECK(reread->quantizedAll(x, {fp16, PrecisionModel::Embeddings, {}}, 1) ==
              model->quantizedAll(x, {fp16, PrecisionModel::Embeddings, {}}, 1));
        // Sinusoidal positions and trailing activations survive too.
        TensorFile f = nativeHeads(4);
        put(f, "phi.0.weight", Matrix::Identity(4, 3));
        put(f, "phi.2.weight", Matrix::Constant(4, 4, 0.5));
        f.metadata["phi.activation"] = "tanh,relu";
        f.metadata["positional"] = "sinusoidal";
        const auto sin = loadAttention(f, "f.safetensors", 3, 1, false);
        const auto back = loadAttention(attentionTensors(*sin), "b.safetensors", 3, 1, false);
        CHECK(back->features().describe() == sin->features().describe());
        const Matrix y = Matrix::Constant(5, 3, 0.25);
        CHECK(back->referenceAll(y, 1) == sin->referenceAll(y, 1));
    }
}
