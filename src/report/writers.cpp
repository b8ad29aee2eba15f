#include <cmath>

#include <fmt/format.h>

#include <ccsim/cc/report.hpp>
#include <ccsim/error.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/suggest.hpp>
#include <ccsim/version.hpp>

namespace ccsim {

namespace {

const WriterRegistry::Registrar text({"text", ReportFormat::Text,
                                      "for people: aligned tables, the verdict last",
                                      "run, sweep, eval, forward"});
const WriterRegistry::Registrar json(
    {"json", ReportFormat::Json, "nlohmann-json, keys in a fixed order (docs/report-format.md)",
     "run, sweep, eval, forward"});
const WriterRegistry::Registrar csv(
    {"csv", ReportFormat::Csv,
     "RFC 4180: one header line, then one row per run, grid point, evaluation or token",
     "run, sweep, eval, forward"});

}  // namespace

ReportFormat parseReportFormat(std::string_view name) {
    if (const WriterInfo* writer = WriterRegistry::instance().find(name)) return writer->format;
    // In the order the writers are documented, not the registry's alphabetical one.
    const std::vector<std::string> known = {"text", "json", "csv", "html"};
    throw UsageError(fmt::format("unknown report format '{}'{}; known: text, json, csv, html", name,
                                 didYouMean(name, known)));
}

nlohmann::ordered_json jsonValue(const std::string& value, ParamType type) {
    // Values were validated when the plugin read them; anything else stays text.
    try {
        std::size_t used = 0;
        if (type == ParamType::Int) {
            const long long v = std::stoll(value, &used);
            if (used == value.size()) return v;
        } else if (type == ParamType::Real) {
            const double v = std::stod(value, &used);
            if (used == value.size() && std::isfinite(v)) return v;
        }
    } catch (const std::exception&) {
    }
    return value;
}

nlohmann::ordered_json provenanceJson(const std::string& command,
                                      const std::vector<files::InputRecord>& inputs) {
    nlohmann::ordered_json j = {{"version", version()}, {"revision", gitRevision()}};
    if (!command.empty()) j["command"] = command;
    if (!inputs.empty()) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const files::InputRecord& in : inputs)
            list.push_back(
                {{"what", in.what}, {"path", in.path}, {"bytes", in.bytes}, {"sha256", in.sha256}});
        j["inputs"] = list;
    }
    return j;
}

nlohmann::ordered_json jsonParams(const std::vector<ParamValue>& params) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const ParamValue& p : params) out[p.name] = jsonValue(p.value, p.type);
    return out;
}

namespace {

std::string joinParams(const Report& r, std::string_view sep) {
    std::string out;
    for (const ParamValue& p : r.parameters)
        out += (out.empty() ? "" : std::string(sep)) + p.name + "=" + p.value;
    return out;
}

/// Left-aligned columns separated by two spaces, indented by two.
std::string table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        if (width.size() < row.size()) width.resize(row.size(), 0);
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line = "  ";
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + "\n";
    }
    return out;
}

std::string boundLine(const LowerBound& b) {
    return fmt::format("{:g} bits  {}  [{}]  {}", b.bits, nameOf(b.cls), b.formula, b.source);
}

}  // namespace

std::string writeText(const Report& r) {
    std::string out;
    auto field = [&out](std::string_view name, const std::string& value) {
        out += fmt::format("{:<14}{}\n", name, value);
    };
    field("run", r.provenance.command);
    field("problem", r.problemDescription);
    field("parameters", joinParams(r, " "));
    field("protocol", r.protocolSummary);
    field("cost model", r.costModel + ": " + r.costModelDescription);
    if (!r.model.empty()) field("model", r.model);
    if (!r.strategy.empty()) field("strategy", r.strategy);
    field("precision", r.format == "none" ? "none (the parties exchange the problem's bits)"
                                          : r.format + ", precision model " + r.precisionModel);
    field("instances", r.mode == "exhaustive"
                           ? fmt::format("{} (exhaustive)", r.instances)
                           : fmt::format("{} (sampled from the {} distribution, seed {})",
                                         r.instances, r.distribution, r.seed));

    out += "\nrounds\n";
    std::vector<std::vector<std::string>> rows = {
        {"round", "from", "to", "label", "bits", "width"}};
    for (const auto& round : r.rounds)
        rows.push_back({std::to_string(round.round), round.from, round.to, round.label,
                        std::to_string(round.chargedBits), round.widthFormula});
    out += table(rows);

    out += "\nparties\n";
    rows = {{"party", "sent", "received"}};
    for (const auto& p : r.partyTotals)
        rows.push_back({p.name, std::to_string(p.sentBits), std::to_string(p.receivedBits)});
    out += table(rows);

    out += "\nlinks\n";
    rows = {{"from", "to", "bits"}};
    for (const auto& l : r.links) rows.push_back({l.from, l.to, std::to_string(l.bits)});
    out += table(rows);

    out += "\n";
    const std::string bits = r.minBits == r.maxBits ? fmt::format("{}", r.maxBits)
                                                    : fmt::format("{}..{}", r.minBits, r.maxBits);
    field("bits", fmt::format("{} per instance (closed form {} = {})", bits, r.bitsFormula,
                              r.closedFormBits));
    field("transcripts", fmt::format("{} distinct, effective bits {:.2f}", r.distinctTranscripts,
                                     r.effectiveBits));
    field("checked", fmt::format("{} correct, {} wrong", r.correct, r.incorrect));
    if (r.mode == "sample")
        field(
            "error rate",
            fmt::format("{:.4g} ({:g}% Clopper-Pearson interval [{:.4g}, {:.4g}] over {} samples)",
                        r.errorRate.estimate, 100 * r.errorRate.confidence, r.errorRate.lower,
                        r.errorRate.upper, r.instances));
    if (r.firstIncorrect)
        field("first wrong", fmt::format("{} -> answered {}, truth {}", r.firstIncorrect->instance,
                                         r.firstIncorrect->answer, r.firstIncorrect->truth));
    if (r.hasBound()) {
        field("lower bound", boundLine(r.bound));
        if (!r.bound.note.empty()) field("", r.bound.note);
        if (r.exactBound)
            field("exact bound", fmt::format("{} bits, {} ({})", r.exactBound->bits,
                                             cc::versusTextbook(r.exactBound->bits, r.bound.bits,
                                                                "the textbook bound"),
                                             r.exactBound->method));
    } else {
        field("lower bound", fmt::format("none ({})", nameOf(r.bound.cls)));
        field("", r.bound.note);
    }
    for (const LowerBound& b : r.otherBounds) field("other bounds", boundLine(b));
    for (const LowerBound& b : r.relatedBounds)
        field("related bound", fmt::format("{}: {}  {}  {}  (context only, not compared)",
                                           b.problem, b.formula, nameOf(b.cls), b.source));

    out += "\n";
    if (!r.witness.runs.empty()) {
        out += fmt::format("witness ({} argument, found after {} inputs)\n",
                           nameOf(r.witness.argument), r.witness.searched);
        rows = {{"role", "instance", "transcript", "answer", "truth", ""}};
        for (const auto& run : r.witness.runs)
            rows.push_back({run.role, run.instance, run.transcript, std::to_string(run.answer),
                            std::to_string(run.truth), run.wrong ? "WRONG" : ""});
        out += table(rows);
        field("wrong on", r.witness.wrongInstance);
    } else if (!r.hasBound()) {
        field("witness", "not searched: no lower bound in this class, no argument to execute");
    } else if (r.witness.argument == WitnessArgument::None) {
        field("witness", r.bound.executable
                             ? "not searched: ccsim executes no argument for this class"
                             : "not searched: the bound is asymptotic, no argument to execute");
    } else {
        field("witness",
              fmt::format("none ({} argument, {} of {} inputs searched{})",
                          nameOf(r.witness.argument), r.witness.searched, r.witness.limit,
                          r.witness.complete ? ", complete" : ", stopped at budget"));
    }
    field("verdict", std::string(nameOf(r.outcome)) + ": " + r.explanation);
    for (const auto& c : r.certificates) {
        out += fmt::format("\ncertificate {}: {}\n", c.name, c.summary);
        for (const auto& line : c.lines) out += "  " + line + "\n";
    }
    return out;
}

nlohmann::ordered_json toJson(const Report& r) {
    using nlohmann::ordered_json;
    auto runJson = [](const Report::Run& run) {
        return ordered_json{
            {"role", run.role},     {"instance", run.instance}, {"transcript", run.transcript},
            {"answer", run.answer}, {"truth", run.truth},       {"wrong", run.wrong}};
    };
    auto boundJson = [](const LowerBound& b) {
        // A related bound of an asymptotic form has no value (NaN): null.
        return ordered_json{{"class", nameOf(b.cls)},
                            {"bits", std::isnan(b.bits) ? ordered_json() : ordered_json(b.bits)},
                            {"formula", b.formula},
                            {"source", b.source},
                            {"note", b.note}};
    };
    ordered_json j;
    j["schema"] = kReportSchema;
    j["provenance"] = provenanceJson(r.provenance.command, r.provenance.inputs);
    const ordered_json params = jsonParams(r.parameters);
    j["run"] = {{"reduction", r.reduction},
                {"problem", r.problem},
                {"problem_description", r.problemDescription},
                {"parameters", params},
                {"seed", r.seed},
                {"mode", r.mode},
                {"format", r.format},
                {"precision_model", r.precisionModel},
                {"strategy", r.strategy},
                {"model", r.model}};
    ordered_json rounds = ordered_json::array();
    for (const auto& x : r.rounds)
        rounds.push_back({{"round", x.round},
                          {"from", x.from},
                          {"to", x.to},
                          {"label", x.label},
                          {"payload_bits", x.payloadBits},
                          {"charged_bits", x.chargedBits},
                          {"width_formula", x.widthFormula}});
    j["protocol"] = {{"summary", r.protocolSummary},
                     {"parties", r.parties},
                     {"cost_model", r.costModel},
                     {"cost_model_description", r.costModelDescription},
                     {"rounds", rounds},
                     {"bits_formula", r.bitsFormula},
                     {"bits_closed_form", r.closedFormBits}};
    ordered_json parties = ordered_json::array();
    for (const auto& p : r.partyTotals)
        parties.push_back(
            {{"party", p.name}, {"sent_bits", p.sentBits}, {"received_bits", p.receivedBits}});
    ordered_json links = ordered_json::array();
    for (const auto& l : r.links)
        links.push_back({{"from", l.from}, {"to", l.to}, {"bits", l.bits}});
    j["communication"] = {{"bits_min", r.minBits},
                          {"bits_max", r.maxBits},
                          {"parties", parties},
                          {"links", links},
                          {"distinct_transcripts", r.distinctTranscripts},
                          {"effective_bits", r.effectiveBits}};
    j["verification"] = {
        {"instances", r.instances},
        {"correct", r.correct},
        {"incorrect", r.incorrect},
        {"first_incorrect", r.firstIncorrect ? runJson(*r.firstIncorrect) : ordered_json()},
        {"distribution", r.mode == "sample" ? ordered_json(r.distribution) : ordered_json()},
        {"error_rate",
         {{"estimate", r.errorRate.estimate},
          {"lower", r.errorRate.lower},
          {"upper", r.errorRate.upper},
          {"confidence", r.errorRate.confidence},
          {"method", r.mode == "sample" ? "clopper-pearson" : "exact"}}}};
    ordered_json others = ordered_json::array();
    for (const auto& b : r.otherBounds) others.push_back(boundJson(b));
    j["bound"] = r.hasBound() ? boundJson(r.bound) : ordered_json();
    j["exact_bound"] =
        r.exactBound ? ordered_json{{"bits", r.exactBound->bits}, {"method", r.exactBound->method}}
                     : ordered_json();
    j["other_bounds"] = others;
    ordered_json related = ordered_json::array();
    for (const auto& b : r.relatedBounds) {
        ordered_json x = boundJson(b);
        x["problem"] = b.problem;
        related.push_back(x);
    }
    j["related_bounds"] = related;
    ordered_json witnessRuns = ordered_json::array();
    for (const auto& run : r.witness.runs) witnessRuns.push_back(runJson(run));
    j["witness"] = {{"argument", std::string(nameOf(r.witness.argument))},
                    {"searched", r.witness.searched},
                    {"limit", r.witness.limit},
                    {"complete", r.witness.complete},
                    {"found", !r.witness.runs.empty()},
                    {"runs", witnessRuns},
                    {"wrong_instance", r.witness.wrongInstance}};
    j["verdict"] = {{"outcome", std::string(nameOf(r.outcome))}, {"explanation", r.explanation}};
    // Only present when the reduction attaches certificates, so other reports keep their form.
    if (!r.certificates.empty()) {
        ordered_json certs = ordered_json::array();
        for (const auto& c : r.certificates)
            certs.push_back(
                {{"name", c.name},
                 {"summary", c.summary},
                 {"data", c.json.empty() ? ordered_json::object() : ordered_json::parse(c.json)}});
        j["certificates"] = certs;
    }
    return j;
}

std::string writeJson(const Report& r) { return dumpJson(toJson(r)); }

std::string writeCsv(const Report& r) {
    const std::vector<std::pair<std::string, std::string>> cols = {
        {"schema", std::string(kReportSchema)},
        {"reduction", r.reduction},
        {"problem", r.problem},
        {"parameters", joinParams(r, ";")},
        {"seed", std::to_string(r.seed)},
        {"mode", r.mode},
        {"format", r.format},
        {"precision_model", r.precisionModel},
        {"cost_model", r.costModel},
        {"rounds", std::to_string(r.rounds.size())},
        {"bits_min", std::to_string(r.minBits)},
        {"bits_max", std::to_string(r.maxBits)},
        {"bits_closed_form", std::to_string(r.closedFormBits)},
        {"instances", std::to_string(r.instances)},
        {"correct", std::to_string(r.correct)},
        {"incorrect", std::to_string(r.incorrect)},
        {"distinct_transcripts", std::to_string(r.distinctTranscripts)},
        {"effective_bits", fmt::format("{:.6f}", r.effectiveBits)},
        {"bound_bits", r.hasBound() ? fmt::format("{:g}", r.bound.bits) : ""},
        {"bound_class", std::string(nameOf(r.bound.cls))},
        {"outcome", std::string(nameOf(r.outcome))},
        {"witness_instance", r.witness.wrongInstance},
        {"version", r.provenance.version},
        {"revision", r.provenance.revision},
        {"strategy", r.strategy},
        {"distribution", r.distribution},
        {"error_rate", fmt::format("{:.6g}", r.errorRate.estimate)},
        {"error_rate_lower", fmt::format("{:.6g}", r.errorRate.lower)},
        {"error_rate_upper", fmt::format("{:.6g}", r.errorRate.upper)},
        {"exact_bound_bits", r.exactBound ? std::to_string(r.exactBound->bits) : ""},
    };
    return csvRow(cols);
}

std::string write(const Report& report, ReportFormat format) { return writeAs(report, format); }

}  // namespace ccsim
