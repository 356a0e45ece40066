// BuildWebhookRequest: see docs/webhooks.md for the header contract receivers rely on.
#include "core/deliver/webhook_request.hpp"

#include <algorithm>

#include "core/deliver/signature.hpp"

namespace vigil::deliver {

http::Request BuildWebhookRequest(const config::Webhook& w, const http::Url& url,
                                  const Delivery& d) {
  http::Request req;
  req.method = "POST";
  req.url = url;
  req.body = d.payload;
  std::string ts = std::to_string(d.timestamp_ms);
  auto& h = req.headers;
  h.reserve(8 + w.headers.size());
  h.emplace_back("Content-Type", "application/json");
  h.emplace_back("User-Agent", "vigil/" VIGIL_VERSION);
  if (!w.secret.empty())
    h.emplace_back("X-Webhook-Signature", SignPayload(w.secret, d.timestamp_ms, d.payload));
  h.emplace_back("X-Webhook-Timestamp", ts);
  h.emplace_back("X-Webhook-Id", w.id);
  h.emplace_back("X-Webhook-Delivery-Id", d.id);
  h.emplace_back("X-Webhook-Event", std::string(event::Name(d.event)));
  if (d.test) h.emplace_back("X-Webhook-Test", "true");
  for (const auto& [k, v] : w.headers) {
    // A webhook's own header replaces one of vigil's defaults of the same name (User-Agent);
    // the names vigil owns are refused by the config, so nothing else can clash.
    auto same = std::find_if(h.begin(), h.end(),
                             [&](const http::Header& x) { return http::EqualsNoCase(x.first, k); });
    if (same != h.end()) same->second = v;
    else h.emplace_back(k, v);
  }
  return req;
}

}  // namespace vigil::deliver
