#pragma once
/// \file
/// CSV as ccsim writes it (RFC 4180 quoting, one header line): every command's --report csv.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccsim {

/// RFC 4180 quoting: the field as is, or in double quotes with quotes doubled if it holds a
/// comma, quote or line break.
std::string csvField(std::string_view field);
/// Splits one CSV line written that way (RFC 4180 quoting, no embedded line breaks).
std::vector<std::string> csvSplit(const std::string& line);

/// A one-row CSV table: the columns' names as the header line, their values, quoted, as the
/// row.
std::string csvRow(const std::vector<std::pair<std::string, std::string>>& columns);

}  // namespace ccsim
