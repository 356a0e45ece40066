// AddHostHeaders: see docs/webhooks.md for the header contract receivers rely on. Every value is
// written into its slot's string (numbers through to_chars, signatures straight from the HMAC),
// so a reused request allocates nothing here.
#include "core/deliver/webhook_request.hpp"

#include <charconv>

#include "core/deliver/signature.hpp"

namespace vigil::deliver {
namespace {

void AddNumber(http::HeaderWriter& h, std::string_view name, std::int64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  (void)ec;
  h.Add(name, std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

}  // namespace

void AddHostHeaders(const config::Webhook& w, bool signed_sink, const Delivery& d,
                    http::HeaderWriter& h, std::string_view previous_secret) {
  h.Set("User-Agent", "vigil/" VIGIL_VERSION);
  if (signed_sink) {
    if (w.signature_format == config::SignatureFormat::kStandardWebhooks) {
      std::int64_t seconds = d.timestamp_ms / 1000;
      h.Add("webhook-id", d.id);
      AddNumber(h, "webhook-timestamp", seconds);
      if (!w.secret.empty())
        SignStandardWebhooksTo(&h.Append("webhook-signature"), w.secret, d.id, seconds, d.payload);
    } else {
      if (!w.secret.empty()) {
        std::string& sig = h.Append("X-Webhook-Signature");
        SignPayloadTo(&sig, w.secret, d.timestamp_ms, d.payload);
        if (!previous_secret.empty()) {
          sig += ' ';
          SignPayloadTo(&sig, previous_secret, d.timestamp_ms, d.payload);
        }
      }
      AddNumber(h, "X-Webhook-Timestamp", d.timestamp_ms);
    }
    h.Add("X-Webhook-Id", w.id);
    h.Add("X-Webhook-Delivery-Id", d.id);
    h.Add("X-Webhook-Event", event::Name(d.event));
  }
  if (d.test) h.Add("X-Webhook-Test", "true");
  // A webhook's own header replaces one of the defaults of the same name (User-Agent); the names
  // vigil owns are refused by the config, so nothing else can clash.
  for (const auto& [k, v] : w.headers) h.Set(k, v);
}

}  // namespace vigil::deliver
