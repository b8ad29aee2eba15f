// `ccsim cc`'s matrices and reports (cc/report.hpp).

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <ccsim/cc/report.hpp>
#include <ccsim/error.hpp>
#include <ccsim/io/csv.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/io/npy.hpp>
#include <ccsim/params.hpp>
#include <ccsim/problem/disj.hpp>
#include <ccsim/problem/eq.hpp>
#include <ccsim/problem/gt.hpp>
#include <ccsim/problem/index.hpp>
#include <ccsim/problem/ip.hpp>
#include <ccsim/problem/pc.hpp>
#include <ccsim/version.hpp>

namespace ccsim::cc {

namespace {

/// Cells ccsim builds a matrix of; the exact search refuses far smaller ones itself.
constexpr std::uint64_t kMaxCells = std::uint64_t{1} << 22;

/// A problem's matrix, if ccsim can build it.
std::optional<CommMatrix> tabulated(const Problem& problem) {
    const std::optional<ProductSpace> space = problem.productSpace();
    if (!space || space->sizes.size() != 2 || space->sizes[0] > kMaxCells / space->sizes[1])
        return std::nullopt;
    return matrixOf(problem, kMaxCells);
}

/// Whether the exact search takes the matrix (kMaxDistinct distinct rows and columns).
bool searchable(const std::optional<CommMatrix>& m) {
    return m && distinctLines(*m, false) <= kMaxDistinct && distinctLines(*m, true) <= kMaxDistinct;
}

}  // namespace

std::vector<std::string> functionNames() { return {"disj", "eq", "gt", "index", "ip", "pc"}; }

std::unique_ptr<Problem> namedProblem(const std::string& name, std::size_t n, std::size_t k) {
    if (name == "disj") return std::make_unique<Disj>(n);
    if (name == "eq") return std::make_unique<Eq>(n);
    if (name == "gt") return std::make_unique<Gt>(n);
    if (name == "index") return std::make_unique<Index>(n);
    if (name == "ip") return std::make_unique<Ip>(n);
    CCSIM_CHECK(name == "pc");
    return std::make_unique<Pc>(n, k);
}

CommMatrix parseMatrix(const std::string& text, const std::string& path) {
    CommMatrix m;
    std::size_t line = 0, begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        ++line;
        std::string row = text.substr(begin, end - begin);
        begin = end + 1;
        if (!row.empty() && row.back() == '\r') row.pop_back();
        std::vector<std::int64_t> values;
        std::size_t i = 0;
        const auto separator = [](char c) { return c == ',' || c == ' ' || c == '\t'; };
        while (i < row.size()) {
            while (i < row.size() && separator(row[i])) ++i;
            if (i == row.size()) break;
            std::size_t j = i;
            while (j < row.size() && !separator(row[j])) ++j;
            std::int64_t v = 0;
            const auto [ptr, ec] = std::from_chars(row.data() + i, row.data() + j, v);
            if (ec != std::errc() || ptr != row.data() + j || v < -(1 << 30) || v > (1 << 30))
                throw UsageError(
                    fmt::format("matrix file {} line {}: '{}' is not an integer in [-2^30, 2^30]",
                                path, line, row.substr(i, j - i)));
            values.push_back(v);
            i = j;
        }
        if (values.empty()) continue;
        if (m.cols == 0) m.cols = values.size();
        if (values.size() != m.cols)
            throw UsageError(
                fmt::format("matrix file {} line {}: {} values, but the first row has {}", path,
                            line, values.size(), m.cols));
        if ((m.rows + 1) * m.cols > kMaxCells)
            throw UsageError(fmt::format("matrix file {} has more than {} cells", path, kMaxCells));
        m.values.insert(m.values.end(), values.begin(), values.end());
        ++m.rows;
    }
    if (m.rows == 0) throw UsageError(fmt::format("matrix file {} holds no rows", path));
    return m;
}

CommMatrix parseNpyMatrix(const std::string& bytes, const std::string& path) {
    const auto bad = [&path](const std::string& why) {
        return UsageError(fmt::format("matrix file {} is not a usable .npy matrix: {}", path, why));
    };
    const NpyLayout h = parseNpyLayout(bytes, bad);
    if (h.shape.size() != 2)
        throw bad(fmt::format("{} dimensions, expected 2 (rows × columns)", h.shape.size()));
    if (h.shape[0] == 0 || h.shape[1] == 0) throw bad("no cells");
    if (h.shape[0] > kMaxCells / h.shape[1])
        throw bad(fmt::format("{}×{} cells, more than the {} ccsim builds", h.shape[0], h.shape[1],
                              kMaxCells));
    // Little-endian (or one-byte) booleans, integers and floats with integral values.
    const std::string type =
        h.descr.size() >= 2 && (h.descr[0] == '<' || h.descr[0] == '|' || h.descr[0] == '=')
            ? h.descr.substr(1)
            : std::string();
    static const std::vector<std::string> known = {"b1", "i1", "u1", "i2", "u2", "i4",
                                                   "u4", "i8", "u8", "f4", "f8"};
    if (std::find(known.begin(), known.end(), type) == known.end())
        throw bad(fmt::format("dtype {} (bool, integers or float32/float64, little-endian, needed)",
                              h.descr));
    const std::size_t width = static_cast<std::size_t>(type[1] - '0');
    const std::size_t count = h.shape[0] * h.shape[1];
    if (bytes.size() - h.dataAt != count * width)
        throw bad(fmt::format("{} data bytes, shape ({}, {}) needs {}", bytes.size() - h.dataAt,
                              h.shape[0], h.shape[1], count * width));
    CommMatrix m;
    m.rows = h.shape[0];
    m.cols = h.shape[1];
    m.values.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const char* at = bytes.data() + h.dataAt + i * width;
        double v = 0;
        const auto load = [at]<class T>(T) {
            T x{};
            std::memcpy(&x, at, sizeof(T));
            return static_cast<double>(x);
        };
        if (type == "b1" || type == "u1") v = load(std::uint8_t{});
        if (type == "i1") v = load(std::int8_t{});
        if (type == "i2") v = load(std::int16_t{});
        if (type == "u2") v = load(std::uint16_t{});
        if (type == "i4") v = load(std::int32_t{});
        if (type == "u4") v = load(std::uint32_t{});
        if (type == "i8") v = load(std::int64_t{});
        if (type == "u8") v = load(std::uint64_t{});
        if (type == "f4") v = load(float{});
        if (type == "f8") v = load(double{});
        const std::size_t r = h.fortran ? i % m.rows : i / m.cols;
        const std::size_t c = h.fortran ? i / m.rows : i % m.cols;
        if (!(v >= -(1 << 30) && v <= (1 << 30)) || v != std::floor(v))
            throw UsageError(fmt::format(
                "matrix file {}: the entry at row {} column {} is {}, not an integer in "
                "[-2^30, 2^30]",
                path, r, c, v));
        m.values[r * m.cols + c] = static_cast<std::int64_t>(v);
    }
    return m;
}

Source sourceOf(const std::string& name, const std::vector<std::string>& words) {
    Source s;
    s.name = name;
    if (name == "matrix") {
        Params p({{"file",
                   ParamType::String,
                   "",
                   "CSV of integer rows, one per Alice input, or a 2-D .npy array",
                   {},
                   {}}},
                 words, "cc matrix");
        const std::string path = p.getString("file");
        if (path.empty()) throw UsageError("cc matrix needs file=FILE (or: ccsim cc matrix=FILE)");
        p.checkAllUsed();
        const std::string bytes = files::readInput(path, "matrix file");
        s.matrix =
            bytes.starts_with("\x93NUMPY") ? parseNpyMatrix(bytes, path) : parseMatrix(bytes, path);
        s.description = fmt::format("the matrix in {}", path);
        s.params = p.resolved();
        return s;
    }
    const std::vector<std::string> known = functionNames();
    if (std::find(known.begin(), known.end(), name) == known.end())
        throw UsageError(fmt::format("cc knows the functions {} and matrix=FILE; not '{}'",
                                     fmt::join(known, ", "), name));
    std::vector<ParamSpec> specs = {{"n", ParamType::Int, name == "pc" ? "2" : "3",
                                     name == "pc" ? "the size of the domain [n]" : "input bits",
                                     name == "index" ? 2 : 1, 16}};
    if (name == "pc") specs.push_back({"k", ParamType::Int, "2", "pointer hops", 2, 16});
    Params p(specs, words, "cc " + name);
    const auto n = static_cast<std::size_t>(p.getInt("n"));
    const auto k = name == "pc" ? static_cast<std::size_t>(p.getInt("k")) : std::size_t{0};
    p.checkAllUsed();
    s.params = p.resolved();
    const std::unique_ptr<Problem> problem = namedProblem(name, n, k);
    std::optional<CommMatrix> matrix = tabulated(*problem);
    if (!searchable(matrix)) {
        // Name the largest size that fits: sizes from the smallest up, until one does not
        // (each is tabulated, so never the large ones).
        std::size_t largest = name == "index" ? 2 : 1;
        while (largest + 1 < n && searchable(tabulated(*namedProblem(name, largest + 1, k))))
            ++largest;
        const std::string shape =
            matrix ? fmt::format("{} distinct rows and {} distinct columns",
                                 distinctLines(*matrix, false), distinctLines(*matrix, true))
                   : fmt::format("more than {} cells", kMaxCells);
        const std::string params =
            name == "pc" ? fmt::format("n={} k={}", n, k) : fmt::format("n={}", n);
        throw UsageError(fmt::format(
            "cc {} {}: {}, more than the {} of each the exact search takes; the largest is n={}",
            name, params, shape, kMaxDistinct, largest));
    }
    s.matrix = std::move(*matrix);
    s.description = problem->describe();
    s.textbook = problem->lowerBounds();
    return s;
}

Report analyse(Source source, std::uint64_t prime, SatWhen sat) {
    Report r;
    r.source = std::move(source);
    const CommMatrix& m = r.source.matrix;
    r.values = m.distinctValues();
    r.rankRational = rankRational(m);
    r.prime = prime;
    r.rankModPrime = rankModPrime(m, prime);
    r.oneWayAliceToBob = oneWayBits(m, true);
    r.oneWayBobToAlice = oneWayBits(m, false);
    r.distinctRows = distinctLines(m, false);
    r.distinctCols = distinctLines(m, true);
    if (r.values.size() == 2 && std::min(m.rows, m.cols) <= kMaxDiscrepancySide)
        r.discrepancy = uniformDiscrepancy(m);
    r.fooling = largestFoolingSet(m);
    const std::size_t size = r.fooling.cells.size();
    r.foolingBits = ceilLog2(r.values.size() > 1 ? size + 1 : size);
    r.exact = exactTwoWay(m);
    if (roundSearchFits(r.distinctRows, r.distinctCols)) {
        r.answerNotCharged = answerNotChargedBits(m);
        for (int k = 1; k <= kReportedRounds; ++k)
            r.rounds.emplace_back(roundLimitedBits(m, k, true), roundLimitedBits(m, k, false));
    }
    r.replayed = replaysCorrectly(*r.exact.tree, m);
    if (sat != SatWhen::Off && r.distinctRows * r.distinctCols <= kMaxRectangleCells) {
        r.partition = partitionNumber(m, *r.exact.tree);
        for (const std::int64_t v : r.values) r.covers.emplace_back(v, coverNumber(m, v));
    }
    if (sat == SatWhen::On ||
        (sat == SatWhen::Auto && r.distinctRows * r.distinctCols <= kAutoSatCells)) {
        r.sat = satTwoWay(m);
        if (r.sat->bits != r.exact.bits)
            throw InternalError(
                fmt::format("the search found D = {}, SAT D = {}", r.exact.bits, r.sat->bits));
    }
    return r;
}

namespace {

/// log2(1 / (3 disc)), at least 0: the public-coin bound at error 1/3.
double randomizedBits(const Discrepancy& d) { return std::max(0.0, -std::log2(3 * d.value())); }

std::string list(const std::vector<std::size_t>& v) { return fmt::format("{}", fmt::join(v, ",")); }

void textTree(const ProtocolNode& node, const std::string& indent, std::string& out) {
    if (node.kind == ProtocolNode::Kind::Leaf) {
        out += fmt::format("{}output {}\n", indent, node.value);
        return;
    }
    const bool alice = node.kind == ProtocolNode::Kind::Alice;
    out += fmt::format("{}{} sends 0 iff {} in {{{}}}\n", indent, alice ? "Alice" : "Bob",
                       alice ? "row" : "column", list(node.zero));
    for (const int side : {0, 1}) {
        out += fmt::format("{}  {}:\n", indent, side);
        textTree(*node.child[side], indent + "    ", out);
    }
}

nlohmann::ordered_json jsonTree(const ProtocolNode& node) {
    nlohmann::ordered_json j;
    if (node.kind == ProtocolNode::Kind::Leaf) {
        j["leaf"] = node.value;
        return j;
    }
    j["speaker"] = node.kind == ProtocolNode::Kind::Alice ? "alice" : "bob";
    j["zero"] = node.zero;
    j["children"] = {jsonTree(*node.child[0]), jsonTree(*node.child[1])};
    return j;
}

void dotNodes(const ProtocolNode& node, std::size_t& next, std::string& out) {
    const std::size_t id = next++;
    if (node.kind == ProtocolNode::Kind::Leaf) {
        out += fmt::format("  n{} [shape=box, label=\"{}\"];\n", id, node.value);
        return;
    }
    const bool alice = node.kind == ProtocolNode::Kind::Alice;
    out += fmt::format("  n{} [label=\"{}: 0 iff {} in {{{}}}\"];\n", id, alice ? "Alice" : "Bob",
                       alice ? "row" : "col", list(node.zero));
    for (const int side : {0, 1}) {
        const std::size_t child = next;
        dotNodes(*node.child[side], next, out);
        out += fmt::format("  n{} -> n{} [label=\"{}\"];\n", id, child, side);
    }
}

}  // namespace

std::string versusTextbook(int exact, double bound, std::string_view it) {
    const double gap = static_cast<double>(exact) - bound;
    if (std::abs(gap) < 1e-9) return fmt::format("meets {}", it);
    if (gap > 0) return fmt::format("{:g} above {}", gap, it);
    return fmt::format("BELOW {} (the bound or ccsim is wrong)", it);
}

namespace {

/// "SAT: 5 UNSAT, 6 SAT" or, when the tree's leaves were not beaten, "SAT: 5, 6 UNSAT; the
/// optimal tree's leaves".
std::string askedText(const RectangleNumber& n) {
    std::vector<std::string> parts;
    for (const SatCount& a : n.asked)
        parts.push_back(fmt::format("{} {}", a.count, a.satisfiable ? "SAT" : "UNSAT"));
    const bool fromTree = n.asked.empty() || !n.asked.back().satisfiable;
    if (parts.empty()) return "the rank bound meets the optimal tree's leaves, no SAT call";
    return fmt::format("SAT (CaDiCaL): {}{}", fmt::join(parts, ", "),
                       fromTree ? "; the optimal tree's leaves are a partition" : "");
}

nlohmann::ordered_json rectangleJson(const RectangleNumber& n) {
    nlohmann::ordered_json asked = nlohmann::ordered_json::array(),
                           rects = nlohmann::ordered_json::array();
    for (const SatCount& a : n.asked)
        asked.push_back({{"count", a.count},
                         {"verdict", a.satisfiable ? "sat" : "unsat"},
                         {"variables", a.variables},
                         {"clauses", a.clauses}});
    for (const Rectangle& rect : n.rectangles)
        rects.push_back({{"rows", rect.rows}, {"cols", rect.cols}, {"value", rect.value}});
    return {{"count", n.count},
            {"bound_bits", ceilLog2(std::max<std::size_t>(n.count, 1))},
            {"asked", asked},
            {"rectangles", rects}};
}

}  // namespace

std::vector<TextbookCheck> textbookChecks(const Report& r) {
    std::vector<TextbookCheck> out;
    for (const LowerBound& b : r.source.textbook) {
        if (b.cls == BoundClass::OneWayAliceToBob)
            out.push_back({&b, r.oneWayAliceToBob});
        else if (b.cls == BoundClass::OneWayBobToAlice)
            out.push_back({&b, r.oneWayBobToAlice});
        else if (b.cls == BoundClass::TwoWay)
            out.push_back({&b, r.answerNotCharged});
    }
    return out;
}

bool runConsistent(const Report& r) {
    CCSIM_CHECK(r.source.run.has_value());
    const int bits = static_cast<int>(r.source.run->bits);
    const int slack = ceilLog2(std::max<std::size_t>(r.values.size(), 1));
    return r.exact.bits <= bits + slack && (!r.answerNotCharged || *r.answerNotCharged <= bits);
}

std::string textReport(const Report& r) {
    const CommMatrix& m = r.source.matrix;
    std::string out = fmt::format("cc {}: {}\n", r.source.name, r.source.description);
    out += fmt::format("matrix: {}×{} ({} distinct rows, {} distinct columns), values {}\n", m.rows,
                       m.cols, r.distinctRows, r.distinctCols, fmt::join(r.values, ","));
    out += fmt::format(
        "exact D (standard convention, every leaf a monochromatic rectangle): {} bits\n",
        r.exact.bits);
    out += fmt::format("  bounds at the root: rank bound {} <= D <= {} (trivial protocol)\n",
                       r.exact.lowerBound, r.exact.upperBound);
    out += fmt::format("  search: {} subproblems, {} splits tried\n", r.exact.stats.states,
                       r.exact.stats.splits);
    if (r.sat) {
        std::string verdicts;
        for (const SatDepth& d : r.sat->depths)
            verdicts += fmt::format("{}depth {} {}", verdicts.empty() ? "" : ", ", d.depth,
                                    d.satisfiable ? "SAT" : "UNSAT");
        out += fmt::format("  SAT (CaDiCaL) agrees: {}; no tree shallower than {} exists\n",
                           verdicts, r.sat->bits);
    }
    out += fmt::format("one-way exact: Alice -> Bob {} bits, Bob -> Alice {} bits\n",
                       r.oneWayAliceToBob, r.oneWayBobToAlice);
    if (r.answerNotCharged) {
        out += fmt::format(
            "answer not charged (ccsim's runs): two-way {} bits; k rounds (Alice first/Bob first)",
            *r.answerNotCharged);
        for (std::size_t k = 0; k < r.rounds.size(); ++k)
            out += fmt::format("{} k={}: {}/{}", k == 0 ? "" : ",", k + 1, r.rounds[k].first,
                               r.rounds[k].second);
        out += "\n";
    }
    for (const TextbookCheck& c : textbookChecks(r)) {
        out += fmt::format("textbook {}: {} = {:g} (answer not charged); exact ",
                           nameOf(c.bound->cls), c.bound->formula, c.bound->bits);
        if (!c.exact)
            out +=
                fmt::format("D_nc in [{}, {}] (not searched beyond {} distinct rows and columns)\n",
                            std::max(0, r.exact.bits - ceilLog2(r.values.size())), r.exact.bits,
                            kMaxRoundSearchSide);
        else
            out += fmt::format("{}: {}\n", *c.exact, versusTextbook(*c.exact, c.bound->bits, "it"));
    }
    out +=
        fmt::format("rank over Q: {}; rank mod {}: {}\n", r.rankRational, r.prime, r.rankModPrime);
    if (r.source.run) {
        const int slack = ceilLog2(std::max<std::size_t>(r.values.size(), 1));
        out += fmt::format(
            "the protocol: {} bits per instance (answer not sent), wrong on {} of {} cells; its "
            "answers need D = {} <= {} + {} (the answer, sent) bits",
            r.source.run->bits, r.source.run->wrongCells, m.rows * m.cols, r.exact.bits,
            r.source.run->bits, slack);
        if (r.answerNotCharged)
            out += fmt::format(" and D_nc = {} <= {}", *r.answerNotCharged, r.source.run->bits);
        out += fmt::format(": {}\n", runConsistent(r) ? "consistent" : "INCONSISTENT");
    }
    if (r.discrepancy)
        out += fmt::format(
            "discrepancy (uniform): {}/{} = {:.6g}; public-coin error 1/3 needs >= {:.3f} bits\n",
            r.discrepancy->numerator, r.discrepancy->denominator, r.discrepancy->value(),
            randomizedBits(*r.discrepancy));
    out += fmt::format("largest fooling set: {} cells of value {} (D >= {})\n",
                       r.fooling.cells.size(), r.fooling.value, r.foolingBits);
    if (r.partition) {
        out +=
            fmt::format("partition number: {} monochromatic rectangles (D >= {}); {}\n",
                        r.partition->count, ceilLog2(r.partition->count), askedText(*r.partition));
        for (const auto& [v, cover] : r.covers)
            out += fmt::format(
                "cover number of value {}: {} rectangles (nondeterministic N^{} = "
                "{}); {}\n",
                v, cover.count, v, ceilLog2(cover.count), askedText(cover));
    }
    out += fmt::format("protocol tree (depth {}, {} leaves, replayed on all {} cells: {}):\n",
                       r.exact.tree->depth(), r.exact.tree->leaves(), m.rows * m.cols,
                       r.replayed ? "correct" : "WRONG");
    textTree(*r.exact.tree, "  ", out);
    return out;
}

std::string jsonReport(const Report& r) {
    const CommMatrix& m = r.source.matrix;
    nlohmann::ordered_json j;
    j["schema"] = "ccsim.cc/1";
    j["source"] = {{"name", r.source.name}, {"description", r.source.description}};
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [k, v] : r.source.params) params[k] = v;
    j["source"]["params"] = params;
    j["matrix"] = {{"rows", m.rows},
                   {"cols", m.cols},
                   {"distinct_rows", r.distinctRows},
                   {"distinct_cols", r.distinctCols},
                   {"values", r.values}};
    nlohmann::ordered_json rounds = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < r.rounds.size(); ++k)
        rounds.push_back({{"rounds", k + 1},
                          {"alice_first_bits", r.rounds[k].first},
                          {"bob_first_bits", r.rounds[k].second}});
    j["exact"] = {
        {"two_way_bits", r.exact.bits},
        {"one_way_bits",
         {{"alice_to_bob", r.oneWayAliceToBob}, {"bob_to_alice", r.oneWayBobToAlice}}},
        {"answer_not_charged_bits",
         r.answerNotCharged ? nlohmann::ordered_json(*r.answerNotCharged) : nullptr},
        {"round_limited", rounds},
        {"convention", "standard: every leaf is a monochromatic rectangle"},
        {"method", "memoised search"},
        {"search", {{"subproblems", r.exact.stats.states}, {"splits", r.exact.stats.splits}}}};
    nlohmann::ordered_json cells = nlohmann::ordered_json::array();
    for (const auto& [x, y] : r.fooling.cells) cells.push_back({x, y});
    nlohmann::ordered_json discrepancy = nullptr;
    if (r.discrepancy)
        discrepancy = {{"numerator", r.discrepancy->numerator},
                       {"denominator", r.discrepancy->denominator},
                       {"value", r.discrepancy->value()},
                       {"randomized_bound_bits", randomizedBits(*r.discrepancy)}};
    nlohmann::ordered_json covers = nlohmann::ordered_json::array();
    for (const auto& [v, cover] : r.covers) {
        nlohmann::ordered_json c = {{"value", v}};
        c.update(rectangleJson(cover));
        covers.push_back(c);
    }
    j["bounds"] = {
        {"rank_rational", r.rankRational},
        {"rank_mod_prime", {{"prime", r.prime}, {"rank", r.rankModPrime}}},
        {"fooling_set_size", r.fooling.cells.size()},
        {"fooling_set", {{"value", r.fooling.value}, {"cells", cells}}},
        {"fooling_bound_bits", r.foolingBits},
        {"discrepancy_uniform", discrepancy},
        {"partition_number", r.partition ? rectangleJson(*r.partition) : nlohmann::ordered_json()},
        {"cover_numbers", covers},
        {"rank_bound_bits", r.exact.lowerBound},
        {"trivial_upper_bits", r.exact.upperBound}};
    if (r.sat) {
        nlohmann::ordered_json depths = nlohmann::ordered_json::array();
        for (const SatDepth& d : r.sat->depths)
            depths.push_back({{"depth", d.depth},
                              {"verdict", d.satisfiable ? "sat" : "unsat"},
                              {"variables", d.variables},
                              {"clauses", d.clauses}});
        j["sat"] = {{"solver", "CaDiCaL"}, {"two_way_bits", r.sat->bits}, {"depths", depths}};
    }
    if (r.source.run)
        j["run"] = {{"bits", r.source.run->bits},
                    {"wrong_cells", r.source.run->wrongCells},
                    {"consistent", runConsistent(r)}};
    nlohmann::ordered_json textbook = nlohmann::ordered_json::array();
    for (const TextbookCheck& c : textbookChecks(r))
        textbook.push_back(
            {{"class", nameOf(c.bound->cls)},
             {"formula", c.bound->formula},
             {"bits", c.bound->bits},
             {"source", c.bound->source},
             {"exact_bits", c.exact ? nlohmann::ordered_json(*c.exact) : nullptr},
             {"holds",
              c.exact ? nlohmann::ordered_json(*c.exact + 1e-9 >= c.bound->bits) : nullptr}});
    j["textbook"] = textbook;
    j["protocol_tree"] = jsonTree(*r.exact.tree);
    j["replay"] = {{"cells", m.rows * m.cols}, {"correct", r.replayed}};
    j["version"] = std::string(version());
    return j.dump(2) + "\n";
}

std::string csvReport(const Report& r) {
    const CommMatrix& m = r.source.matrix;
    const auto optional = [](const std::optional<int>& v) {
        return v ? std::to_string(*v) : std::string();
    };
    std::string params;
    for (const auto& [k, v] : r.source.params) params += (params.empty() ? "" : ";") + k + "=" + v;
    std::vector<std::pair<std::string, std::string>> cols = {
        {"schema", "ccsim.cc/1"},
        {"source", r.source.name},
        {"parameters", params},
        {"rows", std::to_string(m.rows)},
        {"cols", std::to_string(m.cols)},
        {"distinct_rows", std::to_string(r.distinctRows)},
        {"distinct_cols", std::to_string(r.distinctCols)},
        {"values", fmt::format("{}", fmt::join(r.values, ";"))},
        {"two_way_bits", std::to_string(r.exact.bits)},
        {"one_way_alice_to_bob", std::to_string(r.oneWayAliceToBob)},
        {"one_way_bob_to_alice", std::to_string(r.oneWayBobToAlice)},
        {"answer_not_charged_bits", optional(r.answerNotCharged)}};
    for (int k = 1; k <= kReportedRounds; ++k) {
        const bool known = static_cast<std::size_t>(k) <= r.rounds.size();
        const auto& bits = known ? r.rounds[static_cast<std::size_t>(k - 1)] : std::pair{0, 0};
        cols.emplace_back(fmt::format("rounds_{}_alice_first", k),
                          known ? std::to_string(bits.first) : "");
        cols.emplace_back(fmt::format("rounds_{}_bob_first", k),
                          known ? std::to_string(bits.second) : "");
    }
    std::string coverList;
    for (const auto& [v, cover] : r.covers)
        coverList += fmt::format("{}{}:{}", coverList.empty() ? "" : ";", v, cover.count);
    const std::vector<TextbookCheck> checks = textbookChecks(r);
    for (const std::pair<BoundClass, const char*>& column :
         {std::pair{BoundClass::TwoWay, "textbook_two_way_bits"},
          std::pair{BoundClass::OneWayAliceToBob, "textbook_one_way_alice_to_bob_bits"},
          std::pair{BoundClass::OneWayBobToAlice, "textbook_one_way_bob_to_alice_bits"}}) {
        const BoundClass cls = column.first;
        const auto it = std::find_if(checks.begin(), checks.end(),
                                     [cls](const TextbookCheck& c) { return c.bound->cls == cls; });
        cols.emplace_back(column.second,
                          it == checks.end() ? "" : fmt::format("{:g}", it->bound->bits));
    }
    cols.insert(
        cols.end(),
        {{"rank_rational", std::to_string(r.rankRational)},
         {"prime", std::to_string(r.prime)},
         {"rank_mod_prime", std::to_string(r.rankModPrime)},
         {"fooling_set_size", std::to_string(r.fooling.cells.size())},
         {"fooling_bound_bits", std::to_string(r.foolingBits)},
         {"discrepancy_uniform",
          r.discrepancy ? fmt::format("{}/{}", r.discrepancy->numerator, r.discrepancy->denominator)
                        : ""},
         {"partition_number", r.partition ? std::to_string(r.partition->count) : ""},
         {"cover_numbers", coverList},
         {"rank_bound_bits", std::to_string(r.exact.lowerBound)},
         {"trivial_upper_bits", std::to_string(r.exact.upperBound)},
         {"sat_two_way_bits", r.sat ? std::to_string(r.sat->bits) : ""},
         {"run_bits", r.source.run ? std::to_string(r.source.run->bits) : ""},
         {"run_wrong_cells", r.source.run ? std::to_string(r.source.run->wrongCells) : ""},
         {"run_consistent", r.source.run ? (runConsistent(r) ? "true" : "false") : ""},
         {"tree_depth", std::to_string(r.exact.tree->depth())},
         {"tree_leaves", std::to_string(r.exact.tree->leaves())},
         {"replay_correct", r.replayed ? "true" : "false"},
         {"version", std::string(version())}});
    return csvRow(cols);
}

std::string dotTree(const Report& r) {
    std::string out = "digraph protocol {\n";
    std::size_t next = 0;
    dotNodes(*r.exact.tree, next, out);
    return out + "}\n";
}

}  // namespace ccsim::cc
