// Resource persistence: "webhook/<id>" and "instance/<name>" keys of the webhooks column family.
#include "core/app/resource_store.hpp"

#include <rocksdb/db.h>

#include "core/util/json_writer.hpp"

namespace vigil::app {
namespace {

constexpr std::string_view kWebhookPrefix = "webhook/";
constexpr std::string_view kInstancePrefix = "instance/";

void OptString(JsonWriter& w, std::string_view key, const std::optional<std::string>& v) {
  w.key(key);
  if (v)
    w.value(*v);
  else
    w.null();
}

}  // namespace

std::string WebhookConfigJson(const config::Webhook& h) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("id", h.id).field("name", h.name).field("url", h.url).field("secret", h.secret);
  w.key("events").begin_array();
  for (event::Type t : h.events) w.value(event::Name(t));
  w.end_array();
  w.field("enabled", h.enabled);
  w.key("thresholds").begin_object();
  w.field("memoryCriticalPercent", h.thresholds.memory_critical_percent);
  w.field("connectionCriticalPercent", h.thresholds.connection_critical_percent);
  w.end_object();
  w.field("hysteresisFactor", h.hysteresis_factor);
  w.key("retryPolicy").begin_object();
  w.field("maxRetries", h.retry_policy.max_retries);
  w.field("initialDelayMs", h.retry_policy.initial_delay_ms);
  w.field("backoffMultiplier", h.retry_policy.backoff_multiplier);
  w.field("maxDelayMs", h.retry_policy.max_delay_ms);
  w.end_object();
  w.key("headers").begin_object();
  for (const auto& [k, v] : h.headers) w.field(k, v);
  w.end_object();
  w.field("timeoutMs", h.timeout_ms);
  w.key("tls").begin_object();
  OptString(w, "caFile", h.tls.ca_file);
  w.field("insecureSkipVerify", h.tls.insecure_skip_verify);
  w.end_object();
  w.key("instances").begin_array();
  for (const std::string& n : h.instances) w.value(n);
  w.end_array();
  w.field("sink", h.sink);
  w.key("sinkOptions").raw(h.sink_options_json);
  w.field("signatureFormat", h.signature_format == config::SignatureFormat::kStandardWebhooks
                                 ? "standard-webhooks"
                                 : "vigil");
  if (h.rate_limit.per_second >= 0) {
    w.key("rateLimit").begin_object();
    w.field("perSecond", h.rate_limit.per_second).field("burst", h.rate_limit.burst);
    w.end_object();
  }
  w.key("sendResolved");
  if (h.send_resolved)
    w.value(*h.send_resolved);
  else
    w.null();
  w.end_object();
  return out;
}

std::string InstanceConfigJson(const config::Instance& in) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("name", in.name).field("host", in.host).field("port", in.port);
  OptString(w, "username", in.username);
  OptString(w, "password", in.password);
  w.key("pollIntervalMs");
  if (in.poll_interval_ms)
    w.value(*in.poll_interval_ms);
  else
    w.null();
  w.key("timeoutMs");
  if (in.timeout_ms)
    w.value(*in.timeout_ms);
  else
    w.null();
  w.end_object();
  return out;
}

StoredResources LoadResources(store::Store& s) {
  StoredResources out;
  std::unique_ptr<rocksdb::Iterator> it(
      s.db()->NewIterator(rocksdb::ReadOptions(), s.cf(store::Cf::kWebhooks)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string key = it->key().ToString();
    if (key.rfind(kWebhookPrefix, 0) == 0)
      out.webhooks.emplace_back(key.substr(kWebhookPrefix.size()), it->value().ToString());
    else if (key.rfind(kInstancePrefix, 0) == 0)
      out.instances.emplace_back(key.substr(kInstancePrefix.size()), it->value().ToString());
  }
  return out;
}

void SaveWebhook(store::Store& s, const config::Webhook& w) {
  store::Batch b = s.NewBatch();
  b.Put(store::Cf::kWebhooks, std::string(kWebhookPrefix) + w.id, WebhookConfigJson(w));
  s.Commit(std::move(b));
}

void DeleteWebhook(store::Store& s, const std::string& id) {
  store::Batch b = s.NewBatch();
  b.Delete(store::Cf::kWebhooks, std::string(kWebhookPrefix) + id);
  s.Commit(std::move(b));
}

void SaveInstance(store::Store& s, const config::Instance& in) {
  store::Batch b = s.NewBatch();
  b.Put(store::Cf::kWebhooks, std::string(kInstancePrefix) + in.name, InstanceConfigJson(in));
  s.Commit(std::move(b));
}

void DeleteInstance(store::Store& s, const std::string& name) {
  store::Batch b = s.NewBatch();
  b.Delete(store::Cf::kWebhooks, std::string(kInstancePrefix) + name);
  s.Commit(std::move(b));
}

}  // namespace vigil::app
