// Discord's answers: 2xx ok (X-RateLimit-Remaining: 0 changes nothing); 429 retry after the
// body's retry_after, else Retry-After / X-RateLimit-Reset-After; 401, 403, 404 (webhook
// deleted) and 410 disable; other 4xx fail; 408, 5xx and transport errors retry.
#include "discord_classify.hpp"

#include <cmath>

#include "../common/json_value.hpp"
#include "../common/sink_util.hpp"

namespace vigil_discord {
namespace {

// retry_after (seconds, may be fractional) of a 429's JSON body, in ms.
std::optional<std::int64_t> BodyRetryAfterMs(std::string_view body) {
  auto doc = vigil_plugins::JsonReader::Parse(body, nullptr, {64 * 1024, 8});
  if (!doc || !doc->is_object()) return std::nullopt;
  const vigil_plugins::JsonValue* v = doc->Find("retry_after");
  if (!v || !v->is_number() || !(v->number >= 0)) return std::nullopt;
  return static_cast<std::int64_t>(std::ceil(std::min(v->number, 86400.0) * 1000));
}

}  // namespace

void ClassifyDiscord(const vigil_response* r, vigil_verdict* out) {
  out->retry_after_ms = -1;
  int c = r->status_code;
  if (c >= 200 && c < 300) {
    out->kind = VIGIL_SUCCESS;
  } else if (c == 429) {
    out->kind = VIGIL_RETRY;
    auto ms = BodyRetryAfterMs(vigil_plugins::View(r->body));
    if (!ms) ms = vigil_plugins::HeaderSecondsMs(r, {"Retry-After", "X-RateLimit-Reset-After"});
    out->retry_after_ms = ms.value_or(-1);
  } else if (c == 0 || c == 408 || c >= 500) {
    out->kind = VIGIL_RETRY;
    out->retry_after_ms = vigil_plugins::HeaderSecondsMs(r, {"Retry-After"}).value_or(-1);
  } else if (c == 401 || c == 403 || c == 404 || c == 410) {
    out->kind = VIGIL_DISABLE;
  } else {
    out->kind = VIGIL_FAIL;
  }
}

}  // namespace vigil_discord
