// The HTML writer of run reports: one self-contained page (inline CSS and SVG, no scripts,
// nothing fetched) with the protocol as a message-sequence chart, the tables, the verdict
// beside the bound and the witness. docs/report-format.md, "HTML".

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include <ccsim/report/sweep_report.hpp>
#include <ccsim/report/writers.hpp>

namespace ccsim {

namespace {

const WriterRegistry::Registrar html({"html", ReportFormat::Html,
                                      "one self-contained page: a message-sequence chart, the "
                                      "tables, the verdict and the witness",
                                      "run"});

std::string esc(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t comma = text.find(", ", at);
        out.push_back(text.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
        if (comma == std::string::npos) break;
        at = comma + 2;
    }
    return out;
}

/// The protocol as a message-sequence chart: one lane per party, one arrow per round (to
/// every receiver), labelled with the round, its label, its bits and its width formula.
std::string sequenceChart(const Report& r) {
    std::vector<std::string> lanes;
    for (const Report::Party& p : r.partyTotals) lanes.push_back(p.name);
    const auto laneOf = [&](const std::string& name) -> int {
        const auto it = std::find(lanes.begin(), lanes.end(), name);
        return it == lanes.end() ? -1 : static_cast<int>(it - lanes.begin());
    };
    constexpr int kLaneGap = 260, kLeft = 140, kTop = 70, kRow = 64;
    const int width = kLeft * 2 + kLaneGap * std::max<int>(1, static_cast<int>(lanes.size()) - 1);
    const int height = kTop + kRow * static_cast<int>(r.rounds.size()) + 50;
    std::string svg = fmt::format(
        "<svg class=\"msc\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
        "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"message-sequence chart\">\n"
        "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
        "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 "
        "L10,5 L0,10 z\" fill=\"#1f4e79\"/></marker></defs>\n",
        width, height, width, height);
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const int x = kLeft + kLaneGap * static_cast<int>(i);
        svg += fmt::format(
            "<g class=\"lane\" data-party=\"{0}\"><rect x=\"{1}\" y=\"10\" width=\"120\" "
            "height=\"32\" rx=\"6\" fill=\"#e8eef6\" stroke=\"#1f4e79\"/><text x=\"{2}\" "
            "y=\"31\" text-anchor=\"middle\" font-weight=\"bold\">{0}</text><line x1=\"{2}\" "
            "y1=\"42\" x2=\"{2}\" y2=\"{3}\" stroke=\"#8aa4c0\" stroke-dasharray=\"6 4\"/></g>\n",
            esc(lanes[i]), x - 60, x, height - 10);
    }
    for (std::size_t k = 0; k < r.rounds.size(); ++k) {
        const Report::Round& round = r.rounds[k];
        const int y = kTop + kRow * static_cast<int>(k) + 30;
        const int from = laneOf(round.from);
        std::vector<int> to;
        for (const std::string& name : splitList(round.to))
            if (const int lane = laneOf(name); lane >= 0 && lane != from) to.push_back(lane);
        if (to.empty())  // a blackboard message: everyone else reads it
            for (int lane = 0; lane < static_cast<int>(lanes.size()); ++lane)
                if (lane != from) to.push_back(lane);
        const int x0 = kLeft + kLaneGap * std::max(from, 0);
        svg += fmt::format("<g class=\"round\" data-round=\"{}\" data-bits=\"{}\">", round.round,
                           round.chargedBits);
        int lo = x0, hi = x0;
        for (int lane : to) {
            const int x1 = kLeft + kLaneGap * lane;
            svg += fmt::format(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1f4e79\" "
                "stroke-width=\"2\" marker-end=\"url(#head)\"/>",
                x0, y, x1 + (x1 > x0 ? -4 : 4), y);
            lo = std::min(lo, x1);
            hi = std::max(hi, x1);
        }
        // Between the sender and its nearest receiver, so that it sits over one arrow.
        int labelX = (lo + hi) / 2;
        if (to.size() > 1) labelX = x0 + (kLeft + kLaneGap * to.front() - x0) / 2;
        svg += fmt::format(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"arrow-label\">round {}: "
            "'{}' {} bits{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
            "class=\"formula\">{}</text></g>\n",
            labelX, y - 8, round.round, esc(round.label), round.chargedBits,
            to.size() > 1 && splitList(round.to).size() == 1 ? " (on the board, read by all)" : "",
            labelX, y + 18, esc(round.widthFormula));
    }
    svg += "</svg>\n";
    return svg;
}

std::string bitsText(double bits) {
    if (std::isnan(bits)) return "none";
    return fmt::format("{:g}", bits);
}

std::string row(std::initializer_list<std::string> cells, bool header = false) {
    std::string out = "<tr>";
    for (const std::string& c : cells)
        out += (header ? "<th>" : "<td>") + c + (header ? "</th>" : "</td>");
    return out + "</tr>\n";
}

constexpr const char* kStyle =
    R"(body{font-family:sans-serif;margin:24px;color:#1b1b1b;max-width:1200px}
h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.15em;margin-top:28px;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccd;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f1f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.facts td:first-child{font-weight:bold;background:#f8f9fb}
.verdict{display:flex;gap:16px;align-items:stretch;margin:12px 0}
.verdict>div{border:2px solid #888;border-radius:8px;padding:10px 16px;min-width:220px;max-width:520px}
.verdict .big{font-size:1.6em;font-weight:bold}
.outcome-correct{border-color:#2e7d32!important;background:#eef7ee}
.outcome-fails-as-predicted{border-color:#b26a00!important;background:#fff6e5}
.outcome-fails-above-bound,.outcome-INCONSISTENT{border-color:#c62828!important;background:#fdecea}
.outcome-undecided,.outcome-no-bound{border-color:#555!important;background:#f3f3f3}
.msc text{font-family:sans-serif;font-size:13px}.msc .formula{fill:#555;font-size:12px}
code{background:#f1f4f8;padding:1px 4px}tr.wrong td{background:#fdecea}
.figure svg{max-width:100%;height:auto})";

/// The page up to and including its heading.
std::string pageHead(const std::string& title) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0}"
        "</title>\n<style>{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
        esc(title), kStyle);
}

}  // namespace

std::string writeHtml(const Report& r) {
    const std::string outcome(nameOf(r.outcome));
    std::string h = pageHead("ccsim run " + r.reduction) +
                    fmt::format("<p>{}</p>\n", esc(r.problemDescription));
    h += "<div class=\"verdict\">\n";
    h += fmt::format(
        "<div id=\"verdict\" class=\"outcome-{}\"><div class=\"big\">{}</div>{}</div>\n",
        esc(outcome), esc(outcome), esc(r.explanation));
    h += fmt::format(
        "<div id=\"measured\"><div>measured</div><div class=\"big\">{}</div>bits per instance "
        "(formula {} = {})</div>\n",
        r.maxBits == r.minBits ? fmt::format("{}", r.maxBits)
                               : fmt::format("{}–{}", r.minBits, r.maxBits),
        esc(r.bitsFormula), r.closedFormBits);
    h += fmt::format(
        "<div id=\"bound\"><div>lower bound</div><div class=\"big\">{}</div>{} [{}]<br>{}</div>\n",
        bitsText(r.bound.bits), esc(std::string(nameOf(r.bound.cls))), esc(r.bound.formula),
        esc(r.bound.source));
    h += "</div>\n<h2>Run</h2>\n<table class=\"facts\">\n";
    std::string params;
    for (const ParamValue& p : r.parameters)
        params += fmt::format("{}<code>{}={}</code>", params.empty() ? "" : " ", esc(p.name),
                              esc(p.value));
    h += row({"problem", esc(r.problem)});
    h += row({"parameters", params});
    h += row({"protocol", esc(r.protocolSummary)});
    if (!r.model.empty()) h += row({"model", esc(r.model)});
    if (!r.strategy.empty()) h += row({"strategy", esc(r.strategy)});
    h += row({"cost model", esc(r.costModel) + ": " + esc(r.costModelDescription)});
    h += row({"instances", fmt::format("{} ({})", r.instances, esc(r.mode))});
    h += row({"checked", fmt::format("{} correct, {} wrong", r.correct, r.incorrect)});
    h += row({"transcripts", fmt::format("{} distinct, effective bits {:.2f}",
                                         r.distinctTranscripts, r.effectiveBits)});
    h += row({"command", "<code>" + esc(r.provenance.command) + "</code>"});
    h += row({"version", esc(r.provenance.version + " " + r.provenance.revision)});
    h += "</table>\n<h2>Protocol</h2>\n" + sequenceChart(r);
    h += "<h2>Rounds</h2>\n<table id=\"rounds\">\n" +
         row({"round", "from", "to", "label", "bits", "width"}, true);
    for (const Report::Round& x : r.rounds)
        h += row({fmt::format("{}", x.round), esc(x.from), esc(x.to), esc(x.label),
                  fmt::format("{}", x.chargedBits), esc(x.widthFormula)});
    h += "</table>\n<h2>Parties</h2>\n<table id=\"parties\">\n" +
         row({"party", "sent", "received"}, true);
    for (const Report::Party& p : r.partyTotals)
        h += row({esc(p.name), fmt::format("{}", p.sentBits), fmt::format("{}", p.receivedBits)});
    h += "</table>\n<h2>Links</h2>\n<table id=\"links\">\n" + row({"from", "to", "bits"}, true);
    for (const Report::Link& l : r.links)
        h += row({esc(l.from), esc(l.to), fmt::format("{}", l.bits)});
    h += "</table>\n<h2>Bounds</h2>\n<table id=\"bounds\">\n" +
         row({"", "bits", "class", "formula", "source"}, true);
    if (r.hasBound())
        h += row({"held to", bitsText(r.bound.bits), esc(std::string(nameOf(r.bound.cls))),
                  esc(r.bound.formula), esc(r.bound.source)});
    if (r.exactBound)
        h += row({"exact (computed)", fmt::format("{}", r.exactBound->bits),
                  esc(std::string(nameOf(r.bound.cls))), "the optimum at this size",
                  esc(r.exactBound->method)});
    for (const LowerBound& b : r.otherBounds)
        h += row({"other", bitsText(b.bits), esc(std::string(nameOf(b.cls))), esc(b.formula),
                  esc(b.source)});
    for (const LowerBound& b : r.relatedBounds)
        h += row({"related: " + esc(b.problem), bitsText(b.bits), esc(std::string(nameOf(b.cls))),
                  esc(b.formula), esc(b.source)});
    h += "</table>\n<h2>Witness</h2>\n";
    if (r.witness.runs.empty()) {
        h += fmt::format("<p id=\"witness\">none ({} of {} inputs searched{})</p>\n",
                         r.witness.searched, r.witness.limit,
                         r.witness.complete ? ", complete" : "");
    } else {
        h += "<p>Two inputs with one transcript, and the instances that tell them apart: at "
             "least one is answered wrongly.</p>\n<table id=\"witness\">\n" +
             row({"role", "instance", "transcript", "answer", "truth"}, true);
        for (const Report::Run& run : r.witness.runs)
            h += fmt::format(
                "<tr{}><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td>"
                "<td>{}</td></tr>\n",
                run.wrong ? " class=\"wrong\"" : "", esc(run.role), esc(run.instance),
                esc(run.transcript), run.answer, run.truth);
        h += "</table>\n";
    }
    h += "</body>\n</html>\n";
    return h;
}

std::string writeHtml(const SweepReport& sweep, const std::string& figureSvg) {
    std::string h = pageHead("ccsim sweep " + sweep.reduction);
    h += "<table class=\"facts\">\n";
    h += row({"command", "<code>" + esc(sweep.command) + "</code>"});
    if (!sweep.growth.empty()) h += row({"the theory says", esc(sweep.growth)});
    const auto fit = [&](const std::optional<PowerFit>& f) {
        return f ? fmt::format("≈ {:.4g} · {}^{:.3f} (R² {:.3f}, {} points)", f->constant,
                               sweep.sizeAxis, f->slope, f->r2, f->points)
                 : std::string("none");
    };
    if (!sweep.sizeAxis.empty()) {
        h += row({"fit of the bits against " + esc(sweep.sizeAxis), esc(fit(sweep.bitsFit))});
        h += row({"fit of the bound", esc(fit(sweep.boundFit))});
        h += row({"fit of the construction", esc(fit(sweep.constructionFit))});
    }
    h += "</table>\n<h2>Figure</h2>\n";
    if (figureSvg.empty()) {
        h += "<p id=\"figure\">no figure: it needs a swept integer parameter with two or more "
             "values and a point with bits</p>\n";
    } else {
        // The SVG element itself, without the XML declaration and doctype before it.
        const std::size_t at = figureSvg.find("<svg");
        h += "<div id=\"figure\" class=\"figure\">\n" +
             (at == std::string::npos ? std::string() : figureSvg.substr(at)) + "</div>\n";
    }
    h += "<h2>Points</h2>\n<table id=\"points\">\n";
    // The CSV layout's columns and rows, one table row per grid point.
    // Without the command (shown above) and the point's key (its axis values are columns).
    std::istringstream lines(writeCsv(sweep));
    std::vector<bool> keep;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        const std::vector<std::string> fields = csvSplit(line);
        const bool header = keep.empty();
        if (header)
            for (const std::string& name : fields)
                keep.push_back(name != "sweep" && name != "point");
        std::string cells = "<tr>";
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (i >= keep.size() || keep[i])
                cells += (header ? "<th>" : "<td>") + esc(fields[i]) + (header ? "</th>" : "</td>");
        h += cells + "</tr>\n";
    }
    h += "</table>\n</body>\n</html>\n";
    return h;
}

}  // namespace ccsim
