// `ccsim sweep cc` (sweep/cc_sweep.hpp).

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ccsim/error.hpp>
#include <ccsim/sweep/cc_sweep.hpp>
#include <ccsim/sweep/sweep.hpp>

namespace ccsim {

namespace {

/// The textbook bound of a class and the exact value beside it, as table cells.
struct Pair {
    std::string bound = "-", exact = "-";
};

Pair pairOf(const cc::Report& r, BoundClass cls) {
    Pair p;
    for (const cc::TextbookCheck& c : cc::textbookChecks(r))
        if (c.bound->cls == cls) {
            p.bound = fmt::format("{:g}", c.bound->bits);
            if (c.exact) p.exact = std::to_string(*c.exact);
        }
    return p;
}

std::string paramsOf(const std::vector<std::string>& point) {
    return fmt::format("{}", fmt::join(point, " "));
}

}  // namespace

CcSweep runCcSweep(const std::string& function, const std::vector<std::string>& words,
                   cc::SatWhen sat) {
    const std::vector<std::string> names = cc::functionNames();
    if (std::find(names.begin(), names.end(), function) == names.end())
        throw UsageError(fmt::format("sweep cc sweeps the functions {}; not '{}'",
                                     fmt::join(names, ", "), function));
    const std::vector<SweepAxis> axes = parseAxes(words);
    CcSweep s;
    s.function = function;
    s.command = "ccsim sweep cc " + function;
    for (const std::string& w : words) s.command += " " + w;
    for (const SweepAxis& a : axes) {
        if (a.automatic)
            throw UsageError(fmt::format(
                "sweep cc: {}=auto has nothing to minimise (the exact values are computed)",
                a.name));
        if (a.values.size() > 1) s.swept.push_back(a.name);
    }
    s.points = expandGrid(axes);
    if (s.points.size() > kMaxCcSweepPoints)
        throw UsageError(fmt::format("sweep cc: {} grid points, more than the {} it analyses",
                                     s.points.size(), kMaxCcSweepPoints));
    // Sizes first: a point beyond the search stops the sweep before any work.
    std::vector<cc::Source> sources;
    for (const std::vector<std::string>& point : s.points)
        sources.push_back(cc::sourceOf(function, point));
    for (cc::Source& source : sources) s.reports.push_back(cc::analyse(std::move(source), 2, sat));
    return s;
}

std::string ccSweepText(const CcSweep& s) {
    std::string out = fmt::format(
        "sweep cc {}: textbook bounds (answer not charged) beside the exact values; D is the "
        "standard convention\n",
        s.function);
    std::size_t width = 10;
    for (const std::vector<std::string>& p : s.points)
        width = std::max(width, paramsOf(p).size() + 2);
    out += fmt::format("  {:<{}}{:>10}{:>6}{:>4}{:>13}{:>7}{:>7}{:>8}{:>9}\n", "parameters", width,
                       "two-way", "D_nc", "D", "one-way A>B", "D->", "D<-", "rank_Q", "fooling");
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        const cc::Report& r = s.reports[i];
        const Pair two = pairOf(r, BoundClass::TwoWay),
                   one = pairOf(r, BoundClass::OneWayAliceToBob);
        out += fmt::format("  {:<{}}{:>10}{:>6}{:>4}{:>13}{:>7}{:>7}{:>8}{:>9}\n",
                           paramsOf(s.points[i]), width, two.bound,
                           r.answerNotCharged ? std::to_string(*r.answerNotCharged) : "-",
                           r.exact.bits, one.bound, r.oneWayAliceToBob, r.oneWayBobToAlice,
                           r.rankRational, r.fooling.cells.size());
    }
    out +=
        "two-way and one-way A>B: the textbook bounds; D_nc: exact two-way, answer not charged "
        "(up to 8x8 distinct); D->, D<-: exact one-way; fooling: the largest fooling set\n";
    return out;
}

std::string ccSweepCsv(const CcSweep& s) {
    std::string out;
    for (std::size_t i = 0; i < s.reports.size(); ++i) {
        const std::string one = cc::csvReport(s.reports[i]);
        out += i == 0 ? one : one.substr(one.find('\n') + 1);
    }
    return out;
}

void checkCcPlot(const CcSweep& s) {
    if (s.swept.size() != 1)
        throw UsageError(fmt::format(
            "--plot with sweep cc needs exactly one swept parameter for the x axis; {} are swept",
            s.swept.size()));
}

void writeCcPlot(const CcSweep& s, PlotFiles& files) {
    checkCcPlot(s);
    const std::string& x = s.swept.front();
    std::string data = fmt::format(
        "# {}\n# columns: {} textbook_two_way D_nc D textbook_one_way_alice_to_bob "
        "one_way_alice_to_bob (NaN: not computed)\n",
        s.command, x);
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        const cc::Report& r = s.reports[i];
        std::string value;
        for (const std::string& w : s.points[i])
            if (w.starts_with(x + "=")) value = w.substr(x.size() + 1);
        const auto orNaN = [](const std::string& v) { return v == "-" ? std::string("NaN") : v; };
        data += fmt::format(
            "{} {} {} {} {} {}\n", value, orNaN(pairOf(r, BoundClass::TwoWay).bound),
            r.answerNotCharged ? std::to_string(*r.answerNotCharged) : "NaN", r.exact.bits,
            orNaN(pairOf(r, BoundClass::OneWayAliceToBob).bound), r.oneWayAliceToBob);
    }
    const std::string dat = gnuplotString(files.base + ".dat");
    const std::string script = fmt::format(
        "# Written by ccsim sweep cc; edit and rerun with: gnuplot {0}.gp\n"
        "if (!exists('ccsim_output')) ccsim_output = {1}\n"
        "set terminal {2}\nset termoption noenhanced\nset output ccsim_output\n"
        "set title {3} font ',10'\nset xlabel {4}\nset ylabel 'bits'\n"
        "set offsets graph 0.05, graph 0.05, 1, 0.5\nset xtics 1\nset ytics 1\n"
        "set key below font ',9'\nset grid\n"
        "plot {5} using 1:2 with linespoints pt 5 lc rgb 'black' title 'textbook two-way', \\\n"
        "     {5} using 1:3 with linespoints pt 7 lc 1 title 'exact D_nc (answer not charged)', "
        "\\\n"
        "     {5} using 1:4 with linespoints pt 9 lc 2 title 'exact D (standard)', \\\n"
        "     {5} using 1:5 with lines dt 2 lc rgb 'gray40' title 'textbook one-way A->B', \\\n"
        "     {5} using 1:6 with points pt 6 ps 1.6 lc 3 title 'exact one-way A->B'\n",
        files.base, gnuplotString(files.image), gnuplotTerminal(files.image),
        gnuplotString(
            fmt::format("exact communication complexity of {} against {}", s.function, x)),
        gnuplotString(x), dat);
    runGnuplot(files, data, script);
}

}  // namespace ccsim
