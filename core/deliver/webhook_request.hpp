// Builds the HTTP request of one delivery attempt: the JSON payload POSTed with vigil's headers
// (content type, user agent, signature, timestamp, webhook, delivery and event ids) and the
// webhook's own headers.
#pragma once

#include "core/config/config.hpp"
#include "core/deliver/delivery.hpp"
#include "core/http/request.hpp"

namespace vigil::deliver {

http::Request BuildWebhookRequest(const config::Webhook& w, const http::Url& url,
                                  const Delivery& d);

}  // namespace vigil::deliver
