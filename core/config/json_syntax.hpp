// Locates the first JSON syntax error in a text, for messages with a line and column. simdjson
// parses the config; this small scanner only runs after simdjson has refused a document.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::config::detail {

struct SyntaxError {
  std::size_t offset = 0;  // byte offset of the offending character (or of the end of input)
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in bytes
  std::string what;        // e.g. "expected ',' or '}'"; never quotes the input
};

// The first syntax error, or nullopt when the scanner finds none (e.g. the problem is invalid
// UTF-8, which it does not check).
std::optional<SyntaxError> FindSyntaxError(std::string_view text);

}  // namespace vigil::config::detail
