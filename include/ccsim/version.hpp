#pragma once
/// \file
/// Provenance of this build: the project version and the git revision it was built from
/// (`unknown` outside a git checkout; `-dirty` when the tree had uncommitted changes).

#include <string_view>

namespace ccsim {

std::string_view version();
std::string_view gitRevision();

}  // namespace ccsim
