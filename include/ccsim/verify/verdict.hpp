#pragma once
/// \file
/// The verdict: measured bits and correctness held against the problem's lower bound in the
/// protocol's class (DESIGN.md, "The verdict").
///
///  - Correct: correct on every checked instance and bits >= bound.
///  - FailsAsPredicted: bits < bound, and the witness search found the instance the protocol
///    must get wrong (and it does) — or, when the search stopped at its budget, the run
///    itself saw wrong answers.
///  - FailsAboveBound: bits >= bound but some instance is answered wrongly: the protocol is
///    too weak, not too small.
///  - Undecided: bits < bound, sampled run without a wrong answer, and the witness search
///    stopped at its budget before the pigeonhole guarantee applied. (An addition to the
///    four outcomes of DESIGN.md: a sample cannot refute, and the search was cut short.)
///  - Inconsistent: ccsim contradicts a theorem (bits < bound yet no failure on a complete
///    check, or a collision that did not produce a wrong answer). Always a bug; exit 1.

#include <optional>
#include <string>
#include <string_view>

#include <ccsim/comm/protocol.hpp>
#include <ccsim/problem/problem.hpp>
#include <ccsim/verify/runner.hpp>
#include <ccsim/verify/witness.hpp>

namespace ccsim {

enum class Outcome { Correct, FailsAsPredicted, FailsAboveBound, Undecided, Inconsistent };

std::string_view nameOf(Outcome outcome);

/// The deterministic bound class a protocol of this shape is measured against.
BoundClass boundClassOf(const CommShape& shape);

struct Verdict {
    Outcome outcome = Outcome::Inconsistent;
    LowerBound bound;
    std::size_t bits = 0;
    /// One sentence for humans, with the numbers.
    std::string explanation;
};

Verdict decide(const VerifyResult& result, const WitnessSearch& search, const LowerBound& bound);

}  // namespace ccsim
