// The HTTP request of one attempt of a delivery: the request its sink rendered (stored with the
// delivery) plus the host headers (signature, ids, the webhook's own headers), built into a
// request object the caller keeps and reuses from attempt to attempt.
#pragma once

#include "core/deliver/delivery.hpp"
#include "core/deliver/endpoint.hpp"
#include "core/http/request.hpp"

namespace vigil::deliver {

// Overwrites *req with the request of an attempt of d to ep. ep caches the parsed URL of the
// last attempt; now_ms decides whether a rotated-out secret still signs too.
void BuildAttemptRequest(Endpoint& ep, const Delivery& d, std::int64_t now_ms, http::Request* req);

}  // namespace vigil::deliver
