// Utf8Prefix: back up over continuation bytes to the start of the cut character.
#include "core/util/utf8.hpp"

namespace vigil {

std::string_view Utf8Prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes;
  // s[cut] is the first byte dropped; if it continues a sequence, drop that sequence too.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

}  // namespace vigil
