// The conformance suite: every registered reduction, in its small configuration, gets the
// same checks. A new plugin gets them for free by registering itself.

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <fmt/ranges.h>

#include <ccsim/compile/strategy.hpp>
#include <ccsim/error.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/verify/check.hpp>
#include <ccsim/verify/engine.hpp>

#include "../doctest_ccsim.hpp"

using namespace ccsim;

namespace {

std::set<std::string> configuredReductions() {
    std::set<std::string> names;
    std::stringstream list(CCSIM_CONFIGURED_REDUCTIONS);
    for (std::string name; std::getline(list, name, ',');)
        if (!name.empty()) names.insert(name);
    return names;
}

std::string inputKey(const PartyInput& input) {
    std::string key = bitString(input.bits) + "/";
    for (std::uint64_t v : input.values) key += std::to_string(v) + ",";
    for (const TokenRow& t : input.tokens) {
        key += "/" + std::to_string(t.position) + ":";
        for (double v : t.values) key += fmt::format("{},", v);
    }
    return key;
}

/// The words of base with those of extra in place of base's words of the same name.
std::vector<std::string> overridden(const std::vector<std::string>& base,
                                    const std::vector<std::string>& extra) {
    auto nameOf = [](const std::string& w) { return w.substr(0, w.find('=')); };
    std::vector<std::string> words;
    for (const std::string& w : base)
        if (std::none_of(extra.begin(), extra.end(),
                         [&](const std::string& e) { return nameOf(e) == nameOf(w); }))
            words.push_back(w);
    words.insert(words.end(), extra.begin(), extra.end());
    return words;
}

/// Everything a party had seen before round r: its input and the payloads it received.
std::string viewKey(const PartyInput& input, const Transcript& t, PartyId party, int beforeRound) {
    std::string key = inputKey(input);
    for (const MessageRecord& m : t.messages()) {
        if (m.round >= beforeRound) break;
        for (PartyId to : m.to)
            if (to == party) key += "|" + m.label + ":" + bitString(m.payload);
    }
    return key;
}

}  // namespace

TEST_SUITE("protocols/conformance") {
    TEST_CASE("the registry holds exactly the reductions configured in meson") {
        const std::vector<std::string> names = ReductionRegistry::instance().names();
        CHECK(std::set<std::string>(names.begin(), names.end()) == configuredReductions());
        CHECK(names.size() == configuredReductions().size());
    }

    TEST_CASE("every reduction conforms") {
        for (const ReductionInfo& info : ReductionRegistry::instance().all()) {
            CAPTURE(info.name);
            REQUIRE_FALSE(info.smallConfig.empty());
            CHECK_FALSE(info.summary.empty());
            CHECK_FALSE(info.details.empty());

            for (const ParamSpec& p : info.params)
                if (p.size) CHECK_MESSAGE(p.type == ParamType::Int, p.name);

            SUBCASE("defaults and the small configuration build") {
                CHECK_NOTHROW(buildReduction(info.name, {}));
                CHECK_NOTHROW(buildReduction(info.name, info.smallConfig));
            }

            SUBCASE("unknown and misspelt parameters are rejected, naming the known ones") {
                std::vector<std::string> words = info.smallConfig;
                words.push_back("no_such_parameter=1");
                CHECK_THROWS_WITH_AS(buildReduction(info.name, words),
                                     doctest::Contains("unknown parameter 'no_such_parameter'"),
                                     UsageError);
                for (const ParamSpec& p : info.params) {
                    CHECK_THROWS_WITH_AS(
                        buildReduction(info.name, {p.name + "x=1"}),
                        doctest::Contains(("did you mean '" + p.name + "'").c_str()), UsageError);
                }
            }

            std::vector<std::vector<std::string>> configs = {info.smallConfig};
            for (const auto& extra : info.extraConfigs)
                configs.push_back(overridden(info.smallConfig, extra));
            for (const std::vector<std::string>& config : configs) {
                CAPTURE(fmt::format("{}", fmt::join(config, " ")));
                const BuiltReduction built = buildReduction(info.name, config);
                const Reduction& reduction = *built.reduction;
                const Problem& problem = reduction.problem();
                CHECK(std::string(problem.name()) == info.problem);
                REQUIRE(problem.instanceCount().has_value());
                const std::uint64_t count = *problem.instanceCount();
                REQUIRE(count <= (1U << 16));

                SUBCASE("isolation: each message and the output depend only on the party's view") {
                    // Over all instances, two runs in which a party has the same input and has
                    // received the same messages must see it send the same message (and answer
                    // the same). A protocol reading anything else would break this.
                    ProtocolRunner runner(reduction.protocol());
                    const Protocol& protocol = runner.protocol();
                    std::map<std::string, std::string> sent;
                    std::map<std::string, std::uint64_t> answered;
                    for (std::uint64_t i = 0; i < count; ++i) {
                        const PartyInputs inputs = reduction.encode(problem.instance(i));
                        const std::uint64_t output = runner.run(inputs).answer;
                        const Transcript& t = runner.transcript();
                        for (const MessageRecord& m : t.messages()) {
                            const std::string key =
                                std::to_string(m.round) + "#" +
                                viewKey(inputs[static_cast<std::size_t>(m.from)], t, m.from,
                                        m.round);
                            const auto [it, fresh] = sent.emplace(key, bitString(m.payload));
                            CHECK(it->second == bitString(m.payload));
                        }
                        const PartyId out = protocol.outputParty;
                        const std::string key =
                            viewKey(inputs[static_cast<std::size_t>(out)], t, out,
                                    static_cast<int>(protocol.rounds.size()));
                        const auto [it, fresh] = answered.emplace(key, output);
                        CHECK(it->second == output);
                    }
                }

                SUBCASE("message widths are the declared ones on every instance") {
                    ProtocolRunner runner(reduction.protocol());
                    const Protocol& protocol = runner.protocol();
                    const ClosedForm form = reduction.closedForm();
                    CHECK_FALSE(form.text.empty());
                    for (std::uint64_t i = 0; i < count; ++i) {
                        runner.run(reduction.encode(problem.instance(i)));
                        const Transcript& t = runner.transcript();
                        REQUIRE(t.messages().size() == protocol.rounds.size());
                        for (std::size_t r = 0; r < protocol.rounds.size(); ++r)
                            CHECK(t.messages()[r].payload.size() == protocol.rounds[r].payloadBits);
                        CHECK(t.totalBits() == protocol.declaredBits());
                        // The closed form, evaluated from its own symbols, is what ran.
                        CHECK(form.bits == t.totalBits());
                    }
                }

                SUBCASE("runs are deterministic and independent of the thread count") {
                    VerifyOptions one;
                    one.threads = 1;
                    VerifyOptions two = one;
                    two.threads = 2;
                    const CheckResult a = check(reduction, one);
                    const CheckResult b = check(reduction, two);
                    const CheckResult c = check(reduction, one);
                    CHECK(a.result.correct == b.result.correct);
                    CHECK(a.result.correct == c.result.correct);
                    CHECK(a.result.distinctTranscripts == b.result.distinctTranscripts);
                    CHECK(a.verdict.outcome == b.verdict.outcome);
                    CHECK(a.verdict.explanation == c.verdict.explanation);
                }

                // Both engines, byte-identical JSON reports and transcript logs, at 1 and 2
                // threads: exhaustive, and on 300 samples (samples repeat instances and inputs;
                // the list walk numbers inputs by content). Every registered reduction runs on
                // the tree engine: the rectangle walk for product problems, the list walk for
                // samples and for the others.
                auto reportOf = [&](Engine engine, unsigned threads, bool sampled) {
                    VerifyOptions o;
                    o.engine = engine;
                    o.threads = threads;
                    o.recordTranscripts = true;
                    if (sampled) {
                        o.mode = VerifyMode::Sample;
                        o.sampleCount = 300;
                        o.seed = 5;
                    }
                    const CheckResult r = check(reduction, o);
                    const Report report = makeReport({built, o, r, "cmd"});
                    return std::pair{writeJson(report), r.result.transcriptLog};
                };
                SUBCASE(
                    "faithfulness: the protocol outputs the quantized model pass, bit for bit") {
                    // Every reduction whose protocol is compiled by a registered strategy
                    // names the model pass it computes (match2_or's local-or runs its model
                    // inside each party and sends an OR, so it has none); on every instance, in
                    // the configuration's format and in three more, the output values are that
                    // pass's entries, compared with ==.
                    const auto modelInfo = reduction.modelInfo();
                    const bool compiled = modelInfo && StrategyRegistry::instance().find(
                                                           modelInfo->strategy) != nullptr;
                    CHECK(compiled == reduction.modelPass(problem.instance(0)).has_value());
                    std::vector<std::vector<std::string>> formats;
                    if (compiled) {
                        formats.push_back(config);
                        for (const char* format : {"fp64", "bf16", "fixed:6:3"}) {
                            formats.push_back(
                                overridden(config, {std::string("precision=") + format}));
                        }
                    }
                    for (const std::vector<std::string>& words : formats) {
                        CAPTURE(fmt::format("{}", fmt::join(words, " ")));
                        const BuiltReduction variant = buildReduction(info.name, words);
                        const Reduction& r = *variant.reduction;
                        ProtocolRunner runner(r.protocol());
                        for (std::uint64_t i = 0; i < count; ++i) {
                            CAPTURE(i);
                            const Instance instance = problem.instance(i);
                            const auto pass = r.modelPass(instance);
                            REQUIRE(pass.has_value());
                            REQUIRE(pass->model != nullptr);
                            CHECK(ModelFamilyRegistry::instance().find(pass->model->family()) !=
                                  nullptr);
                            const Vector out = pass->model->quantizedAt(pass->tokens, pass->target,
                                                                        pass->quantization);
                            std::vector<double> expected;
                            if (pass->reported.empty()) expected.assign(out.begin(), out.end());
                            for (std::size_t k : pass->reported)
                                expected.push_back(out[static_cast<Eigen::Index>(k)]);
                            const ProtocolOutput got = runner.run(r.encode(instance));
                            REQUIRE(got.values.size() == expected.size());
                            for (std::size_t k = 0; k < expected.size(); ++k)
                                CHECK(got.values[k] == expected[k]);
                            if (i == 0) {
                                // The batch entry agrees with the per-position pass.
                                const Matrix all =
                                    pass->model->quantizedAll(pass->tokens, pass->quantization, 2);
                                const auto row = pass->model->outputsEveryPosition()
                                                     ? static_cast<Eigen::Index>(pass->target)
                                                     : 0;
                                CHECK(Vector(all.row(row).transpose()) == out);
                            }
                        }
                    }
                }

                SUBCASE("differential: the tree engine's reports equal the reference runner's") {
                    CHECK(treeEngineObstacle(reduction, VerifyOptions{}).empty());
                    for (bool sampled : {false, true}) {
                        CAPTURE(sampled);
                        const auto reference = reportOf(Engine::Reference, 1, sampled);
                        for (unsigned threads : {1U, 2U}) {
                            CAPTURE(threads);
                            const auto tree = reportOf(Engine::Tree, threads, sampled);
                            CHECK(tree.first == reference.first);
                            CHECK(tree.second == reference.second);
                        }
                    }
                }

                SUBCASE("the verdict is consistent with the bound and backed by a real witness") {
                    const CheckResult r = check(reduction, VerifyOptions{});
                    // The run value's schedule is what every instance measured.
                    std::size_t charged = 0;
                    for (const ScheduledRound& round : r.schedule.rounds)
                        charged += round.chargedBits;
                    CHECK(charged == r.schedule.declaredBits);
                    CHECK(r.schedule.closedForm.bits == r.schedule.declaredBits);
                    CHECK(r.result.maxBits == r.schedule.declaredBits);
                    CHECK(r.verdict.outcome != Outcome::Inconsistent);
                    CHECK(isDeterministic(r.verdict.bound.cls));
                    const bool below = static_cast<double>(r.result.maxBits) < r.verdict.bound.bits;
                    if (r.verdict.outcome == Outcome::NoBound) {
                        // No bound in the protocol's class: nothing compared, nothing searched.
                        CHECK_FALSE(problem.lowerBound(r.verdict.bound.cls).has_value());
                        CHECK_FALSE(r.search.witness.has_value());
                        CHECK(r.search.searched == 0);
                    } else if (below && (!r.verdict.bound.executable ||
                                         !hasWitnessArgument(r.verdict.bound.cls))) {
                        // Nothing executable to search: a failure seen, or undecided.
                        CHECK_FALSE(r.search.witness.has_value());
                        if (r.verdict.outcome == Outcome::FailsAsPredicted)
                            CHECK(r.result.incorrect > 0);
                        else
                            CHECK(r.verdict.outcome == Outcome::Undecided);
                    } else if (below) {
                        CHECK(r.verdict.outcome == Outcome::FailsAsPredicted);
                        REQUIRE(r.search.witness.has_value());
                        const InstanceRun& wrong = r.search.witness->wrongRun();
                        CHECK(problem.truth(wrong.instance) == wrong.truth);
                        CHECK(wrong.answer != wrong.truth);
                        CHECK(r.result.incorrect > 0);
                    } else {
                        CHECK((r.verdict.outcome == Outcome::Correct) == (r.result.incorrect == 0));
                    }
                }
            }
        }
    }
}
