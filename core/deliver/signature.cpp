// Signatures: HMAC over the signed parts without building their concatenation, written straight
// into the caller's string.
#include "core/deliver/signature.hpp"

#include <charconv>
#include <cstring>
#include <optional>

#include "core/util/base64.hpp"
#include "core/util/hmac.hpp"

namespace vigil::deliver {
namespace {

// Decoded "whsec_" keys up to this size stay on the stack (the spec's keys are 24-64 bytes).
constexpr std::size_t kStackKeyBytes = 256;

}  // namespace

std::string SignPayload(std::string_view secret, std::int64_t timestamp_ms, std::string_view body) {
  std::string out;
  SignPayloadTo(&out, secret, timestamp_ms, body);
  return out;
}

void SignPayloadTo(std::string* out, std::string_view secret, std::int64_t timestamp_ms,
                   std::string_view body) {
  char ts[24];
  auto [end, ec] = std::to_chars(ts, ts + sizeof ts, timestamp_ms);
  (void)ec;
  Sha256Digest mac = HmacSha256(secret, {std::string_view(ts, end - ts), ".", body});
  AppendHex(out, mac.data(), mac.size());
}

std::string SignStandardWebhooks(std::string_view secret, std::string_view msg_id,
                                 std::int64_t timestamp_s, std::string_view body) {
  std::string out;
  SignStandardWebhooksTo(&out, secret, msg_id, timestamp_s, body);
  return out;
}

void SignStandardWebhooksTo(std::string* out, std::string_view secret, std::string_view msg_id,
                            std::int64_t timestamp_s, std::string_view body) {
  std::string_view key = secret;
  unsigned char stack_key[kStackKeyBytes];
  std::optional<std::string> heap_key;
  if (secret.substr(0, 6) == "whsec_") {
    std::string_view text = secret.substr(6);
    if (auto n = Base64DecodeInto(text, stack_key, sizeof stack_key)) {
      key = std::string_view(reinterpret_cast<const char*>(stack_key), *n);
    } else if (Base64DecodedBound(text) > sizeof stack_key && (heap_key = Base64Decode(text))) {
      key = *heap_key;
    }
  }
  char ts[24];
  auto [end, ec] = std::to_chars(ts, ts + sizeof ts, timestamp_s);
  (void)ec;
  Sha256Digest mac = HmacSha256(key, {msg_id, ".", std::string_view(ts, end - ts), ".", body});
  explicit_bzero(stack_key, sizeof stack_key);
  out->append("v1,");
  AppendBase64(out, std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

}  // namespace vigil::deliver
