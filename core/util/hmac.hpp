// HMAC-SHA256 and lowercase hex: the primitives of webhook signatures.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/sha256.hpp"

namespace vigil {

// HMAC-SHA256 of the concatenation of `parts` with `key`.
Sha256Digest HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts);
std::string ToHex(const std::uint8_t* data, std::size_t n);
// Appends the lowercase hex of data to *out (no temporary string).
void AppendHex(std::string* out, const std::uint8_t* data, std::size_t n);
inline std::string ToHex(const Sha256Digest& d) {
  return ToHex(d.data(), d.size());
}

}  // namespace vigil
