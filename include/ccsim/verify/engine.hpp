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
/// Sampled runs, and problems whose parties' inputs overlap (number-on-forehead), take the
/// list walk instead: the same tree over a list of instance tuples, each instance encoded
/// whole as the reference runner encodes it and each party's part numbered by content.
///
/// Units of work are explicit: the root speaker's messages are computed in parallel chunks,
/// each distinct payload becomes a unit (its path of payloads and the live set below it),
/// units are split further while there are fewer than two per thread, and then handed out
/// one at a time to the workers. Partial results are merged by sums, minima and maxima only,
/// so the result does not depend on which worker ran which unit.

#include <cstdint>
#include <string>

#include <ccsim/reduction.hpp>
#include <ccsim/verify/runner.hpp>

namespace ccsim {

/// The list walk (sampled runs, instances that are not a product of the parties' inputs)
/// holds one small tuple per instance; runs of more instances go to the reference runner.
inline constexpr std::uint64_t kMaxListInstances = std::uint64_t{1} << 22;
/// The rectangle walk keeps every party's inputs encoded; a party with more inputs than this
/// sends the run to the reference runner (which holds one instance at a time).
inline constexpr std::uint64_t kMaxPartyInputs = std::uint64_t{1} << 20;

/// Why the tree engine cannot run this reduction under these options (a list walk over more
/// than kMaxListInstances instances, a party with more than kMaxPartyInputs inputs, a
/// protocol with another number of parties than its product problem), or empty if it can.
std::string treeEngineObstacle(const Reduction& reduction, const VerifyOptions& options);

/// A run by the tree walk (rectangles or list). The same VerifyResult as the reference
/// runner, field for field. Requires treeEngineObstacle() to be empty (InternalError
/// otherwise).
VerifyResult verifyTree(const Reduction& reduction, const VerifyOptions& options);

}  // namespace ccsim
