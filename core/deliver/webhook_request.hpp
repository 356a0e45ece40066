// The headers vigil adds to every attempt, whatever the sink rendered: User-Agent, the webhook's
// own headers, X-Webhook-Test, and for signing sinks (generic) the signature and id headers in
// the webhook's signatureFormat (docs/webhooks.md).
#pragma once

#include "core/config/config.hpp"
#include "core/deliver/delivery.hpp"
#include "core/http/header_writer.hpp"

namespace vigil::deliver {

// Writes the host headers after those already in h (User-Agent and the webhook's own headers
// replace a header of the same name written before). previous_secret: during a secret rotation,
// the old secret signs too (space-separated signatures, as Standard Webhooks allows).
void AddHostHeaders(const config::Webhook& w, bool signed_sink, const Delivery& d,
                    http::HeaderWriter& h, std::string_view previous_secret = {});

}  // namespace vigil::deliver
