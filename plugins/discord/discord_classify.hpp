// What a Discord webhook's answer means for a delivery (success, retry, fail, disable).
#pragma once

#include "vigil/sink.h"

namespace vigil_discord {

void ClassifyDiscord(const vigil_response* resp, vigil_verdict* out);

}  // namespace vigil_discord
