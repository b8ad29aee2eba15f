#pragma once

/// `ccsim cc`: a communication matrix from a named function or a CSV file, and the report of
/// what cc/exact.hpp computes on it, as text or JSON (schema ccsim.cc/1, docs/report-format.md).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ccsim/cc/exact.hpp>
#include <ccsim/problem/problem.hpp>

namespace ccsim::cc {

/// What `ccsim cc` was asked about: the matrix and one line naming it.
struct Source {
    std::string name;         ///< "disj", "matrix"
    std::string description;  ///< "DISJ_3: ..." or the file name
    std::vector<std::pair<std::string, std::string>> params;
    CommMatrix matrix;
    /// --from-run: the protocol's bits per instance (charged, answer not sent) and the
    /// cells it answers wrongly (where its answer differs from the problem's truth).
    struct Run {
        std::size_t bits = 0;
        std::uint64_t wrongCells = 0;
    };
    std::optional<Run> run;
    /// A registered problem's own lower bounds at this size (empty for matrix files and
    /// --from-run, whose matrix is not the problem's), held against the exact values.
    std::vector<LowerBound> textbook;
};

/// The functions `ccsim cc NAME n=K` knows, all registered problems: disj, eq, gt, index and
/// ip on n-bit inputs, and pc (pointer chasing, n=N k=K).
std::vector<std::string> functionNames();
/// The problem of a function name (one of functionNames()): n input bits (pc: the domain
/// [n]), k pointer hops (pc only).
std::unique_ptr<Problem> namedProblem(const std::string& name, std::size_t n, std::size_t k = 2);
/// The matrix of a named function, or of `matrix=FILE` (CSV of integer rows); `words` are the
/// name=value parameters. UsageError for unknown names, bad files and sizes too large.
Source sourceOf(const std::string& name, const std::vector<std::string>& words);
/// A CSV (or whitespace-separated) matrix of integers, one row per Alice input.
CommMatrix parseMatrix(const std::string& text, const std::string& path);
/// A 2-D NumPy array of booleans, integers or integral floats (numpy.save), rows = Alice's
/// inputs; any order; entries in [-2^30, 2^30].
CommMatrix parseNpyMatrix(const std::string& bytes, const std::string& path);

struct Report {
    Source source;
    std::size_t distinctRows = 0, distinctCols = 0;
    std::vector<std::int64_t> values;
    ExactResult exact;
    int oneWayAliceToBob = 0, oneWayBobToAlice = 0;
    /// ccsim's convention (answer not charged): unlimited rounds, and k = 1..kReportedRounds
    /// rounds with Alice first and with Bob first.
    /// Computed when roundSearchFits (the round search has no pruning).
    std::optional<int> answerNotCharged;
    std::vector<std::pair<int, int>> rounds;
    std::int64_t rankRational = 0;
    std::uint64_t prime = 2;
    std::int64_t rankModPrime = 0;
    /// Uniform discrepancy, for two-valued matrices whose smaller side has at most
    /// kMaxDiscrepancySide lines.
    std::optional<Discrepancy> discrepancy;
    /// Partition number and cover numbers per value, by SAT, up to kMaxRectangleCells
    /// distinct cells (with SAT on or auto).
    std::optional<RectangleNumber> partition;
    std::vector<std::pair<std::int64_t, RectangleNumber>> covers;
    FoolingSet fooling;     ///< a largest fooling set
    int foolingBits = 0;    ///< the lower bound it gives on D
    bool replayed = false;  ///< the tree replayed on every cell
    /// D by SAT, independently of the search (when asked for and within its limits).
    std::optional<SatResult> sat;
};

/// When to also compute D by SAT (satTwoWay) and check it against the search: Auto up to
/// kAutoSatCells distinct cells (16 × 16 takes 6 to 27 s, see docs/theory/exact-cc.md).
enum class SatWhen { Auto, On, Off };
inline constexpr int kReportedRounds = 3;
inline constexpr std::size_t kAutoSatCells = 64;
Report analyse(Source source, std::uint64_t prime, SatWhen sat);

/// A textbook bound beside the exact value of its class, in its convention (the answer not
/// charged): the one-way D→ of its direction, or D_nc for two-way (when computed).
struct TextbookCheck {
    const LowerBound* bound;
    std::optional<int> exact;  ///< nullopt when the class has no exact value here
};
/// An exact value against a textbook bound: "meets IT", "1 above IT" or "BELOW IT (…)".
std::string versusTextbook(int exact, double bound, std::string_view it);
/// The deterministic two-party bounds of report.source.textbook with their exact values.
std::vector<TextbookCheck> textbookChecks(const Report& r);

/// For --from-run: the protocol's answers cost no more than it paid, D <= bits + ⌈log2
/// #values⌉ and, where computed, D_nc <= bits (its transcript tree is such a protocol).
bool runConsistent(const Report& r);
std::string textReport(const Report& r);
std::string jsonReport(const Report& r);
/// One header line and one row of the scalar facts (the tree and the cells are in the JSON).
std::string csvReport(const Report& r);
/// The protocol tree in Graphviz DOT.
std::string dotTree(const Report& r);

}  // namespace ccsim::cc
