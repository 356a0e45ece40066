// What a Slack incoming webhook's answer means for a delivery (success, retry, fail, disable).
#pragma once

#include "vigil/sink.h"

namespace vigil_slack {

void ClassifySlack(const vigil_response* resp, vigil_verdict* out);

}  // namespace vigil_slack
