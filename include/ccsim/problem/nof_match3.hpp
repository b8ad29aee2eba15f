#pragma once
/// \file
/// NOF-Match3: a 3-player number-on-forehead problem. Three blocks x^0, x^1, x^2 of n
/// residues in Z_M each; block b is written on player b's forehead, so player i's input holds
/// the two other blocks (in increasing block order) and never its own. A residue r is public.
/// The answer is Match3 at the target r over the sequence (r, x^0, x^1, x^2) with repeats
/// allowed (docs/architecture.md, "task", distinct=false):
///
///     1 iff r + y + z ≡ 0 (mod M) for two entries y, z of the sequence (r itself included).
///
/// ccsim knows no lower bound for this problem in any class; lowerBounds() is empty and
/// relatedBounds() lists the NOF bounds of related problems (docs/architecture.md, "bound class")
/// for context. The problem also has a 2-bit deterministic protocol (every pair of blocks is seen
/// by some player), see docs/theory/match3_nof.md. The two-party arguments of the witness search do
/// not apply: their hooks throw RunError.

#include <cstdint>
#include <optional>
#include <vector>

#include <ccsim/problem/problem.hpp>

namespace ccsim {

class NofMatch3 final : public Problem {
public:
    /// n >= 1 residues per block, M >= 2, 0 <= r < M; UsageError otherwise.
    NofMatch3(std::size_t n, std::size_t modulus, std::uint64_t target);

    std::size_t n() const { return n_; }
    std::size_t modulus() const { return modulus_; }
    std::uint64_t target() const { return target_; }

    std::string_view name() const override { return "nof_match3"; }
    std::string describe() const override;
    double log2Instances() const override;
    std::optional<std::uint64_t> instanceCount() const override;
    Instance instance(std::uint64_t index) const override;
    Instance sample(std::uint64_t seed) const override;
    std::uint64_t truth(const Instance& instance) const override;
    std::vector<LowerBound> lowerBounds() const override { return {}; }
    std::vector<LowerBound> relatedBounds() const override;

    double log2SenderInputs() const override { return 0; }
    PartyInput senderInput(std::uint64_t i) const override;
    PartyInput defaultReceiverInput() const override;
    PartyInput separate(const PartyInput& a, const PartyInput& aPrime) const override;
    double log2FoolingSet() const override { return 0; }
    Instance foolingPair(std::uint64_t i) const override;
    std::string foolingSetName() const override { return "none (number-on-forehead problem)"; }

    std::string show(const PartyInput& input, PartyId party) const override;

    /// The three blocks of an instance (block b read from a player that sees it).
    std::vector<std::vector<std::uint64_t>> blocks(const Instance& instance) const;
    /// The instance with these blocks: player i holds the two blocks other than i.
    Instance fromBlocks(const std::vector<std::vector<std::uint64_t>>& blocks) const;
    /// The model sequence (r, x^0, x^1, x^2).
    std::vector<std::uint64_t> sequence(const Instance& instance) const;

private:
    std::size_t n_;
    std::size_t modulus_;
    std::uint64_t target_;
};

}  // namespace ccsim
