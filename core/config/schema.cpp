// Every key of the configuration file, declared once: name, type, allowed values, description and
// the struct member it fills. Defaults live in the structs (config.hpp) and are shown from there.
#include "core/config/schema.hpp"

#include <algorithm>
#include <cctype>

#include "core/config/checks.hpp"

namespace vigil::config::detail {
namespace {

constexpr std::int64_t kHour = 3600000;

bool Subscribable(const event::TypeInfo& i) {
  return i.type != event::Type::kTest;
}

std::string KnownEvents() {
  std::string list;
  for (const auto& i : event::kCatalog)
    if (Subscribable(i)) list += std::string(i.name) + ", ";
  return list + "*";
}

// `events`: names from the event catalog, or "*"; stored as types in catalog order.
Field<Webhook> EventsField() {
  Field<Webhook> f{.name = "events",
                   .type = "array of strings",
                   .allowed = "event names (see Events), \"*\" for all; non-empty",
                   .description = "The event types delivered to this webhook."};
  f.set = [](Webhook& w, Json j, const std::string& path) {
    std::vector<bool> want(event::kCatalog.size(), false);
    std::size_t count = 0;
    Status s = ForEachItem(j, path, [&](const std::string& item_path, Json item) {
      ++count;
      std::string name;
      if (Status r = ReadString(item, item_path, name); !r.ok()) return r;
      if (name == "*") {
        for (const auto& i : event::kCatalog) want[static_cast<std::size_t>(i.type)] = true;
        return Status::Ok();
      }
      auto type = event::FromName(name);
      if (!type)
        return Fail(item_path,
                    fmt::format("unknown event {} (known: {})", Quote(name), KnownEvents()));
      if (*type == event::Type::kTest)
        return Fail(item_path,
                    "\"webhook.test\" is not subscribable (test deliveries go to "
                    "the webhook they name)");
      want[static_cast<std::size_t>(*type)] = true;
      return Status::Ok();
    });
    if (!s.ok()) return s;
    if (count == 0) return Fail(path, "must not be empty");
    w.events.clear();
    for (const auto& i : event::kCatalog)
      if (Subscribable(i) && want[static_cast<std::size_t>(i.type)]) w.events.push_back(i.type);
    return Status::Ok();
  };
  return std::move(f).Required();
}

bool SameHeader(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// `headers`: extra request headers; vigil's own headers cannot be overridden.
Field<Webhook> HeadersField() {
  Field<Webhook> f{.name = "headers",
                   .type = "object of strings",
                   .allowed =
                       "header name -> value; not Content-Type, Content-Length, Host, "
                       "Connection, Transfer-Encoding, X-Webhook-*",
                   .description = "Extra headers sent with every request (e.g. Authorization)."};
  f.set = [](Webhook& w, Json j, const std::string& path) {
    simdjson::dom::object obj;
    if (j.get(obj) != simdjson::SUCCESS) return Fail(path, "expected an object");
    std::vector<std::pair<std::string, std::string>> headers;
    for (auto kv : obj) {
      std::string key_path = JoinKey(path, kv.key);
      if (const char* why = CheckHeaderName(kv.key)) return Fail(key_path, why);
      for (const auto& h : headers)
        if (SameHeader(h.first, kv.key)) return Fail(key_path, "duplicate header");
      std::string value;
      if (Status s = ReadString(kv.value, key_path, value); !s.ok()) return s;
      if (const char* why = CheckHeaderValue(value)) return Fail(key_path, why);
      headers.emplace_back(std::string(kv.key), std::move(value));
    }
    w.headers = std::move(headers);
    return Status::Ok();
  };
  f.show = [](const Webhook& w) { return std::string(w.headers.empty() ? "{}" : "{...}"); };
  return f;
}

// `instances` of a webhook: names, checked against the configured instances in load.cpp.
Field<Webhook> InstanceNamesField() {
  Field<Webhook> f{.name = "instances",
                   .type = "array of strings",
                   .allowed = "names of configured instances",
                   .description = "Only events of these instances are delivered; [] means all."};
  f.set = [](Webhook& w, Json j, const std::string& path) {
    std::vector<std::string> names;
    Status s = ForEachItem(j, path, [&](const std::string& item_path, Json item) {
      std::string name;
      if (Status r = ReadString(item, item_path, name); !r.ok()) return r;
      names.push_back(std::move(name));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    w.instances = std::move(names);
    return Status::Ok();
  };
  f.show = [](const Webhook& w) { return std::string(w.instances.empty() ? "[]" : "[...]"); };
  return f;
}

}  // namespace

const ObjectDecl<Config>& ConfigDecl() {
  static const ObjectDecl<Config> d{
      "Top level",
      "The file is one JSON object.",
      {
          Str("dataDir", &Config::data_dir, "non-empty", CheckNonEmpty,
              "Directory for the outbox and delivery history; created if missing."),
          Str("listen", &Config::listen, "host:port, port 1..65535, IPv6 as [addr]:port",
              CheckListen, "Address of vigil's HTTP API."),
          Int("pollIntervalMs", &Config::poll_interval_ms, 100, kHour,
              "How often each instance is polled (INFO), unless the instance sets its own."),
          Int("timeoutMs", &Config::timeout_ms, 100, 60000,
              "Per-request timeout towards instances, unless the instance sets its own."),
          Obj("resp", &Config::resp, &RespDecl, "Redis protocol client settings."),
          Int("aclLogIntervalMs", &Config::acl_log_interval_ms, 1000, kHour,
              "How often ACL LOG is read on servers without the acl_access_denied_auth stat."),
          ObjList("instances", &Config::instances, &InstanceDecl,
                  "The servers to watch; [] watches none.")
              .Default("one instance `\"local\"` at `127.0.0.1:6379` (only if the key is absent)"),
          ObjList("webhooks", &Config::webhooks, &WebhookDecl, "The receivers of events.")
              .Default("`[]`"),
          Obj("delivery", &Config::delivery, &DeliveryDecl, "Outbox and history settings."),
          StrList("pluginDirs", &Config::plugin_dirs,
                  "Directories of plugin .so files, searched before the built-in ones."),
          OptStr("publicUrl", &Config::public_url,
                 "Base URL of vigil's UI, for links in Slack, Discord and PagerDuty messages."),
          ObjList("sources", &Config::sources, &SourceDecl,
                  "Source plugins (e.g. Sentinel) feeding events into the pipeline.")
              .Default("`[]`"),
          Obj("api", &Config::api, &ApiDecl, "The HTTP API: access token."),
      }};
  return d;
}

const ObjectDecl<RespOptions>& RespDecl() {
  static const ObjectDecl<RespOptions> d{
      "resp",
      "How vigil talks to Valkey/Redis servers.",
      {
          Int("maxReplyBytes", &RespOptions::max_reply_bytes, 1024, 1073741824,
              "Largest reply accepted; a bigger one drops the connection."),
          Int("connectTimeoutMs", &RespOptions::connect_timeout_ms, 100, 60000,
              "Time allowed for TCP connect and AUTH."),
          Int("reconnectInitialDelayMs", &RespOptions::reconnect_initial_delay_ms, 10, 60000,
              "First delay before reconnecting; doubles after each failure."),
          Int("reconnectMaxDelayMs", &RespOptions::reconnect_max_delay_ms, 10, 600000,
              "Upper bound of the reconnect delay.")
              .AtLeast("reconnectInitialDelayMs", &RespOptions::reconnect_initial_delay_ms),
      }};
  return d;
}

const ObjectDecl<Instance>& InstanceDecl() {
  static const ObjectDecl<Instance> d{
      "instances[]",
      "One Valkey/Redis server. Events carry its name.",
      {
          Str("name", &Instance::name, "1..128 of A-Z a-z 0-9 . _ : -; unique", CheckInstanceName,
              "Name used in events, logs and webhooks[].instances.")
              .Default("`\"<host>:<port>\"`"),
          Str("host", &Instance::host, "non-empty", CheckNonEmpty, "Host name or IP address.")
              .Required(),
          Int("port", &Instance::port, 1, 65535, "TCP port."),
          OptStr("username", &Instance::username, "ACL user for AUTH; null for none or default."),
          OptStr("password", &Instance::password, "Password for AUTH; null for none. Secret."),
          OptInt("pollIntervalMs", &Instance::poll_interval_ms, 100, kHour,
                 "Poll interval for this instance; null inherits the top-level value."),
          OptInt("timeoutMs", &Instance::timeout_ms, 100, 60000,
                 "Request timeout for this instance; null inherits the top-level value."),
      }};
  return d;
}

const ObjectDecl<Webhook>& WebhookDecl() {
  static const ObjectDecl<Webhook> d{
      "webhooks[]",
      "One HTTP receiver and the events it gets.",
      {
          Str("id", &Webhook::id, "1..64 of A-Z a-z 0-9 . _ -; unique", CheckWebhookId,
              "Stable identifier, used in the API and delivery history.")
              .Default("`\"webhook-<n>\"` (n = 1-based position)"),
          Str("name", &Webhook::name, "non-empty", CheckNonEmpty, "Human-readable name.")
              .Default("the id"),
          Str("url", &Webhook::url, "http:// or https:// URL with a host", CheckUrl,
              "Where deliveries are POSTed. Required unless the sink has a default URL.")
              .Default("the sink's default URL (pagerduty); required otherwise"),
          Str("secret", &Webhook::secret, "any", nullptr,
              "HMAC-SHA256 signing key; \"\" sends deliveries unsigned. Secret."),
          EventsField(),
          Bool("enabled", &Webhook::enabled, "false keeps the webhook configured but silent."),
          Obj("thresholds", &Webhook::thresholds, &ThresholdsDecl,
              "When threshold alerts fire for this webhook."),
          Num("hysteresisFactor", &Webhook::hysteresis_factor, 0.5, 1.0,
              "A firing alert resolves below threshold x factor; 1.0 means no hysteresis."),
          Obj("retryPolicy", &Webhook::retry_policy, &RetryPolicyDecl,
              "How failed deliveries are retried."),
          HeadersField(),
          Int("timeoutMs", &Webhook::timeout_ms, 1000, 120000,
              "Timeout of one delivery request, connect to last response byte."),
          Obj("tls", &Webhook::tls, &TlsDecl, "Certificate verification for https:// URLs."),
          InstanceNamesField(),
          Str("sink", &Webhook::sink, "a loaded sink: generic, slack, discord, pagerduty, ...",
              CheckPluginName,
              "Request format; \"generic\" is vigil's signed JSON envelope (docs/plugins.md)."),
          RawObject("sinkOptions", &Webhook::sink_options_json,
                    "Options of the sink, checked by the sink at start-up."),
          Enum("signatureFormat", &Webhook::signature_format,
               {{"vigil", SignatureFormat::kVigil},
                {"standard-webhooks", SignatureFormat::kStandardWebhooks}},
               "Signature headers of signing sinks (generic): vigil's or Standard Webhooks'."),
          Obj("rateLimit", &Webhook::rate_limit, &RateLimitDecl,
              "Token bucket per webhook; overrides the sink's declared limit."),
          OptBool("sendResolved", &Webhook::send_resolved,
                  "Deliver resolved events too; null leaves it to the sink."),
      }};
  return d;
}

const ObjectDecl<Thresholds>& ThresholdsDecl() {
  static const ObjectDecl<Thresholds> d{
      "webhooks[].thresholds",
      "Percentages at which memory.critical and connection.critical fire.",
      {
          Num("memoryCriticalPercent", &Thresholds::memory_critical_percent, 1, 100,
              "used_memory as a percentage of maxmemory (instances with maxmemory set)."),
          Num("connectionCriticalPercent", &Thresholds::connection_critical_percent, 1, 100,
              "connected_clients as a percentage of maxclients."),
      }};
  return d;
}

const ObjectDecl<RetryPolicy>& RetryPolicyDecl() {
  static const ObjectDecl<RetryPolicy> d{
      "webhooks[].retryPolicy",
      "Retry n waits min(initialDelayMs x backoffMultiplier^(n-1), maxDelayMs).",
      {
          Int("maxRetries", &RetryPolicy::max_retries, 0, 100,
              "Retries after the first attempt; 0 never retries."),
          Int("initialDelayMs", &RetryPolicy::initial_delay_ms, 10, kHour,
              "Delay before the first retry."),
          Num("backoffMultiplier", &RetryPolicy::backoff_multiplier, 1, 10,
              "Factor applied to the delay after each retry."),
          Int("maxDelayMs", &RetryPolicy::max_delay_ms, 10, 86400000, "Upper bound of one delay.")
              .AtLeast("initialDelayMs", &RetryPolicy::initial_delay_ms),
      }};
  return d;
}

const ObjectDecl<TlsOptions>& TlsDecl() {
  static const ObjectDecl<TlsOptions> d{
      "webhooks[].tls",
      "Verification of the receiver's certificate.",
      {
          OptStr("caFile", &TlsOptions::ca_file,
                 "PEM file of CAs to trust instead of the system store; null uses the system."),
          Bool("insecureSkipVerify", &TlsOptions::insecure_skip_verify,
               "Accept any certificate. For testing only."),
      }};
  return d;
}

const ObjectDecl<DeliveryOptions>& DeliveryDecl() {
  static const ObjectDecl<DeliveryOptions> d{
      "delivery",
      "The durable outbox shared by all webhooks.",
      {
          Enum("durability", &DeliveryOptions::durability,
               {{"process", Durability::kProcess}, {"fsync", Durability::kFsync}},
               "\"process\": survives a vigil crash; \"fsync\": also a power loss, slower."),
          Int("maxConcurrencyPerEndpoint", &DeliveryOptions::max_concurrency_per_endpoint, 1, 256,
              "Requests in flight at once per webhook."),
          Int("responseBodyMaxBytes", &DeliveryOptions::response_body_max_bytes, 0, 1048576,
              "Bytes of each response body kept in history."),
          Int("historyRetentionDays", &DeliveryOptions::history_retention_days, 1, 3650,
              "Delivery history older than this is deleted."),
          Int("historyMaxPerWebhook", &DeliveryOptions::history_max_per_webhook, 100, 10000000,
              "At most this many history records are kept per webhook."),
          Obj("circuitBreaker", &DeliveryOptions::circuit_breaker, &CircuitBreakerDecl,
              "Pausing a webhook that keeps failing."),
      }};
  return d;
}

const ObjectDecl<RateLimit>& RateLimitDecl() {
  static const ObjectDecl<RateLimit> d{
      "webhooks[].rateLimit",
      "At most perSecond requests a second to this webhook, with bursts of up to burst.",
      {
          Num("perSecond", &RateLimit::per_second, 0, 100000,
              "Requests per second; 0 means no limit.")
              .Default(
                  "the sink's declared limit (slack 1, discord 2.5, pagerduty 2, generic none)"),
          Int("burst", &RateLimit::burst, 1, 100000, "Requests allowed at once."),
      }};
  return d;
}

const ObjectDecl<Source>& SourceDecl() {
  static const ObjectDecl<Source> d{
      "sources[]",
      "One source plugin instance; its options are checked by the plugin at start-up.",
      {
          Str("plugin", &Source::plugin, "a loaded source, e.g. sentinel", CheckPluginName,
              "Which source.")
              .Required(),
          Str("name", &Source::name, "1..64 of a-z 0-9 _ -; unique", CheckPluginName,
              "Name of this instance of the source, in logs.")
              .Default("the plugin name"),
          RawObject("options", &Source::options_json, "Options of the source."),
      }};
  return d;
}

const ObjectDecl<CircuitBreaker>& CircuitBreakerDecl() {
  static const ObjectDecl<CircuitBreaker> d{
      "delivery.circuitBreaker",
      "After failureThreshold consecutive failures a webhook pauses for openMs, then tries once.",
      {
          Int("failureThreshold", &CircuitBreaker::failure_threshold, 1, 1000,
              "Consecutive failed attempts that open the circuit."),
          Int("openMs", &CircuitBreaker::open_ms, 1000, kHour,
              "How long the circuit stays open before a trial request."),
      }};
  return d;
}

const ObjectDecl<ApiOptions>& ApiDecl() {
  static const ObjectDecl<ApiOptions> d{
      "api",
      "Access to the HTTP API (docs/api.md). Without a token vigil refuses to listen on a "
      "non-loopback address.",
      {
          OptStr("token", &ApiOptions::token,
                 "Bearer token required by every route but /health; null falls back to the "
                 "VIGIL_API_TOKEN environment variable. Secret."),
      }};
  return d;
}

}  // namespace vigil::config::detail
