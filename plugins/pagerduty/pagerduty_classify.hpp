// What a PagerDuty Events API v2 answer means for a delivery (success, retry, fail).
#pragma once

#include "vigil/sink.h"

namespace vigil_pagerduty {

void ClassifyPagerDuty(const vigil_response* resp, vigil_verdict* out);

}  // namespace vigil_pagerduty
