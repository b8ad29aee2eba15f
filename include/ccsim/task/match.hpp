#pragma once
/// \file
/// Match2 and Match3 (docs/architecture.md, "task", SHT23): tokens x_1..x_N are residues in Z_M and
///
///     Match2(X)_i = 1{∃ j: x_i + x_j ≡ 0 (mod M)}
///     Match3(X)_i = 1{∃ j, k: x_i + x_j + x_k ≡ 0 (mod M)}
///
/// The `distinct` convention (the paper leaves it open, ccsim makes it a parameter):
///  - distinct = true: the witnesses are other tokens. Match2 needs j ≠ i; Match3 needs i, j,
///    k pairwise distinct (so three different positions, which may hold equal values).
///  - distinct = false: repeats are allowed. Match2 may take j = i (a token with 2x_i ≡ 0
///    matches itself); Match3 may take j = k, j = i, k = i (a token with 3x_i ≡ 0 matches
///    itself alone).
/// Values are read modulo M, so any std::uint64_t is a token. Positions are 0-based.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <ccsim/numeric/linalg.hpp>
#include <ccsim/numeric/random.hpp>

namespace ccsim {

struct MatchSpec {
    std::size_t modulus = 0;  ///< M
    bool distinct = true;     ///< witnesses must be other positions (see the file comment)

    /// UsageError unless M >= 2.
    void validate() const;
};

/// The pair predicate of Match2: a + b ≡ 0 (mod M).
bool match2Pair(std::uint64_t a, std::uint64_t b, std::size_t modulus);

/// Match2(X)_i and Match3(X)_i by definition (O(N) and O(N + M) per position).
bool match2At(const std::vector<std::uint64_t>& x, std::size_t i, const MatchSpec& spec);
bool match3At(const std::vector<std::uint64_t>& x, std::size_t i, const MatchSpec& spec);

/// The whole output sequence; Match2 in O(N + M), Match3 in O(N + M · min(N, M)).
std::vector<bool> match2(const std::vector<std::uint64_t>& x, const MatchSpec& spec);
std::vector<bool> match3(const std::vector<std::uint64_t>& x, const MatchSpec& spec);

/// Match3 at a token of residue `value` from the residue counts of the whole sequence
/// (`counts[r]` tokens of residue r, the token itself included; counts.size() == M). This is
/// what a histogram read-out (match3_histogram) needs.
bool match3FromResidueCounts(const std::vector<std::size_t>& counts, std::uint64_t value,
                             const MatchSpec& spec);

/// N independent uniform residues in [0, M).
std::vector<std::uint64_t> sampleMatch(std::size_t n, const MatchSpec& spec, SplitMix64& rng);

/// The index-th sequence of N residues in lexicographic order (x_0 most significant), for
/// exhaustive checks; index < M^N.
std::vector<std::uint64_t> matchSequence(std::size_t n, std::size_t modulus, std::uint64_t index);

/// Model input: N × 1, one residue (as a real) per row.
Matrix matchTokens(const std::vector<std::uint64_t>& x, std::size_t modulus);

}  // namespace ccsim
