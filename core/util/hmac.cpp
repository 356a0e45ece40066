// HMAC-SHA256 through mbedTLS's generic message-digest API.
#include "core/util/hmac.hpp"

#include <mbedtls/md.h>

namespace vigil {

Sha256Digest HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts) {
  Sha256Digest out{};
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
  mbedtls_md_context_t ctx;
  mbedtls_md_init(&ctx);
  mbedtls_md_setup(&ctx, info, 1);
  mbedtls_md_hmac_starts(&ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  for (std::string_view p : parts)
    mbedtls_md_hmac_update(&ctx, reinterpret_cast<const unsigned char*>(p.data()), p.size());
  mbedtls_md_hmac_finish(&ctx, out.data());
  mbedtls_md_free(&ctx);
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
