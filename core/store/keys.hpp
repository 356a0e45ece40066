// Key encoding for the store: big-endian integers (so byte order is numeric order) and builders for
// the composite keys the outbox uses. Times are non-negative milliseconds; negatives clamp to 0.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::store {

inline void AppendBigEndian64(std::string* out, std::uint64_t v) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(b, 8);
}

// Reads 8 big-endian bytes at `pos`; the caller checks that s.size() >= pos + 8.
inline std::uint64_t ReadBigEndian64(std::string_view s, std::size_t pos = 0) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(s[pos + i]);
  return v;
}

inline std::uint64_t TimeKeyPart(std::int64_t ms) {
  return ms < 0 ? 0 : static_cast<std::uint64_t>(ms);
}

// BE(ms) + id: sorts by time, then id. Append* forms write into a caller's (reused) buffer.
inline void AppendTimeIdKey(std::string* out, std::int64_t ms, std::string_view id) {
  AppendBigEndian64(out, TimeKeyPart(ms));
  out->append(id);
}
inline std::string TimeIdKey(std::int64_t ms, std::string_view id) {
  std::string k;
  k.reserve(8 + id.size());
  AppendTimeIdKey(&k, ms, id);
  return k;
}

// scope + '\0': the prefix of every key of one scope (e.g. one webhook). Scopes hold no '\0'.
inline std::string ScopePrefix(std::string_view scope) {
  std::string k(scope);
  k.push_back('\0');
  return k;
}

// scope + '\0' + BE(ms) + id: per scope, sorted by time.
inline std::string ScopedTimeIdKey(std::string_view scope, std::int64_t ms, std::string_view id) {
  std::string k = ScopePrefix(scope);
  AppendBigEndian64(&k, TimeKeyPart(ms));
  k.append(id);
  return k;
}

// scope + '\0' + id.
inline void AppendScopedKey(std::string* out, std::string_view scope, std::string_view id) {
  out->append(scope);
  out->push_back('\0');
  out->append(id);
}
inline std::string ScopedKey(std::string_view scope, std::string_view id) {
  std::string k;
  k.reserve(scope.size() + 1 + id.size());
  AppendScopedKey(&k, scope, id);
  return k;
}

// The smallest key greater than every key starting with `prefix` (an exclusive upper bound);
// empty when there is none (prefix is all 0xff), meaning "no bound".
inline std::string PrefixEnd(std::string_view prefix) {
  std::string k(prefix);
  while (!k.empty()) {
    unsigned char c = static_cast<unsigned char>(k.back());
    if (c != 0xff) {
      k.back() = static_cast<char>(c + 1);
      return k;
    }
    k.pop_back();
  }
  return k;
}

}  // namespace vigil::store
