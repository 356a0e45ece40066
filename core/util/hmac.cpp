// HMAC-SHA256 and hex encoding.
#include "core/util/hmac.hpp"

#include <cstring>

namespace vigil {

// RFC 2104 over Sha256 (SHA-NI where the CPU has it), with no allocation.
Sha256Digest HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts) {
  constexpr std::size_t kBlock = 64;
  std::uint8_t k[kBlock] = {};
  Sha256 h;
  if (key.size() > kBlock) {
    h.Update(key);
    Sha256Digest kd = h.Finish();
    std::memcpy(k, kd.data(), kd.size());
    h.Reset();
  } else {
    std::memcpy(k, key.data(), key.size());
  }
  std::uint8_t pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36);
  h.Update(pad, kBlock);
  for (std::string_view p : parts) h.Update(p);
  Sha256Digest inner = h.Finish();
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5c);
  h.Reset();
  h.Update(pad, kBlock);
  h.Update(inner.data(), inner.size());
  explicit_bzero(k, sizeof k);  // key material does not outlive the call
  explicit_bzero(pad, sizeof pad);
  return h.Finish();
}

std::string ToHex(const std::uint8_t* data, std::size_t n) {
  std::string s;
  AppendHex(&s, data, n);
  return s;
}

void AppendHex(std::string* out, const std::uint8_t* data, std::size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::size_t at = out->size();
  out->resize(at + n * 2);
  char* p = out->data() + at;
  for (std::size_t i = 0; i < n; ++i) {
    p[2 * i] = kHex[data[i] >> 4];
    p[2 * i + 1] = kHex[data[i] & 15];
  }
}

}  // namespace vigil
