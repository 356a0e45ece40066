// WebhookToJson: every key of a webhook as the config file spells it, plus source, createdAt,
// circuit and secretRotating (read-only).
#include "core/api/resource_json.hpp"
#include "core/api/secret.hpp"
#include "core/util/json_writer.hpp"

namespace vigil::api {

std::string WebhookToJson(const app::Control::WebhookEntry& e, bool mask_secret) {
  const config::Webhook& w = e.webhook;
  std::string out;
  JsonWriter j(out);
  j.begin_object();
  j.field("id", w.id).field("name", w.name).field("url", w.url);
  j.field("secret", mask_secret ? MaskSecret(w.secret) : w.secret);
  j.field("enabled", e.enabled);
  j.key("events").begin_array();
  for (auto t : w.events) j.value(event::Name(t));
  j.end_array();
  j.key("headers").begin_object();
  for (const auto& [name, value] : w.headers) j.field(name, value);
  j.end_object();
  j.key("thresholds").begin_object();
  j.field("memoryCriticalPercent", w.thresholds.memory_critical_percent);
  j.field("connectionCriticalPercent", w.thresholds.connection_critical_percent);
  j.end_object();
  j.field("hysteresisFactor", w.hysteresis_factor);
  j.key("retryPolicy").begin_object();
  j.field("maxRetries", w.retry_policy.max_retries);
  j.field("initialDelayMs", w.retry_policy.initial_delay_ms);
  j.field("backoffMultiplier", w.retry_policy.backoff_multiplier);
  j.field("maxDelayMs", w.retry_policy.max_delay_ms);
  j.end_object();
  j.field("timeoutMs", w.timeout_ms);
  j.key("tls").begin_object().key("caFile");
  if (w.tls.ca_file)
    j.value(*w.tls.ca_file);
  else
    j.null();
  j.field("insecureSkipVerify", w.tls.insecure_skip_verify).end_object();
  j.field("sink", w.sink);
  j.key("sinkOptions").raw(w.sink_options_json.empty() ? "{}" : w.sink_options_json);
  j.field("signatureFormat", w.signature_format == config::SignatureFormat::kStandardWebhooks
                                 ? "standard-webhooks"
                                 : "vigil");
  j.key("rateLimit").begin_object().key("perSecond");
  if (w.rate_limit.per_second < 0)
    j.null();  // the sink's own limit
  else
    j.value(w.rate_limit.per_second);
  j.field("burst", w.rate_limit.burst).end_object();
  j.key("sendResolved");
  if (w.send_resolved)
    j.value(*w.send_resolved);
  else
    j.null();
  j.key("instances").begin_array();
  for (const auto& n : w.instances) j.value(n);
  j.end_array();
  j.field("source", e.source);
  j.field("createdAt", e.created_at_ms);
  j.field("circuit", e.circuit.empty() ? std::string("closed") : e.circuit);
  j.field("secretRotating", !e.previous_secret.empty());
  j.end_object();
  return out;
}

}  // namespace vigil::api
