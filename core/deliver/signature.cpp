// Signatures: HMAC over the signed parts without building their concatenation.
#include "core/deliver/signature.hpp"

#include <charconv>

#include "core/util/base64.hpp"
#include "core/util/hmac.hpp"

namespace vigil::deliver {

std::string SignPayload(std::string_view secret, std::int64_t timestamp_ms, std::string_view body) {
  char ts[24];
  auto [end, ec] = std::to_chars(ts, ts + sizeof ts, timestamp_ms);
  (void)ec;
  return ToHex(HmacSha256(secret, {std::string_view(ts, end - ts), ".", body}));
}

std::string SignStandardWebhooks(std::string_view secret, std::string_view msg_id,
                                 std::int64_t timestamp_s, std::string_view body) {
  std::string key(secret);
  if (secret.substr(0, 6) == "whsec_") {
    if (auto decoded = Base64Decode(secret.substr(6))) key = std::move(*decoded);
  }
  char ts[24];
  auto [end, ec] = std::to_chars(ts, ts + sizeof ts, timestamp_s);
  (void)ec;
  Sha256Digest mac = HmacSha256(key, {msg_id, ".", std::string_view(ts, end - ts), ".", body});
  return "v1," +
         Base64Encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

}  // namespace vigil::deliver
