#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/report/eval_report.hpp>
#include <ccsim/version.hpp>

namespace ccsim {

namespace {

constexpr const char* kEvalSchema = "ccsim.eval/2";

std::string symbolText(const std::optional<std::uint64_t>& s) {
    return s ? std::to_string(*s) : std::string("⊥");
}

nlohmann::ordered_json symbolJson(const std::optional<std::uint64_t>& s) {
    return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json();
}

nlohmann::ordered_json errorsJson(const EvalReport::Errors& e, const char* countKey) {
    return {{countKey, e.count}, {"worst_error", e.worst}, {"mean_error", e.mean}};
}

}  // namespace

std::string summaryLine(const EvalReport& r) {
    if (r.approximate)
        return fmt::format("worst error {:.3g} (eps {:.3g})\n", r.approximate->random.worst,
                           r.approximate->eps);
    if (r.exact) return fmt::format("{} wrong of {} outputs\n", r.exact->wrong, r.exact->outputs);
    return {};
}

std::string writeText(const EvalReport& r) {
    std::string text;
    if (!r.setting.empty()) text += fmt::format("{:<14}{}\n", "task", r.setting);
    text += fmt::format("{:<14}{}\n", "model", r.model);
    text += fmt::format("{:<14}{}, precision model {}\n", "precision", r.format, r.precisionModel);
    if (r.embedding) {
        text += fmt::format("{:<14}H={} m={} d_v={}", "embedding", r.embedding->heads,
                            r.embedding->keyDim, r.embedding->valueDim);
        if (r.tokenBits)
            text +=
                fmt::format(": {} = {} bits per token", r.tokenBits->formula, r.tokenBits->bits);
        text += "\n";
    }
    if (r.approximate) {
        const EvalReport::Approximate& a = *r.approximate;
        text += fmt::format("{:<14}{} random inputs x {} positions: worst {:.3g}, mean {:.3g}\n",
                            "error", a.inputs, a.positions, a.random.worst, a.random.mean);
        if (a.allSets)
            text += fmt::format("{:<14}all {} q-sets as y_0: worst {:.3g}, mean {:.3g}\n", "",
                                a.allSets->count, a.allSets->worst, a.allSets->mean);
        text += fmt::format("{:<14}eps = {:.3g}: {}\n", "verdict", a.eps,
                            a.withinEps ? "every error within eps" : "some error exceeds eps");
    }
    if (r.exact) {
        const EvalReport::Exact& e = *r.exact;
        text += fmt::format("{:<14}{} {} {} x {} positions = {} outputs ({} {})\n", "checked",
                            e.allInputs ? "all" : "random", e.inputs, e.unit, e.positions,
                            e.outputs, e.counted, e.countedText);
        text += fmt::format("{:<14}{}\n", "wrong", e.wrong);
        if (e.firstWrong)
            text += fmt::format("{:<14}x=({}) at i={}: model {}, truth {}\n", "first wrong",
                                fmt::join(e.firstWrong->x, ", "), e.firstWrong->position,
                                symbolText(e.firstWrong->model), symbolText(e.firstWrong->truth));
        text += fmt::format("{:<14}{}\n", "verdict",
                            e.wrong == 0 ? "exact on every input checked" : "wrong on some input");
    }
    return text;
}

nlohmann::ordered_json toJson(const EvalReport& r) {
    nlohmann::ordered_json j;
    j["schema"] = kEvalSchema;
    j["provenance"] = provenanceJson("", r.inputs);
    j["task"] = r.task;
    j["parameters"] = jsonParams(r.parameters);
    j["seed"] = r.seed;
    j["model"] = r.model;
    j["format"] = r.format;
    j["precision_model"] = r.precisionModel;
    if (r.embedding) {
        j["m"] = r.embedding->keyDim;
        j["d_v"] = r.embedding->valueDim;
        j["heads"] = r.embedding->heads;
    }
    if (r.layers) j["layers"] = *r.layers;
    if (r.tokenBits) j["bits_per_token"] = r.tokenBits->bits;
    if (r.approximate) {
        const EvalReport::Approximate& a = *r.approximate;
        j["eps"] = a.eps;
        j["random"] = {{"inputs", a.inputs},
                       {"outputs", a.random.count},
                       {"worst_error", a.random.worst},
                       {"mean_error", a.random.mean}};
        j["all_sets"] = a.allSets ? errorsJson(*a.allSets, "sets") : nlohmann::ordered_json();
        j["within_eps"] = a.withinEps;
    }
    if (r.exact) {
        const EvalReport::Exact& e = *r.exact;
        j["inputs"] = {{"mode", e.allInputs ? "all" : "sampled"},
                       {"sequences", e.inputs},
                       {"outputs", e.outputs},
                       {e.countedKey, e.counted}};
        j["wrong"] = e.wrong;
        j["first_wrong"] = e.firstWrong
                               ? nlohmann::ordered_json{{"x", e.firstWrong->x},
                                                        {"position", e.firstWrong->position},
                                                        {"model", symbolJson(e.firstWrong->model)},
                                                        {"truth", symbolJson(e.firstWrong->truth)}}
                               : nlohmann::ordered_json();
        j["exact"] = e.wrong == 0;
    }
    return j;
}

std::string writeJson(const EvalReport& r) { return dumpJson(toJson(r)); }

std::string writeCsv(const EvalReport& r) {
    std::string params;
    for (const ParamValue& p : r.parameters)
        params += (params.empty() ? "" : ";") + p.name + "=" + p.value;
    auto optional = [](const auto& v) { return v ? fmt::format("{}", *v) : std::string(); };
    std::string worst, mean, eps, outputs, wrong, verdict;
    if (r.approximate) {
        worst = fmt::format("{:.17g}", r.approximate->random.worst);
        mean = fmt::format("{:.17g}", r.approximate->random.mean);
        eps = fmt::format("{:.17g}", r.approximate->eps);
        outputs = std::to_string(r.approximate->random.count);
        verdict = r.approximate->withinEps ? "within-eps" : "exceeds-eps";
    }
    if (r.exact) {
        outputs = std::to_string(r.exact->outputs);
        wrong = std::to_string(r.exact->wrong);
        verdict = r.exact->wrong == 0 ? "exact" : "wrong";
    }
    const std::vector<std::pair<std::string, std::string>> cols = {
        {"schema", kEvalSchema},
        {"task", r.task},
        {"parameters", params},
        {"seed", std::to_string(r.seed)},
        {"model", r.model},
        {"format", r.format},
        {"precision_model", r.precisionModel},
        {"heads", r.embedding ? std::to_string(r.embedding->heads) : ""},
        {"m", r.embedding ? std::to_string(r.embedding->keyDim) : ""},
        {"d_v", r.embedding ? std::to_string(r.embedding->valueDim) : ""},
        {"layers", optional(r.layers)},
        {"bits_per_token", r.tokenBits ? std::to_string(r.tokenBits->bits) : ""},
        {"outputs", outputs},
        {"wrong", wrong},
        {"worst_error", worst},
        {"mean_error", mean},
        {"eps", eps},
        {"verdict", verdict},
        {"version", std::string(version())},
        {"revision", std::string(gitRevision())},
    };
    return csvRow(cols);
}

std::string write(const EvalReport& report, ReportFormat format) { return writeAs(report, format); }

}  // namespace ccsim
