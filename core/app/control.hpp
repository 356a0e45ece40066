// What the REST API may ask of the running daemon: webhooks and instances (read, create, update,
// delete, persisted in the store), test deliveries, delivery history and retries, recent events,
// metrics. The daemon implements it; the API (core/api) only translates HTTP to these calls.
// Loop thread only. Errors: Status::Invalid("<field>: <why>") -> 400 naming the field,
// NotFound -> 404, Conflict -> 409.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.hpp"
#include "core/deliver/dispatcher.hpp"
#include "core/info/snapshot.hpp"
#include "core/monitor/instance_monitor.hpp"
#include "core/util/result.hpp"

namespace vigil::app {

class Control {
 public:
  virtual ~Control() = default;

  // ---- webhooks ----
  struct WebhookEntry {
    config::Webhook webhook;  // secret in clear: the API masks it
    std::string source;       // "config" (from the file) or "api" (created through the API)
    bool enabled = true;      // false also after a 410 Gone
    std::string circuit;      // "closed" | "open" | "half_open"
    std::int64_t created_at_ms = 0;
    std::string previous_secret;  // during a rotation's grace period, else empty
  };
  virtual std::vector<WebhookEntry> ListWebhooks() const = 0;
  virtual std::optional<WebhookEntry> GetWebhook(std::string_view id) const = 0;
  // w was parsed and validated by config::ParseWebhookJson; the daemon checks the sink binds
  // (Invalid "sinkOptions: ..."), the id is free (Conflict), persists it and starts using it.
  virtual Result<WebhookEntry> CreateWebhook(config::Webhook w) = 0;
  // Replaces the webhook (the API merged the partial update into the current one).
  virtual Result<WebhookEntry> UpdateWebhook(std::string_view id, config::Webhook w) = 0;
  virtual Status DeleteWebhook(std::string_view id) = 0;
  // New secret; the old one keeps signing (both signatures, space-separated) for grace_ms.
  virtual Result<WebhookEntry> RotateSecret(std::string_view id, std::string new_secret,
                                            std::int64_t grace_ms) = 0;
  struct TestResult {
    bool success = false;
    int status_code = 0;
    std::string response_body;
    std::string error;
    std::int64_t duration_ms = 0;
  };
  // Sends a webhook.test event to the webhook now (X-Webhook-Test: true), outside the outbox.
  virtual void TestWebhook(std::string_view id, std::function<void(Result<TestResult>)> cb) = 0;

  // ---- deliveries (history, retries, queue stats) ----
  virtual deliver::Dispatcher& dispatcher() = 0;

  // ---- instances ----
  struct InstanceEntry {
    config::Instance spec;  // password in clear: the API masks it
    std::string source;     // "config" | "api"
    monitor::InstanceStatus status;
    std::optional<info::InfoSnapshot> info;  // from the last INFO answer
  };
  virtual std::vector<InstanceEntry> ListInstances() const = 0;
  virtual std::optional<InstanceEntry> GetInstance(std::string_view name) const = 0;
  virtual Result<InstanceEntry> CreateInstance(config::Instance spec) = 0;
  virtual Result<InstanceEntry> UpdateInstance(std::string_view name, config::Instance spec) = 0;
  virtual Status DeleteInstance(std::string_view name) = 0;

  // ---- events, health, metrics ----
  // Recent event payloads (JSON), newest first, filtered by instance name and event type.
  virtual void RecentEvents(std::size_t limit, std::string instance, std::string event,
                            std::function<void(Result<std::vector<std::string>>)> cb) = 0;
  // Appends the Prometheus exposition of every instance and of vigil itself.
  virtual void RenderMetrics(std::string& out) = 0;
  virtual const config::Config& config() const = 0;
};

}  // namespace vigil::app
