// Every registry holds exactly the entries built, and every entry is consistent with the code
// that uses it: a construction's task, model and users exist and its users declare what it
// reads; a strategy's name parses to the compiler's enum with the same closed form; every
// reduction's problem is registered. `ccsim list` and `ccsim explain` read these registries,
// so what they show is what the code does.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <ccsim/compile/compiler.hpp>
#include <ccsim/compile/strategy.hpp>
#include <ccsim/compile/transformer.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/construct/match_solver.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/model/attention.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/numeric/format.hpp>
#include <ccsim/problem/problem.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/task/task.hpp>

#include "doctest_ccsim.hpp"

using namespace ccsim;

namespace {

template <class Entry>
std::set<std::string> namesOf(const Registry<Entry>& registry) {
    const std::vector<std::string> names = registry.names();
    return {names.begin(), names.end()};
}

const ParamSpec* findSpec(const std::vector<ParamSpec>& specs, const std::string& name) {
    for (const ParamSpec& s : specs)
        if (s.name == name) return &s;
    return nullptr;
}

}  // namespace

TEST_SUITE("catalog") {
    TEST_CASE("each registry holds exactly the entries built") {
        CHECK(namesOf(ProblemRegistry::instance()) == std::set<std::string>{"disj", "eq", "gt",
                                                                            "index", "ip", "match2",
                                                                            "nof_match3", "pc"});
        CHECK(namesOf(TaskRegistry::instance()) ==
              std::set<std::string>{"hop", "match2", "match3", "qsa"});
        // One evaluator per task.
        CHECK(namesOf(EvaluatorRegistry::instance()) == namesOf(TaskRegistry::instance()));
        CHECK(namesOf(ModelFamilyRegistry::instance()) ==
              std::set<std::string>{"attention", "fnn", "rnn", "third_order", "transformer"});
        CHECK(namesOf(ConstructionRegistry::instance()) ==
              std::set<std::string>{"fnn_copy", "hop_doubling", "index_memory", "match2_trig",
                                    "match3_histogram", "match3_tensor", "pc_chase", "pc_memory",
                                    "qsa_cyclic", "qsa_random"});
        CHECK(namesOf(StrategyRegistry::instance()) ==
              std::set<std::string>{"causal-last-token", "causal-prefix", "chain", "first-layer",
                                    "layerwise", "nof", "partial-sums", "query-then-sums",
                                    "send-token"});
        CHECK(namesOf(PrecisionModelRegistry::instance()) ==
              std::set<std::string>{"embeddings", "partial-sums"});
        CHECK(namesOf(WriterRegistry::instance()) ==
              std::set<std::string>{"csv", "html", "json", "text"});
        std::set<std::string> formats = {"fixed:P:F", "float:E:M"};
        for (const std::string& name : Format::names()) formats.insert(name);
        CHECK(namesOf(FormatRegistry::instance()) == formats);
    }

    TEST_CASE("a construction's task, model and users exist, and its users declare its reads") {
        for (const ConstructionInfo& c : ConstructionRegistry::instance().all()) {
            CAPTURE(c.name);
            CHECK_FALSE(c.summary.empty());
            CHECK_FALSE(c.details.empty());
            CHECK((TaskRegistry::instance().find(c.task) != nullptr ||
                   ProblemRegistry::instance().find(c.task) != nullptr));
            CHECK(ModelFamilyRegistry::instance().find(c.model) != nullptr);
            REQUIRE_FALSE(c.users.empty());
            for (const std::string& user : c.users) {
                CAPTURE(user);
                std::vector<ParamSpec> params;
                if (user.rfind("eval ", 0) == 0) {
                    const Evaluator* evaluator = EvaluatorRegistry::instance().find(user.substr(5));
                    REQUIRE(evaluator != nullptr);
                    params = evaluator->params();
                } else {
                    const ReductionInfo* reduction = ReductionRegistry::instance().find(user);
                    if (reduction == nullptr) continue;  // not built into this configuration
                    params = reduction->params;
                }
                const ParamSpec* construction = findSpec(params, "construction");
                REQUIRE(construction != nullptr);
                CHECK(construction->helpText().find(c.name) != std::string::npos);
                for (const std::string& read : c.reads) {
                    CAPTURE(read);
                    CHECK(findSpec(params, read) != nullptr);
                }
            }
        }
    }

    TEST_CASE("a reduction's construction parameter offers only registered constructions") {
        for (const ReductionInfo& r : ReductionRegistry::instance().all()) {
            const ParamSpec* construction = findSpec(r.params, "construction");
            if (construction == nullptr) continue;
            CAPTURE(r.name);
            // The default is a construction that lists this reduction as a user.
            const ConstructionInfo* c =
                ConstructionRegistry::instance().find(construction->defaultValue);
            REQUIRE(c != nullptr);
            CHECK(std::find(c->users.begin(), c->users.end(), r.name) != c->users.end());
            // Every construction naming this reduction as a user is offered in its help.
            for (const ConstructionInfo& other : ConstructionRegistry::instance().all())
                if (std::find(other.users.begin(), other.users.end(), r.name) != other.users.end())
                    CHECK(construction->helpText().find(other.name) != std::string::npos);
        }
    }

    TEST_CASE("strategies name the compilers' enums, with the same closed form") {
        for (Strategy s : {Strategy::SendToken, Strategy::PartialSums, Strategy::QueryThenSums}) {
            const StrategyInfo* info = StrategyRegistry::instance().find(nameOf(s));
            REQUIRE(info != nullptr);
            CHECK(info->model == "attention");
            CHECK(info->formula == closedFormula(s));
            CHECK(parseStrategy(info->name) == s);
        }
        for (TransformerStrategy s :
             {TransformerStrategy::Layerwise, TransformerStrategy::CausalPrefix,
              TransformerStrategy::CausalLastToken}) {
            const StrategyInfo* info = StrategyRegistry::instance().find(nameOf(s));
            REQUIRE(info != nullptr);
            CHECK(info->model == "transformer");
            CHECK(info->formula == closedFormula(s));
            CHECK(parseTransformerStrategy(info->name) == s);
        }
        for (const StrategyInfo& info : StrategyRegistry::instance().all()) {
            CAPTURE(info.name);
            CHECK(ModelFamilyRegistry::instance().find(info.model) != nullptr);
            CHECK_FALSE(info.formula.empty());
        }
    }

    TEST_CASE("problems, precision models, formats and writers parse by their names") {
        for (const ReductionInfo& r : ReductionRegistry::instance().all()) {
            CAPTURE(r.name);
            CHECK(ProblemRegistry::instance().find(r.problem) != nullptr);
        }
        for (const PrecisionModelInfo& p : PrecisionModelRegistry::instance().all())
            CHECK(nameOf(parsePrecisionModel(p.name)) == p.name);
        for (const std::string& name : Format::names()) CHECK(Format::parse(name).name() == name);
        for (const WriterInfo& w : WriterRegistry::instance().all())
            CHECK(parseReportFormat(w.name) == w.format);
        CHECK_THROWS_AS(parseReportFormat("xml"), UsageError);
    }

    TEST_CASE("buildConstruction refuses a name of another task or kind, naming what it takes") {
        Params params({{"temperature", ParamType::Real, "0", "t", {}, {}}}, {}, "eval match2");
        const MatchShape shape{4, {7, false}};
        // A Match3 construction is of the same kind but not for Match2.
        CHECK_THROWS_WITH_AS(
            buildConstruction<MatchSolver>("match3_tensor", "match2", shape, params, "eval match2"),
            "unknown construction 'match3_tensor' for eval match2; known: match2_trig", UsageError);
        CHECK_THROWS_WITH_AS(buildConstruction<MatchSolver>("match2_trg", "match2", shape, params,
                                                            "eval match2", {"random"}),
                             "unknown construction 'match2_trg' for eval match2 (did you mean "
                             "'match2_trig'?); known: match2_trig, random",
                             UsageError);
        const MatchSolver solver =
            buildConstruction<MatchSolver>("match2_trig", "match2", shape, params, "eval match2");
        CHECK(solver.attention != nullptr);
        CHECK(solver.thirdOrder == nullptr);
    }
}
