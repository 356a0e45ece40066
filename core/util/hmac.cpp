// HMAC-SHA256 over mbedTLS's SHA-256, and hex encoding.
#include "core/util/hmac.hpp"

#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

#include <cstring>

namespace vigil {

// RFC 2104 over mbedTLS's SHA-256 directly: the contexts live on the stack, so a signature costs
// no allocation (the generic md API allocates its context and HMAC pads on every setup).
Sha256Digest HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts) {
  constexpr std::size_t kBlock = 64;
  unsigned char k[kBlock] = {};
  if (key.size() > kBlock)
    mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(key.data()), key.size(), k, 0);
  else
    std::memcpy(k, key.data(), key.size());
  unsigned char pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<unsigned char>(k[i] ^ 0x36);
  Sha256Digest inner{}, out{};
  mbedtls_sha256_context ctx;
  mbedtls_sha256_init(&ctx);
  mbedtls_sha256_starts_ret(&ctx, 0);
  mbedtls_sha256_update_ret(&ctx, pad, kBlock);
  for (std::string_view p : parts)
    mbedtls_sha256_update_ret(&ctx, reinterpret_cast<const unsigned char*>(p.data()), p.size());
  mbedtls_sha256_finish_ret(&ctx, inner.data());
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<unsigned char>(k[i] ^ 0x5c);
  mbedtls_sha256_starts_ret(&ctx, 0);
  mbedtls_sha256_update_ret(&ctx, pad, kBlock);
  mbedtls_sha256_update_ret(&ctx, inner.data(), inner.size());
  mbedtls_sha256_finish_ret(&ctx, out.data());
  mbedtls_sha256_free(&ctx);
  mbedtls_platform_zeroize(k, sizeof k);
  mbedtls_platform_zeroize(pad, sizeof pad);
  return out;
}

std::string ToHex(const std::uint8_t* data, std::size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    s[2 * i] = kHex[data[i] >> 4];
    s[2 * i + 1] = kHex[data[i] & 15];
  }
  return s;
}

}  // namespace vigil
