// forward: a model's outputs on given tokens, reference and quantized.

#include <fmt/format.h>

#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/eval/forward.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

std::vector<ParamSpec> forwardParams() {
    return {
        {"model", ParamType::String, "attention", "model kind: attention or transformer", {}, {}},
        {"weights", ParamType::String, "", "the .safetensors file (required)", {}, {}},
        {"input", ParamType::String, "", "tokens as a 2-D .npy array [N, d] (required)", {}, {}},
        prefixParam(),
        {"H", ParamType::Int, "1", "heads, for PyTorch files without num_heads metadata", 1, 64},
        precisionParam("fp32", "number format of the quantized pass"),
        precisionModelParam("embeddings",
                            "embeddings, or partial-sums with blocks [0, split) and [split, N)"),
        {"split", ParamType::Int, "0", "first token of the second block (partial-sums)", 0,
         1 << 20},
    };
}

ForwardReport forwardPass(const std::vector<std::string>& words, unsigned threads) {
    Params params(forwardParams(), words, "forward");
    const std::string kind = params.getString("model");
    if (kind != "attention" && kind != "transformer")
        throw UsageError(
            fmt::format("unknown model '{}'{} for forward; known: attention, transformer", kind,
                        didYouMean(kind, {"attention", "transformer"})));
    const std::string weights = params.getString("weights");
    const std::string input = params.getString("input");
    const std::string prefix = params.getString("prefix");
    if (weights.empty()) throw UsageError("forward needs weights=FILE.safetensors");
    if (input.empty()) throw UsageError("forward needs input=TOKENS.npy");
    const Format format = readPrecision(params);
    const PrecisionModel precision = readPrecisionModel(params);
    const Matrix x = readNpy(input);
    const auto split = static_cast<std::size_t>(params.getInt("split", 0, x.rows(), "split <= N"));
    if (precision == PrecisionModel::Embeddings && params.isGiven("split"))
        throw UsageError("split applies to precision_model=partial-sums only");
    const std::vector<int> blocks = twoBlocks(static_cast<std::size_t>(x.rows()), split);
    // The model's description and shape facts, and its two passes over every token.
    ForwardReport r;
    r.format = format.name();
    r.precisionModel = std::string(nameOf(precision));
    std::shared_ptr<const Model> model;
    if (kind == "attention") {
        const auto attention = loadAttention(weights, static_cast<std::size_t>(x.cols()),
                                             static_cast<std::size_t>(params.getInt("H")),
                                             params.isGiven("H"), prefix);
        checkPositions(*attention, static_cast<std::size_t>(x.rows()), weights);
        params.checkAllUsed();
        r.shape = {{"heads", attention->heads()},
                   {"m", attention->keyDim()},
                   {"d_v", attention->valueDim()},
                   {"d_out", attention->outputDim()},
                   {"temperature", attention->temperature()}};
        r.shapeText = fmt::format("H={} m={} d_v={} d_out={} temperature {:.6g}",
                                  attention->heads(), attention->keyDim(), attention->valueDim(),
                                  attention->outputDim(), attention->temperature());
        model = attention;
    } else {
        const auto transformer = loadTransformer(weights, static_cast<std::size_t>(x.cols()),
                                                 static_cast<std::size_t>(params.getInt("H")),
                                                 params.isGiven("H"), prefix);
        params.checkAllUsed();
        r.shape = {{"layers", transformer->layers()}, {"causal", transformer->causal()}};
        r.shapeText = fmt::format("L={} {}", transformer->layers(),
                                  transformer->causal() ? "causal" : "encoder");
        model = transformer;
    }
    // Both passes through the model interface's batch entries.
    r.model = model->description();
    r.reference = model->referenceAll(x, threads);
    r.quantized = model->quantizedAll(x, {format, precision, {blocks, {}}}, threads);
    r.inputs = files::recordedInputs();
    r.maxAbsDiff = x.rows() == 0 ? 0.0 : (r.reference - r.quantized).cwiseAbs().maxCoeff();
    return r;
}

}  // namespace ccsim
