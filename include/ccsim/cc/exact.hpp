#pragma once

/// Exact two-party communication complexity of a small function given as its communication
/// matrix (docs/theory/exact-cc.md): the deterministic complexity D(f) by a memoised search
/// over (row set, column set) with the optimal protocol tree, the one-way complexities, and
/// lower-bound certificates (rank over the rationals with FLINT, rank modulo a prime).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ccsim {
class Problem;
}

namespace ccsim::cc {

/// M[x][y] = f(x, y): rows are Alice's inputs, columns Bob's, values small integers.
struct CommMatrix {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<std::int64_t> values;  ///< row-major, rows × cols

    std::int64_t at(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
    /// The distinct values, ascending.
    std::vector<std::int64_t> distinctValues() const;
};

/// The matrix of a two-party problem over its whole product space (UsageError if the problem
/// has none, or more than maxCells cells).
CommMatrix matrixOf(const Problem& problem, std::uint64_t maxCells);

/// ⌈log2 k⌉ for k >= 1.
int ceilLog2(std::uint64_t k);

/// Equal rows (columns, if columns is set) as classes, numbered by first occurrence:
/// `first[k]` is class k's first member, `classOf[i]` the class of row i.
struct Classes {
    std::vector<std::size_t> first, classOf;
};
Classes classesOf(const CommMatrix& m, bool columns);

/// A matrix with equal rows and equal columns merged: the classes of both sides and the
/// matrix of their first members (rows × columns of classes).
struct Distinct {
    Classes rows, cols;
    CommMatrix matrix;
};
Distinct distinctOf(const CommMatrix& m);

/// The number of distinct rows (columns, if columns is set).
std::size_t distinctLines(const CommMatrix& m, bool columns);

/// D→: Alice sends one message, Bob answers: ⌈log2 #distinct rows⌉ (aliceToBob); the other
/// direction counts distinct columns.
int oneWayBits(const CommMatrix& m, bool aliceToBob);

/// Rank over ℚ (exact, FLINT's fmpz_mat_rank) and modulo a prime p (nmod_mat_rank).
std::int64_t rankRational(const CommMatrix& m);
std::int64_t rankModPrime(const CommMatrix& m, std::uint64_t prime);

/// A node of a deterministic protocol tree. An inner node's speaker sends one bit: rows (or
/// columns) listed in `zero` send 0, the others 1. A leaf outputs `value`, which both parties
/// know (the standard convention: every leaf is a monochromatic rectangle).
struct ProtocolNode {
    enum class Kind { Leaf, Alice, Bob } kind = Kind::Leaf;
    std::int64_t value = 0;
    std::vector<std::size_t> zero;  ///< original row (Alice) or column (Bob) numbers sending 0
    std::unique_ptr<ProtocolNode> child[2];

    int depth() const;
    std::size_t leaves() const;
};

/// The value the tree outputs on (row, column), walking from the root.
std::int64_t replay(const ProtocolNode& root, std::size_t row, std::size_t col);
/// True if the tree outputs M[x][y] on every cell.
bool replaysCorrectly(const ProtocolNode& root, const CommMatrix& m);

struct SearchStats {
    std::uint64_t states = 0;  ///< distinct (row set, column set) subproblems memoised
    std::uint64_t splits = 0;  ///< splits tried
};

struct ExactResult {
    int bits = 0;        ///< D(f), the depth of an optimal tree
    int lowerBound = 0;  ///< the root's rank bound ⌈log2 Σ_v rank_GF(2)(M = v)⌉
    int upperBound = 0;  ///< the trivial protocol: ⌈log2 min(r, c)⌉ + ⌈log2 #values⌉
    std::unique_ptr<ProtocolNode> tree;
    SearchStats stats;
};

/// The exact search's size limit: after merging duplicate rows and columns, at most this many
/// of each (a subproblem enumerates up to 2^(n-1) splits of its n row classes, balanced first).
inline constexpr std::size_t kMaxDistinct = 20;

/// D(f) in the standard convention by memoised search (UsageError beyond the limits).
ExactResult exactTwoWay(const CommMatrix& m);

}  // namespace ccsim::cc

namespace ccsim::cc {

/// A fooling set for one value v: cells (x_i, y_i) with M = v such that for i != j,
/// M[x_i][y_j] != v or M[x_j][y_i] != v. No two of its cells share a leaf of a standard tree,
/// so D >= ⌈log2 size⌉, and >= ⌈log2 (size + 1)⌉ when M takes another value too.
struct FoolingSet {
    std::int64_t value = 0;
    std::vector<std::pair<std::size_t, std::size_t>> cells;  ///< original row, column
};

/// The largest fooling set of any value: an exact maximum clique (cliquer) in the graph whose
/// vertices are the cells of value v (distinct rows and columns) and whose edges join
/// compatible pairs. At most kMaxDistinct distinct rows and columns.
FoolingSet largestFoolingSet(const CommMatrix& m);

/// True if `set` is a fooling set of m.
bool isFoolingSet(const CommMatrix& m, const FoolingSet& set);

}  // namespace ccsim::cc

namespace ccsim::cc {

/// The SAT solver's answer to "is there a standard protocol tree of depth k?".
struct SatDepth {
    int depth = 0;
    bool satisfiable = false;
    std::uint64_t variables = 0;
    std::uint64_t clauses = 0;
};

struct SatResult {
    int bits = 0;                        ///< the least satisfiable depth: D(f)
    std::vector<SatDepth> depths;        ///< every depth asked, 0..bits
    std::unique_ptr<ProtocolNode> tree;  ///< read from the model at depth `bits`
};

/// D(f) by SAT (CaDiCaL), independently of exactTwoWay: a complete tree of depth k, a
/// speaker variable per inner node, one bit variable per node and row (Alice) and per node
/// and column (Bob), and one clause per cell and leaf saying that a cell reaching the leaf
/// has the leaf's value. Depths are asked from 0 upward; at most kMaxSatDepth, kMaxDistinct
/// distinct rows and columns.
inline constexpr int kMaxSatDepth = 8;
SatResult satTwoWay(const CommMatrix& m);

}  // namespace ccsim::cc

namespace ccsim::cc {

/// Discrepancy under the uniform distribution of a two-valued matrix (the larger value
/// counts +1, the smaller −1): the largest |Σ over a rectangle of the signs| over all
/// rectangles, divided by the number of cells, as an exact fraction. By Yao's principle a
/// public-coin protocol with error 1/3 needs at least log2(1 / (3 · disc)) bits.
struct Discrepancy {
    std::uint64_t numerator = 0;          ///< the largest |Σ signs| of a rectangle
    std::uint64_t denominator = 1;        ///< rows × cols
    std::vector<std::size_t> rows, cols;  ///< a rectangle attaining it
    double value() const {
        return static_cast<double>(numerator) / static_cast<double>(denominator);
    }
};
/// Enumerates every subset of the smaller side (at most kMaxDiscrepancySide of them); the
/// best columns for a row set are read off their sums. UsageError beyond that or for a
/// matrix that does not have exactly two values.
inline constexpr std::size_t kMaxDiscrepancySide = 22;
Discrepancy uniformDiscrepancy(const CommMatrix& m);

}  // namespace ccsim::cc

namespace ccsim::cc {

/// ccsim's convention ("answer not charged"): the protocol may stop as soon as the party
/// listening in the current round can compute the answer (a leaf constant on each of that
/// party's own inputs), and the answer is not sent; the output party is thus the receiver
/// of the last round used. A round is a maximal run of messages by
/// one speaker; an empty round passes the floor. The least worst-case bits with at most
/// `rounds` rounds, `aliceFirst` speaking in the first; rounds = 1 is the one-way D→.
/// By memoised search over (rows, columns, rounds left, speaker); kMaxDistinct limits.
int roundLimitedBits(const CommMatrix& m, int rounds, bool aliceFirst);
/// Distinct rows and distinct columns up to which callers run the round search: it tries
/// every split of a side (2^(n-1) for n lines) and has no rank pruning; 8 × 8 takes
/// about 0.1 s, INDEX_4 (16 × 4) 15 s and DISJ_4 (16 × 16) minutes.
inline constexpr std::size_t kMaxRoundSearchSide = 8;
inline bool roundSearchFits(std::size_t distinctRows, std::size_t distinctCols) {
    return distinctRows <= kMaxRoundSearchSide && distinctCols <= kMaxRoundSearchSide;
}
/// Unlimited rounds, either party first: the two-way complexity in ccsim's convention,
/// D_nc <= D <= D_nc + ⌈log2 #values⌉.
int answerNotChargedBits(const CommMatrix& m);

}  // namespace ccsim::cc

namespace ccsim::cc {

/// A rectangle of the matrix: rows × columns (original numbers), all cells of one value.
struct Rectangle {
    std::vector<std::size_t> rows, cols;
    std::int64_t value = 0;
};

/// The SAT solver's answer to "are `count` rectangles enough?".
struct SatCount {
    std::size_t count = 0;
    bool satisfiable = false;
    std::uint64_t variables = 0;
    std::uint64_t clauses = 0;
};

struct RectangleNumber {
    std::size_t count = 0;              ///< the least number of rectangles
    std::vector<Rectangle> rectangles;  ///< a partition (or cover) with that many
    std::vector<SatCount> asked;        ///< the counts asked, ascending
};

/// The partition number χ(M): the least number of monochromatic rectangles that partition
/// M. D(f) ≥ ⌈log2 χ⌉, and the leaves of a protocol tree partition M, so `tree` gives an
/// upper bound that is not asked again. By SAT (CaDiCaL) on the distinct rows and columns:
/// per rectangle a row and a column indicator and a value; each cell in exactly one
/// rectangle, of its value. Counts are asked from Σ_v rank_ℚ(1[M = v]) upward (the rank of a
/// sum of rank-one matrices is at most their number). UsageError beyond
/// kMaxRectangleCells distinct cells.
RectangleNumber partitionNumber(const CommMatrix& m, const ProtocolNode& tree);
/// The cover number C^v(M): the least number of rectangles of value v (which may overlap)
/// covering every cell of value v; ⌈log2 C^v⌉ is the nondeterministic complexity of
/// certifying "f = v". Asked from 1 upward, by SAT as above.
RectangleNumber coverNumber(const CommMatrix& m, std::int64_t value);
inline constexpr std::size_t kMaxRectangleCells = 64;

/// True if the rectangles are monochromatic of their value and cover every cell (of value
/// `only`, when given) once (`partition`) or at least once.
bool coversCorrectly(const CommMatrix& m, const std::vector<Rectangle>& rectangles, bool partition,
                     std::optional<std::int64_t> only = std::nullopt);

}  // namespace ccsim::cc
