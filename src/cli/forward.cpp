// ccsim forward weights=FILE input=TOKENS.npy [...]: a model's outputs on given tokens,
// reference and quantized. How a user checks that an exported model means what they think.

#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/atomic_file.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/params.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/version.hpp>

#include "cli.hpp"
#include "options.hpp"

namespace po = boost::program_options;

namespace ccsim::cli {

namespace {

std::vector<ParamSpec> forwardParams() {
    return {
        {"model", ParamType::String, "attention", "model kind: attention or transformer", {}, {}},
        {"weights", ParamType::String, "", "the .safetensors file (required)", {}, {}},
        {"input", ParamType::String, "", "tokens as a 2-D .npy array [N, d] (required)", {}, {}},
        {"H", ParamType::Int, "1", "heads, for PyTorch files without num_heads metadata", 1, 64},
        precisionParam("fp32", "number format of the quantized pass"),
        precisionModelParam("embeddings",
                            "embeddings, or partial-sums with blocks [0, split) and [split, N)"),
        {"split", ParamType::Int, "0", "first token of the second block (partial-sums)", 0,
         1 << 20},
    };
}

}  // namespace

int forwardCommand(const Args& args) {
    po::options_description desc("options");
    std::string reportFormat = "text";
    std::string output;
    desc.add_options()  //
        ("report", po::value(&reportFormat)->default_value(reportFormat)->value_name("F"),
         "text|json")  //
        ("output,o", po::value(&output)->value_name("FILE"), "write the result to FILE");
    LimitOptionTexts limits;
    addLimitOptions(desc, limits);
    po::variables_map vm;
    if (!parseOptions(args, desc, vm, "forward", [](const std::vector<std::string>&) {
            return "parameters (name=value)\n" + parameterTable(forwardParams());
        }))
        return 0;
    applyLimitOptions(limits);
    std::vector<std::string> words = positionalWords(vm);
    if (reportFormat != "text" && reportFormat != "json")
        throw UsageError(
            fmt::format("unknown report format '{}' for forward; known: text, json", reportFormat));

    Params params(forwardParams(), words, "forward");
    const std::string kind = params.getString("model");
    if (kind != "attention" && kind != "transformer")
        throw UsageError(
            fmt::format("unknown model '{}'{} for forward; known: attention, transformer", kind,
                        didYouMean(kind, {"attention", "transformer"})));
    const std::string weights = params.getString("weights");
    const std::string input = params.getString("input");
    if (weights.empty()) throw UsageError("forward needs weights=FILE.safetensors");
    if (input.empty()) throw UsageError("forward needs input=TOKENS.npy");
    const Format format = readPrecision(params);
    const PrecisionModel precision = readPrecisionModel(params);
    const Matrix x = readNpy(input);
    const auto split = static_cast<std::size_t>(params.getInt("split", 0, x.rows(), "split <= N"));
    if (precision == PrecisionModel::Embeddings && params.isGiven("split"))
        throw UsageError("split applies to precision_model=partial-sums only");
    std::vector<int> blocks(static_cast<std::size_t>(x.rows()));
    for (std::size_t j = 0; j < blocks.size(); ++j) blocks[j] = j < split ? 0 : 1;
    // The model's description and shape facts, and its two passes over every token.
    std::string description;
    nlohmann::ordered_json shapeJson;
    std::string shapeText;
    Matrix reference, quantized;
    if (kind == "attention") {
        const auto model =
            loadAttention(weights, static_cast<std::size_t>(x.cols()),
                          static_cast<std::size_t>(params.getInt("H")), params.isGiven("H"));
        params.checkAllUsed();
        description = model->description();
        shapeJson = {{"heads", model->heads()},
                     {"m", model->keyDim()},
                     {"d_v", model->valueDim()},
                     {"d_out", model->outputDim()},
                     {"temperature", model->temperature()}};
        shapeText = fmt::format("H={} m={} d_v={} d_out={} temperature {:.6g}", model->heads(),
                                model->keyDim(), model->valueDim(), model->outputDim(),
                                model->temperature());
        reference = model->forward(x);
        quantized = model->forwardQuantized(x, format, precision, blocks, parseThreads("auto"));
    } else {
        if (params.isGiven("H"))
            throw UsageError(
                "H applies to model=attention only (a transformer file names its heads)");
        const auto model = loadTransformer(weights, static_cast<std::size_t>(x.cols()));
        params.checkAllUsed();
        description = model->description();
        shapeJson = {{"layers", model->layers()}, {"causal", model->causal()}};
        shapeText = fmt::format("L={} {}", model->layers(), model->causal() ? "causal" : "encoder");
        reference = model->forward(x);
        quantized = model->forwardQuantized(x, format, precision, blocks);
    }
    std::optional<AtomicFile> outFile;
    if (writesFile(vm, output)) outFile.emplace(output, "-o");
    const double maxDiff = x.rows() == 0 ? 0.0 : (reference - quantized).cwiseAbs().maxCoeff();

    std::string text;
    if (reportFormat == "json") {
        auto rows = [](const Matrix& m) {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (Eigen::Index r = 0; r < m.rows(); ++r) {
                nlohmann::ordered_json row = nlohmann::ordered_json::array();
                for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
                out.push_back(row);
            }
            return out;
        };
        nlohmann::ordered_json j;
        j["schema"] = "ccsim.forward/1";
        j["provenance"] = {{"version", version()}, {"revision", gitRevision()}};
        j["model"] = description;
        for (const auto& [key, value] : shapeJson.items()) j[key] = value;
        j["format"] = format.name();
        j["precision_model"] = nameOf(precision);
        j["tokens"] = x.rows();
        j["reference"] = rows(reference);
        j["quantized"] = rows(quantized);
        j["max_abs_diff"] = maxDiff;
        text = dumpJson(j);
    } else {
        text += fmt::format("model         {}\n", description);
        text += fmt::format("shape         {}\n", shapeText);
        text += fmt::format("precision     {}, precision model {}\n\n", format.name(),
                            nameOf(precision));
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            std::string ref, quant;
            for (Eigen::Index c = 0; c < reference.cols(); ++c) {
                ref += fmt::format(" {:>12.6g}", reference(i, c));
                quant += fmt::format(" {:>12.6g}", quantized(i, c));
            }
            text += fmt::format("token {:<4} reference{}\n           quantized{}\n", i, ref, quant);
        }
        text += fmt::format("\nmax |reference - quantized| = {:.3g}\n", maxDiff);
    }
    if (outFile) {
        outFile->commit(text);
        std::cout << fmt::format("max |reference - quantized| = {:.3g}\n", maxDiff);
    } else {
        std::cout << text;
    }
    return 0;
}

}  // namespace ccsim::cli
