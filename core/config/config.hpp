// vigil's configuration: plain structs with their defaults, and the functions that load, validate
// and document them. Every key is declared once in schema.cpp; docs/configuration.md follows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event/catalog.hpp"
#include "core/util/result.hpp"

namespace vigil::config {

// `resp`: the Redis protocol client used for every instance.
struct RespOptions {
  // Largest single reply accepted; a bigger one closes the connection.
  // Default: 67108864 (64 MiB)
  std::int64_t max_reply_bytes = 67108864;
  // Default: 2000
  std::int64_t connect_timeout_ms = 2000;
  // First reconnect delay; it doubles per failure up to reconnect_max_delay_ms.
  // Default: 100
  std::int64_t reconnect_initial_delay_ms = 100;
  // Default: 30000
  std::int64_t reconnect_max_delay_ms = 30000;
};

// `instances[]`: one Valkey/Redis server to watch.
struct Instance {
  // Unique among instances. Default: "<host>:<port>" (filled in by ParseConfig)
  std::string name;
  // Required.
  std::string host;
  // Default: 6379
  int port = 6379;
  // Default: null (no AUTH, or AUTH with the password only)
  std::optional<std::string> username;
  // A secret: never logged nor echoed in errors. Default: null
  std::optional<std::string> password;
  // Default: null (inherit Config::poll_interval_ms)
  std::optional<std::int64_t> poll_interval_ms;
  // Default: null (inherit Config::timeout_ms)
  std::optional<std::int64_t> timeout_ms;

  // Not keys: the values in force after inheritance, set by ParseConfig and DefaultConfig.
  // Default: 1000 and 2000, the top-level defaults
  std::int64_t effective_poll_interval_ms = 1000;
  std::int64_t effective_timeout_ms = 2000;
};

// `webhooks[].thresholds`: percentages at which threshold alerts fire.
struct Thresholds {
  // Default: 90
  double memory_critical_percent = 90;
  // Default: 90
  double connection_critical_percent = 90;
};

// `webhooks[].retryPolicy`: delay before retry n is min(initial * multiplier^(n-1), max).
struct RetryPolicy {
  // Retries after the first attempt. Default: 20
  std::int64_t max_retries = 20;
  // Default: 1000
  std::int64_t initial_delay_ms = 1000;
  // Default: 2
  double backoff_multiplier = 2;
  // Default: 600000 (10 minutes)
  std::int64_t max_delay_ms = 600000;
};

// `webhooks[].tls`: how https:// receivers are verified.
struct TlsOptions {
  // PEM bundle to trust instead of the system store. Default: null
  std::optional<std::string> ca_file;
  // Accept any certificate: for tests only. Default: false
  bool insecure_skip_verify = false;
};

enum class Durability { kProcess, kFsync };
// How the host signs deliveries of signing sinks (generic): vigil's X-Webhook-Signature, or the
// Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature).
enum class SignatureFormat { kVigil, kStandardWebhooks };

// `webhooks[].rateLimit`: a token bucket per webhook, overriding the sink's declared limit.
struct RateLimit {
  // Requests per second; 0 = no limit. Default: -1 (the sink's own limit)
  double per_second = -1;
  // Requests allowed at once after a quiet period. Default: 1
  std::int64_t burst = 1;
};

// `sources[]`: a source plugin instance (e.g. Sentinel) feeding events into the pipeline.
struct Source {
  // Required: the source name a loaded plugin provides.
  std::string plugin;
  // Default: the plugin name (filled by ParseConfig); unique among sources.
  std::string name;
  // The "options" object, as JSON text, validated by the plugin. Default: "{}"
  std::string options_json = "{}";
};

// `webhooks[]`: one receiver and what it subscribes to.
struct Webhook {
  // Unique among webhooks. Default: "webhook-<n>", n its 1-based position (filled by ParseConfig)
  std::string id;
  // Default: the id (filled by ParseConfig)
  std::string name;
  // http:// or https:// with a host. Required unless the sink has a default URL (pagerduty).
  // Default: "" (the sink's default URL)
  std::string url;
  // HMAC key for signatures; empty means deliveries are not signed. A secret. Default: ""
  std::string secret;
  // Required, non-empty. "*" in the file expands to every subscribable type. Kept in catalog
  // order without duplicates; never contains event::Type::kTest.
  std::vector<event::Type> events;
  // Default: true
  bool enabled = true;
  Thresholds thresholds;
  // A firing alert resolves once the ratio drops below threshold * factor. 1.0 = no hysteresis.
  // Default: 0.9
  double hysteresis_factor = 0.9;
  RetryPolicy retry_policy;
  // Extra request headers, in file order. Default: none
  std::vector<std::pair<std::string, std::string>> headers;
  // Whole-request timeout. Default: 30000
  std::int64_t timeout_ms = 30000;
  TlsOptions tls;
  // Names of the instances whose events go here. Default: empty = all instances
  std::vector<std::string> instances;
  // The sink plugin that renders requests: "generic", "slack", "discord", "pagerduty" or the
  // name of a sink from a loaded plugin. Checked against the loaded plugins at start-up.
  // Default: "generic"
  std::string sink = "generic";
  // The "sinkOptions" object as JSON text, validated by the sink. Default: "{}"
  std::string sink_options_json = "{}";
  // Default: SignatureFormat::kVigil
  SignatureFormat signature_format = SignatureFormat::kVigil;
  RateLimit rate_limit;
  // Deliver resolved events (an alert cleared, instance.up) to this webhook. Default: null (the
  // sink's choice: slack, discord and pagerduty resolve; generic does not)
  std::optional<bool> send_resolved;

  bool Subscribes(event::Type t) const;
  bool Watches(std::string_view instance_name) const;
};

// `delivery.circuitBreaker`: stop calling an endpoint that keeps failing.
struct CircuitBreaker {
  // Consecutive failures that open the circuit. Default: 5
  std::int64_t failure_threshold = 5;
  // How long it stays open before one trial request. Default: 30000
  std::int64_t open_ms = 30000;
};

// `delivery`: the outbox shared by all webhooks.
struct DeliveryOptions {
  // kProcess: a delivery survives a vigil crash but maybe not a power loss (no fsync).
  // kFsync: every outbox write is synced to disk before it counts; slower. Default: kProcess
  Durability durability = Durability::kProcess;
  // Default: 8
  std::int64_t max_concurrency_per_endpoint = 8;
  // Bytes of each receiver response kept in history. Default: 10240
  std::int64_t response_body_max_bytes = 10240;
  // Default: 30
  std::int64_t history_retention_days = 30;
  // Default: 100000
  std::int64_t history_max_per_webhook = 100000;
  CircuitBreaker circuit_breaker;
};

// `api`: the HTTP API (core/api).
struct ApiOptions {
  // Bearer token every route but /health requires (`Authorization: Bearer <token>`); the
  // VIGIL_API_TOKEN environment variable is used when this is null. A secret: never echoed.
  // Default: null (no token: the API only listens on loopback addresses)
  std::optional<std::string> token;
};

// The whole configuration file.
struct Config {
  // Default: "./vigil-data"
  std::string data_dir = "./vigil-data";
  // host:port of the HTTP API; IPv6 in brackets. Default: "127.0.0.1:8080"
  std::string listen = "127.0.0.1:8080";
  // Default: 1000
  std::int64_t poll_interval_ms = 1000;
  // Default per-instance request timeout. Default: 2000
  std::int64_t timeout_ms = 2000;
  RespOptions resp;
  // Cadence of ACL LOG reads on servers without acl_access_denied_auth. Default: 10000
  std::int64_t acl_log_interval_ms = 10000;
  // Default: one instance "local" at 127.0.0.1:6379 (only when the key is absent)
  std::vector<Instance> instances = {Instance{.name = "local", .host = "127.0.0.1"}};
  // Default: none
  std::vector<Webhook> webhooks;
  DeliveryOptions delivery;
  // Extra directories of plugin .so files, searched before the built-in ones. Default: none
  std::vector<std::string> plugin_dirs;
  // Base URL of vigil's UI for links in messages (Slack, Discord, PagerDuty). Default: null
  std::optional<std::string> public_url;
  // Default: none
  std::vector<Source> sources;
  ApiOptions api;
};

// Parses and validates one configuration document. Errors are Status::Invalid with a message
// that starts with the key's path, e.g. "webhooks[1].url: required", or with the line and
// column of a JSON syntax error. Secrets are never part of a message.
Result<Config> ParseConfig(std::string_view json);
// Reads a file and parses it as ParseConfig does; an unreadable file is Status::Io.
Result<Config> LoadConfigFile(const std::string& path);
// The configuration used when a file sets nothing.
Config DefaultConfig();

// The Markdown reference tables of every key, rendered from the declarations. docs/configuration.md
// holds this text between its GENERATED REFERENCE markers.
std::string RenderConfigReference();

// How long, with policy p, from the first attempt to the last retry (request time not counted).
std::int64_t TotalRetryDelayMs(const RetryPolicy& p);

// Splits "host:port" or "[v6]:port"; nullopt unless the host is non-empty and port is 1..65535.
struct HostPort {
  std::string host;  // without brackets
  int port = 0;
};
std::optional<HostPort> ParseHostPort(std::string_view text);

}  // namespace vigil::config
