#pragma once
/// \file
/// Message digests of file contents, for report provenance (OpenSSL's EVP interface).

#include <string>
#include <string_view>

namespace ccsim {

/// SHA-256 of bytes, as 64 lowercase hex digits.
std::string sha256Hex(std::string_view bytes);

}  // namespace ccsim
