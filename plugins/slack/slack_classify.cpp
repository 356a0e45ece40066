// Slack's answers: 2xx ok; 429 retry after Retry-After; 403/404/410 naming a dead webhook
// (no_service, channel_not_found, invalid_token...) and any 410 disable; 400 and other 4xx fail;
// 408, 5xx and transport errors retry.
#include "slack_classify.hpp"

#include <string_view>

#include "../common/sink_util.hpp"

namespace vigil_slack {
namespace {

// Error bodies that mean the webhook (or its channel or workspace) is gone for good.
bool WebhookGone(std::string_view body) {
  static constexpr std::string_view kGone[] = {
      "no_service",        "no_service_id",       "no_team",      "team_disabled",
      "channel_not_found", "channel_is_archived", "invalid_token"};
  body = vigil_plugins::TrimWs(body);
  for (std::string_view g : kGone)
    if (body == g) return true;
  return false;
}

}  // namespace

void ClassifySlack(const vigil_response* r, vigil_verdict* out) {
  out->retry_after_ms = -1;
  int c = r->status_code;
  if (c >= 200 && c < 300) {
    out->kind = VIGIL_SUCCESS;
  } else if (c == 0 || c == 408 || c == 429 || c >= 500) {
    out->kind = VIGIL_RETRY;
    out->retry_after_ms = vigil_plugins::HeaderSecondsMs(r, {"Retry-After"}).value_or(-1);
  } else if (c == 410 || ((c == 403 || c == 404) && WebhookGone(vigil_plugins::View(r->body)))) {
    out->kind = VIGIL_DISABLE;
  } else {
    out->kind = VIGIL_FAIL;
  }
}

}  // namespace vigil_slack
