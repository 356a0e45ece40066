// Webhook signatures: X-Webhook-Signature is the lowercase hex HMAC-SHA256, keyed with the
// webhook's secret, of the bytes "<X-Webhook-Timestamp>.<body>" (docs/webhooks.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::deliver {

std::string SignPayload(std::string_view secret, std::int64_t timestamp_ms, std::string_view body);

}  // namespace vigil::deliver
