// PagerDuty's answers: 202 (any 2xx) ok; 429 retry after Retry-After or the policy; 408, 5xx and
// transport errors retry; 400 (invalid event), 401/403 and other 4xx fail. Nothing disables:
// a bad routing key shows as failed deliveries, the webhook stays.
#include "pagerduty_classify.hpp"

#include "../common/sink_util.hpp"

namespace vigil_pagerduty {

void ClassifyPagerDuty(const vigil_response* r, vigil_verdict* out) {
  out->retry_after_ms = -1;
  int c = r->status_code;
  if (c >= 200 && c < 300) {
    out->kind = VIGIL_SUCCESS;
  } else if (c == 0 || c == 408 || c == 429 || c >= 500) {
    out->kind = VIGIL_RETRY;
    out->retry_after_ms = vigil_plugins::HeaderSecondsMs(r, {"Retry-After"}).value_or(-1);
  } else {
    out->kind = VIGIL_FAIL;
  }
}

}  // namespace vigil_pagerduty
