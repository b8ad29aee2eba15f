#pragma once
/// \file
/// The tree engine: an exhaustive run as a walk of the protocol tree instead of a loop over
/// instances (docs/architecture.md, "The engine").
///
/// The instances of a two-party problem form a product A × B of the parties' inputs
/// (Problem::productSpace). The set of instances that reach one node of a deterministic
/// protocol's tree is a rectangle A' × B', and the speaker's message at the node depends only
/// on the speaker's input and the messages on the path. So the engine computes each message
/// once per (node, speaker input), groups the speaker's inputs by the payload they produce,
/// sends each distinct payload once through Channel::send and descends into one child per
/// distinct payload with the rectangle narrowed to that group. At a leaf the output party
/// answers once per own input (through Protocol::outputBatch where the protocol has one),
/// and every instance of the leaf's rectangle is compared with the problem's truth.
///
/// What stays exactly as in the reference runner (verify/runner.hpp): every party computes
/// from a PartyView of its own input and inbox on its own copy of the protocol; every message
/// is a real bit string of its declared width through the one counting send; bits per
/// instance are the charged totals of the leaf's path; distinct transcripts are the leaves
/// (children of a node have distinct payloads, compared as bit strings, not hashes); the first
/// wrong instance is the one of lowest index. The differential test in
/// tests/protocols/conformance_test.cpp holds both engines to byte-identical reports for every
/// registered reduction and strategy.
///
/// Units of work are explicit: the root speaker's inputs are split into contiguous chunks
/// (messages computed in parallel), then the root's children are handed out one at a time to
/// the workers; partial results are merged by sums, minima and maxima only, so the result does
/// not depend on which worker ran which child.

#include <cstdint>
#include <string>

#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>

namespace ccsim {

/// The list walk (sampled runs, instances that are not a product of the parties' inputs)
/// holds one small tuple per instance; runs of more instances go to the reference runner.
inline constexpr std::uint64_t kMaxListInstances = std::uint64_t{1} << 22;

/// Why the tree engine cannot run this reduction under these options (sampled runs, problems
/// whose instance space is not a product of the parties' inputs, protocols with another
/// number of parties than the problem), or empty if it can.
std::string treeEngineObstacle(const Reduction& reduction, const VerifyOptions& options);

/// An exhaustive run by the tree walk. The same VerifyResult as the reference runner, field
/// for field. Requires treeEngineObstacle() to be empty (InternalError otherwise).
VerifyResult verifyTree(const Reduction& reduction, const VerifyOptions& options);

}  // namespace ccsim
