#include <algorithm>

#include <fmt/format.h>

#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/qsa.hpp>
#include <ccsim/construct/source.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/weights.hpp>

namespace ccsim {

Format readFormat(Params& params, std::string_view name) {
    const std::string text = params.getString(name);
    try {
        return Format::parse(text);
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("parameter {}={}: {}", name, text, e.what()));
    }
}

ParamSpec constructionParam(std::string defaultValue, std::string user,
                            std::vector<std::string> others) {
    ParamSpec spec{"construction", ParamType::String, std::move(defaultValue), {}, {}, {}};
    spec.liveHelp = [user = std::move(user), others = std::move(others)] {
        std::vector<std::string> names;
        for (const ConstructionInfo& c : ConstructionRegistry::instance().all())
            if (std::find(c.users.begin(), c.users.end(), user) != c.users.end())
                names.push_back(c.name);
        names.insert(names.end(), others.begin(), others.end());
        std::string text;
        for (std::size_t i = 0; i < names.size(); ++i)
            text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
        return text;
    };
    return spec;
}

ParamSpec precisionParam(std::string defaultValue, std::string help) {
    return {"precision", ParamType::String, std::move(defaultValue), std::move(help), {}, {}};
}

ParamSpec precisionModelParam(std::string defaultValue, std::string help) {
    return {"precision_model", ParamType::String, std::move(defaultValue), std::move(help), {}, {}};
}

Format readPrecision(Params& params) { return readFormat(params, "precision"); }

PrecisionModel readPrecisionModel(Params& params) {
    return parsePrecisionModel(params.getString("precision_model"));
}

ParamSpec prefixParam() {
    return {"prefix", ParamType::String,
            "",       "a sub-module of the weights file's state dict, e.g. attn (reads attn.*)",
            {},       {}};
}

std::vector<ParamSpec> qsaModelParams(const std::string& user) {
    return {
        constructionParam("qsa_random", user, {"random"}),
        {"weights", ParamType::String, "", "a .safetensors file instead of a construction", {}, {}},
        prefixParam(),
        {"m", ParamType::Int, "0", "key dimension, 0 = the construction's default", 0, kMaxKeyDim,
         true},
        {"H", ParamType::Int, "1", "heads", 1, 64, true},
        {"eps", ParamType::Real, "0", "target error of the construction, 0 = 1/(2q)", {}, {}},
        {"model_seed", ParamType::Int, "1", "seed of the construction's random draw", 0, INT64_MAX},
    };
}

std::shared_ptr<const AttentionModel> qsaModelFromParams(Params& params, const QsaShape& shape) {
    const std::string weights = params.getString("weights");
    if (!weights.empty()) {
        for (const char* name : {"construction", "m", "model_seed"})
            if (params.isGiven(name))
                throw UsageError(
                    fmt::format("parameter {} does not apply to weights from a file", name));
        // A file knows its head count; H is read only to check it against the file.
        const bool headsGiven = params.isGiven("H");
        const auto heads = headsGiven ? static_cast<std::size_t>(params.getInt("H")) : 1;
        auto model =
            loadAttention(weights, shape.tokenDim(), heads, headsGiven, params.getString("prefix"));
        checkPositions(*model, shape.n, weights);
        if (model->outputDim() < shape.dprime)
            throw UsageError(fmt::format(
                "weights file {}: the model's output has {} coordinates, fewer than d' = "
                "dprime = {}; a qSA answer is the first d' coordinates of the output",
                weights, model->outputDim(), shape.dprime));
        return model;
    }
    if (params.isGiven("prefix")) throw UsageError("parameter prefix applies to weights=FILE only");
    // A construction reads only what it uses, so that a parameter it ignores (eps for
    // random, model_seed for qsa_cyclic) is reported as unused instead of silently dropped.
    const std::string construction = params.getString("construction");
    if (construction == "random") {
        const auto heads = static_cast<std::size_t>(params.getInt("H"));
        const auto m = static_cast<std::size_t>(params.getInt("m"));
        return makeRandomAttention(shape.tokenDim(), m == 0 ? kRandomKeyDim : m, shape.dprime,
                                   shape.dprime, heads,
                                   static_cast<std::uint64_t>(params.getInt("model_seed")));
    }
    return buildConstruction<std::shared_ptr<const AttentionModel>>(
        construction, "qsa", shape, params, params.owner(), {"random"});
}

std::vector<ParamSpec> rnnModelParams(const std::string& user, const std::string& construction,
                                      const std::string& zeroMeans) {
    return {
        constructionParam(construction, user, {"random"}),
        {"m", ParamType::Int, "0",
         fmt::format("state dimension, 0 = {} ({}) or {} (random)", zeroMeans, construction,
                     kRandomRnnStateDim),
         0, 1 << 14, true},
        {"L", ParamType::Int, "1", fmt::format("layers (random only; {} has one)", construction), 1,
         16, true},
        {"activation", ParamType::String, "tanh", "identity, tanh or relu (random only)", {}, {}},
        {"model_seed", ParamType::Int, "1", "seed of the random weights (random only)", 0,
         INT64_MAX},
    };
}

std::shared_ptr<const RnnModel> randomRnnFromParams(Params& params, std::size_t tokenDim) {
    const auto m = static_cast<std::size_t>(params.getInt("m"));
    return makeRandomRnn(tokenDim, m == 0 ? kRandomRnnStateDim : m,
                         static_cast<std::size_t>(params.getInt("L")), 1,
                         parseActivation(params.getString("activation")),
                         static_cast<std::uint64_t>(params.getInt("model_seed")));
}

}  // namespace ccsim
