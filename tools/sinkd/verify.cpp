// Signature verification with vigil's own HMAC primitive, and substring field lookups (the
// payload layout is fixed by docs/events.md, so no JSON parser is needed to find three fields).
#include "tools/sinkd/verify.hpp"

#include "core/util/hmac.hpp"

namespace sinkd {

bool VerifySignature(std::string_view secret, std::string_view timestamp, std::string_view body,
                     std::string_view signature) {
  if (signature.size() != 64 || timestamp.empty()) return false;
  std::string expected = vigil::ToHex(vigil::HmacSha256(secret, {timestamp, ".", body}));
  unsigned diff = 0;
  for (std::size_t i = 0; i < 64; ++i) diff |= static_cast<unsigned>(expected[i] ^ signature[i]);
  return diff == 0;
}

std::int64_t PayloadTimestamp(std::string_view body) {
  constexpr std::string_view kKey = "\"timestamp\":";
  std::size_t p = body.find(kKey);
  if (p == std::string_view::npos) return 0;
  std::int64_t v = 0;
  for (p += kKey.size(); p < body.size() && body[p] >= '0' && body[p] <= '9'; ++p)
    v = v * 10 + (body[p] - '0');
  return v;
}

namespace {

std::string_view StringAfter(std::string_view body, std::string_view key) {
  std::size_t p = body.find(key);
  if (p == std::string_view::npos) return {};
  p += key.size();
  std::size_t e = body.find('"', p);
  return e == std::string_view::npos ? std::string_view() : body.substr(p, e - p);
}

}  // namespace

// vigil's payload first; else an Alertmanager webhook's first "instance" label.
std::string_view PayloadInstance(std::string_view body) {
  std::string_view v = StringAfter(body, "\"instance\":{\"name\":\"");
  return v.empty() ? StringAfter(body, "\"instance\":\"") : v;
}

// vigil's "event"; else an Alertmanager webhook's top-level "status" ("firing", "resolved").
std::string_view PayloadEvent(std::string_view body) {
  std::string_view v = StringAfter(body, "\"event\":\"");
  return v.empty() ? StringAfter(body, "\"status\":\"") : v;
}

}  // namespace sinkd
