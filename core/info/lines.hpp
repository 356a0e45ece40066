// Line splitting shared by the INFO parsers: LF or CRLF endings, the last line may lack one.
#pragma once

#include <cstring>
#include <string_view>

namespace vigil::info {

// Takes the next line off the front of *rest (without its LF / CRLF). False when *rest is empty.
inline bool NextLine(std::string_view* rest, std::string_view* line) {
  if (rest->empty()) return false;
  const void* nl = std::memchr(rest->data(), '\n', rest->size());
  std::size_t len = nl ? static_cast<const char*>(nl) - rest->data() : rest->size();
  *line = rest->substr(0, len);
  rest->remove_prefix(nl ? len + 1 : len);
  if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
  return true;
}

}  // namespace vigil::info
