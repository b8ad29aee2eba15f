#pragma once
/// \file
/// Reductions: the plugins in protocols/. A reduction ties a problem to a protocol family:
/// it encodes a problem instance into the inputs of the protocol's parties, provides the
/// protocol (built from parameters only, never from an instance), and decodes the
/// protocol's output into an answer to the problem. Reductions into models encode instances into
/// tokens of a model and compile the model into the protocol; the baselines here use the
/// problem's inputs directly.
///
/// Writing one: docs/adding-a-reduction.md.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/model/model.hpp>
#include <ccsim/params.hpp>
#include <ccsim/problem/problem.hpp>
#include <ccsim/registry.hpp>

namespace ccsim {

class Reduction {
public:
    virtual ~Reduction() = default;

    virtual const Problem& problem() const = 0;
    /// The protocol family; called once per party by the runner, so it must be cheap and
    /// build the same schedule every time.
    virtual ProtocolFactory protocol() const = 0;
    /// Problem instance → the parties' inputs. Default: the instance itself.
    virtual PartyInputs encode(const Instance& instance) const { return instance; }
    /// Protocol output → problem answer. Default: the output's answer.
    virtual std::uint64_t decode(const ProtocolOutput& output) const { return output.answer; }
    /// The closed-form bit count of the protocol, e.g. {"n", 8}: the formula and its value
    /// (computed from the formula, not from the schedule); reports print it next to the
    /// measured count, and the conformance suite checks the two agree.
    virtual ClosedForm closedForm() const = 0;
    /// About how many floating-point operations one instance costs (the model's forward
    /// pass), so that a run that could not finish in time is refused before it starts
    /// (checkRunSize). 0, the default, for protocols whose cost is not a model's: their time is
    /// measured as they run.
    virtual double operationsPerInstance() const { return 0; }

    /// For reductions into models: the number format, the precision model, the compile
    /// strategy and the model, as reports print them. Empty for problem-level protocols.
    struct ModelInfo {
        std::string format;
        std::string precisionModel;
        std::string strategy;
        std::string model;
    };
    virtual std::optional<ModelInfo> modelInfo() const { return std::nullopt; }

    /// For reductions into models: the model pass that the protocol's output must equal on
    /// an instance, bit for bit (faithfulness, docs/architecture.md). The conformance suite
    /// runs every instance of every registered configuration and compares
    /// ProtocolOutput::values with model->quantizedAt(tokens, target, quantization), or with
    /// the listed entries of it when the read-out reports only some.
    struct ModelPass {
        std::shared_ptr<const Model> model;
        Matrix tokens;  ///< the instance's tokens, as encode() splits them
        std::size_t target = 0;
        Quantization quantization;
        /// The entries of the model's output that ProtocolOutput::values holds, in order;
        /// empty: all of them.
        std::vector<std::size_t> reported = {};
    };
    /// Empty (the default) for problem-level protocols; every reduction with a modelInfo()
    /// has one.
    virtual std::optional<ModelPass> modelPass(const Instance& /*instance*/) const {
        return std::nullopt;
    }

    /// A certificate: a piece of the lower-bound argument that is not a protocol run (e.g. the
    /// null vector of qsa_fnn's first layer), attached to the report (docs/report-format.md).
    struct Certificate {
        std::string name;                ///< snake_case, e.g. "null_vector"
        std::string summary;             ///< one line
        std::vector<std::string> lines;  ///< text lines, printed indented under the summary
        std::string json;                ///< a serialized JSON object with the data
    };
    /// Certificates for reports; computed from the parameters only, never from an instance.
    /// Default: none.
    virtual std::vector<Certificate> certificates() const { return {}; }
};

struct ReductionInfo {
    std::string name;     ///< equals the file stem in protocols/
    std::string problem;  ///< disj, index, eq, ...
    std::string summary;  ///< one line for `ccsim list`
    std::string details;  ///< a paragraph for `ccsim explain`
    std::vector<ParamSpec> params;
    /// A small configuration (name=value words) that runs exhaustively in well under a
    /// second: the conformance suite and the benchmarks use it.
    std::vector<std::string> smallConfig;
    /// More small configurations that the conformance suite also runs, e.g. one per compile
    /// strategy the reduction supports; each overrides smallConfig's words of the same name.
    std::vector<std::vector<std::string>> extraConfigs = {};
    /// How the bits should grow with the reduction's size, as the theory says (printed next
    /// to the fits of `ccsim sweep`); empty if there is nothing to say.
    std::string growth;
    /// Builds the reduction from its parameters; reads every parameter it uses and validates
    /// them (throwing UsageError).
    std::function<std::unique_ptr<Reduction>(Params&)> make;
};

using ReductionRegistry = Registry<ReductionInfo>;

/// Looks up name, parses words against its parameters, builds it and rejects unused
/// parameters. The returned Params holds the resolved values for reports.
struct BuiltReduction {
    const ReductionInfo* info;
    Params params;
    std::unique_ptr<Reduction> reduction;
};
BuiltReduction buildReduction(std::string_view name, const std::vector<std::string>& words);

/// The reduction's closed form, after checking (InternalError otherwise) that its value is the
/// bits of the protocol's schedule: what reports and `explain` print.
ClosedForm checkedClosedForm(const Reduction& reduction, const Protocol& protocol);

}  // namespace ccsim
