// AddHostHeaders: see docs/webhooks.md for the header contract receivers rely on.
#include "core/deliver/webhook_request.hpp"

#include <algorithm>

#include "core/deliver/signature.hpp"

namespace vigil::deliver {
namespace {

void Set(http::Headers& h, std::string_view name, std::string value) {
  auto same = std::find_if(
      h.begin(), h.end(), [&](const http::Header& x) { return http::EqualsNoCase(x.first, name); });
  if (same != h.end())
    same->second = std::move(value);
  else
    h.emplace_back(std::string(name), std::move(value));
}

}  // namespace

void AddHostHeaders(const config::Webhook& w, bool signed_sink, const Delivery& d, http::Headers& h,
                    std::string_view previous_secret) {
  h.reserve(h.size() + 8 + w.headers.size());
  Set(h, "User-Agent", "vigil/" VIGIL_VERSION);
  if (signed_sink) {
    if (w.signature_format == config::SignatureFormat::kStandardWebhooks) {
      std::int64_t seconds = d.timestamp_ms / 1000;
      h.emplace_back("webhook-id", d.id);
      h.emplace_back("webhook-timestamp", std::to_string(seconds));
      if (!w.secret.empty())
        h.emplace_back("webhook-signature",
                       SignStandardWebhooks(w.secret, d.id, seconds, d.payload));
    } else {
      if (!w.secret.empty()) {
        std::string sig = SignPayload(w.secret, d.timestamp_ms, d.payload);
        if (!previous_secret.empty())
          sig += " " + SignPayload(previous_secret, d.timestamp_ms, d.payload);
        h.emplace_back("X-Webhook-Signature", std::move(sig));
      }
      h.emplace_back("X-Webhook-Timestamp", std::to_string(d.timestamp_ms));
    }
    h.emplace_back("X-Webhook-Id", w.id);
    h.emplace_back("X-Webhook-Delivery-Id", d.id);
    h.emplace_back("X-Webhook-Event", std::string(event::Name(d.event)));
  }
  if (d.test) h.emplace_back("X-Webhook-Test", "true");
  // A webhook's own header replaces one of the defaults of the same name (User-Agent); the names
  // vigil owns are refused by the config, so nothing else can clash.
  for (const auto& [k, v] : w.headers) Set(h, k, v);
}

}  // namespace vigil::deliver
