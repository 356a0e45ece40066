// Webhook signatures, in the two formats a webhook can choose (docs/webhooks.md):
//  - vigil: X-Webhook-Signature = lowercase hex HMAC-SHA256(secret, "<timestamp ms>.<body>").
//  - Standard Webhooks: webhook-signature = "v1," + base64 HMAC-SHA256(key,
//  "<id>.<seconds>.<body>")
//    where key is the base64-decoded part of a "whsec_..." secret (other secrets: their bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::deliver {

std::string SignPayload(std::string_view secret, std::int64_t timestamp_ms, std::string_view body);

std::string SignStandardWebhooks(std::string_view secret, std::string_view msg_id,
                                 std::int64_t timestamp_s, std::string_view body);

// The same signatures appended to *out: a header value rebuilt for every attempt keeps its
// capacity, so signing allocates nothing.
void SignPayloadTo(std::string* out, std::string_view secret, std::int64_t timestamp_ms,
                   std::string_view body);
void SignStandardWebhooksTo(std::string* out, std::string_view secret, std::string_view msg_id,
                            std::int64_t timestamp_s, std::string_view body);

}  // namespace vigil::deliver
