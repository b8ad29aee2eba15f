// export: a reduction's model as tensors ccsim reads back.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/construct/construction.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/export.hpp>
#include <ccsim/model/attention.hpp>
#include <ccsim/model/fnn.hpp>
#include <ccsim/model/transformer.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

namespace {

TensorFile fnnTensors(const FnnModel& model) {
    TensorFile f;
    f.tensors["first.weight"] = Tensor::of(model.firstWeight());
    f.tensors["first.bias"] = Tensor::of(model.firstBias());
    for (std::size_t l = 0; l < model.rest().size(); ++l) {
        f.tensors[fmt::format("rest.{}.weight", l)] = Tensor::of(model.rest()[l].a);
        f.tensors[fmt::format("rest.{}.bias", l)] = Tensor::of(model.rest()[l].c);
    }
    return f;
}

/// The reduction a name means, and the words to build it with.
std::pair<std::string, std::vector<std::string>> resolve(const std::string& name,
                                                         std::vector<std::string> words) {
    if (ReductionRegistry::instance().find(name) != nullptr) return {name, std::move(words)};
    if (name == "random")
        throw UsageError(
            "random weights are drawn by each reduction in its own shape; name the reduction, "
            "e.g. 'ccsim export disj_qsa construction=random q=4 -o m.safetensors'");
    const ConstructionInfo* c = ConstructionRegistry::instance().find(name);
    if (c == nullptr) {
        std::vector<std::string> known = ReductionRegistry::instance().names();
        for (const std::string& n : ConstructionRegistry::instance().names()) known.push_back(n);
        throw UsageError(
            fmt::format("'{}' is neither a reduction nor a construction{}; see "
                        "'ccsim list'",
                        name, didYouMean(name, known)));
    }
    for (const std::string& w : words)
        if (w.rfind("construction=", 0) == 0)
            throw UsageError(fmt::format("'{}' already names the construction; drop {}", name, w));
    for (const std::string& user : c->users)
        if (ReductionRegistry::instance().find(user) != nullptr) {
            words.insert(words.begin(), "construction=" + name);
            return {user, std::move(words)};
        }
    throw UsageError(
        fmt::format("construction {} is used by no reduction ({}); export it "
                    "through one",
                    name, fmt::join(c->users, ", ")));
}

}  // namespace

ModelExport exportModel(const std::string& name, const std::vector<std::string>& given) {
    auto [reduction, words] = resolve(name, given);
    const BuiltReduction built = buildReduction(reduction, words);
    const Problem& problem = built.reduction->problem();
    const Instance instance =
        problem.instanceCount().value_or(0) > 0 ? problem.instance(0) : problem.sample(1);
    const auto pass = built.reduction->modelPass(instance);
    if (!pass)
        throw UsageError(fmt::format(
            "{} has no compiled model to export (its parties exchange the problem's own bits, "
            "or run a model each on their own); see 'ccsim explain {}'",
            reduction, reduction));
    const Model& model = *pass->model;
    ModelExport out;
    out.reduction = reduction;
    out.words = words;
    out.family = std::string(model.family());
    out.description = model.description();
    try {
        if (const auto* a = dynamic_cast<const AttentionModel*>(&model))
            out.file = attentionTensors(*a);
        else if (const auto* t = dynamic_cast<const TransformerModel*>(&model))
            out.file = transformerTensors(*t);
        else if (const auto* f = dynamic_cast<const FnnModel*>(&model))
            out.file = fnnTensors(*f);
        else
            throw UsageError(
                fmt::format("ccsim reads no {} weights from files, so it does not "
                            "write them",
                            model.family()));
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("cannot export the model of {} ({}): {}", reduction,
                                     model.description(), e.what()));
    }
    out.file.metadata["source"] = fmt::format("ccsim export {}{}{}", reduction,
                                              words.empty() ? "" : " ", fmt::join(words, " "));
    out.file.metadata["model"] = model.description();
    return out;
}

}  // namespace ccsim
