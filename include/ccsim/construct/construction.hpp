#pragma once
/// \file
/// Constructions as registered plugins.
///
/// A construction is weights from the theory that make a model solve a task. Each one is
/// registered where it is built, with one RegisterConstruction object, and is found by name:
///
///  - ConstructionRegistry holds what `ccsim list` and `ccsim explain` show: the name, the
///    task it solves, the model family it builds, a summary, a paragraph, the parameters it
///    reads and the commands that accept it.
///  - Behind it, one typed table per *kind*: constructions that build the same thing
///    (Built) from the same task shape (Shape), e.g. an attention model from a QsaShape.
///    A reduction or evaluator asks its kind's table with buildConstruction, so a new
///    construction of an existing kind is accepted by every user of the kind without
///    touching them.
///
/// Seeded random draws (`construction=random`) and weight files are not constructions: they
/// belong to a model (makeRandomAttention, loadAttention, ...), and each user that offers
/// them handles them before asking the table.
///
/// Adding one: docs/adding-a-reduction.md, "Adding a construction".

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/error.hpp>
#include <ccsim/params.hpp>
#include <ccsim/registry.hpp>
#include <ccsim/suggest.hpp>

namespace ccsim {

struct ConstructionInfo {
    std::string name;
    std::string task;     ///< the task it solves (a TaskRegistry name, or a problem's)
    std::string model;    ///< the model family it builds (a ModelRegistry name)
    std::string summary;  ///< one line for `ccsim list`
    std::string details;  ///< a paragraph for `ccsim explain`
    /// The parameters it reads beyond the task's shape; every user declares them (the
    /// conformance suite checks it).
    std::vector<std::string> reads;
    /// The commands that accept it (`disj_qsa`, `eval qsa`, ...), as `explain` names them.
    std::vector<std::string> users;
};
using ConstructionRegistry = Registry<ConstructionInfo>;

/// One entry of a kind's typed table.
template <class Built, class Shape>
struct ConstructionFactory {
    std::string name;
    std::string task;
    std::function<Built(const Shape&, Params&)> make;
};
template <class Built, class Shape>
using ConstructionKind = Registry<ConstructionFactory<Built, Shape>>;

/// Registers a construction in both tables; one static object per construction.
template <class Built, class Shape>
struct RegisterConstruction {
    RegisterConstruction(ConstructionInfo info, std::function<Built(const Shape&, Params&)> make) {
        ConstructionKind<Built, Shape>::instance().add({info.name, info.task, std::move(make)});
        ConstructionRegistry::instance().add(std::move(info));
    }
};

/// The constructions of this kind that solve task, sorted by name.
template <class Built, class Shape>
std::vector<std::string> constructionNames(std::string_view task) {
    std::vector<std::string> out;
    for (const auto& c : ConstructionKind<Built, Shape>::instance().all())
        if (c.task == task) out.push_back(c.name);
    return out;
}

/// Builds construction `name` of this kind for task. A name that is not one of them is a
/// UsageError naming the user and everything it accepts (the kind's constructions for the
/// task, then `others`).
template <class Built, class Shape>
Built buildConstruction(std::string_view name, std::string_view task, const Shape& shape,
                        Params& params, std::string_view user,
                        const std::vector<std::string>& others = {}) {
    const auto* factory = ConstructionKind<Built, Shape>::instance().find(name);
    if (factory != nullptr && factory->task == task) return factory->make(shape, params);
    std::vector<std::string> names = constructionNames<Built, Shape>(task);
    names.insert(names.end(), others.begin(), others.end());
    throw UsageError(fmt::format("unknown construction '{}' for {}{}; known: {}", name, user,
                                 didYouMean(name, names), fmt::join(names, ", ")));
}

}  // namespace ccsim
