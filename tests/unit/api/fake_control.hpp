// An in-memory app::Control for the API's routing, validation and error-class unit tests: keeps
// webhooks and instances in vectors. Delivery routes need the real daemon (tests/integration).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "core/api/metrics_render.hpp"
#include "core/app/control.hpp"

namespace vigil::api::testing {

class FakeControl : public app::Control {
 public:
  FakeControl() {
    cfg_ = config::DefaultConfig();
    InstanceEntry local{cfg_.instances[0], "config", {}, std::nullopt};
    local.spec.password = "hunter2";
    instances_.push_back(local);
  }

  std::vector<WebhookEntry> ListWebhooks() const override { return webhooks_; }
  std::optional<WebhookEntry> GetWebhook(std::string_view id) const override {
    for (const auto& w : webhooks_)
      if (w.webhook.id == id) return w;
    return std::nullopt;
  }
  Result<WebhookEntry> CreateWebhook(config::Webhook w) override {
    if (GetWebhook(w.id)) return Status::Conflict("id: duplicate \"" + w.id + "\"");
    webhooks_.push_back(WebhookEntry{std::move(w), "api", true, "closed", 1700000000000, ""});
    return webhooks_.back();
  }
  Result<WebhookEntry> UpdateWebhook(std::string_view id, config::Webhook w) override {
    for (auto& e : webhooks_)
      if (e.webhook.id == id) {
        e.webhook = std::move(w);
        return e;
      }
    return Status::NotFound("webhook not found");
  }
  Status DeleteWebhook(std::string_view id) override {
    for (auto it = webhooks_.begin(); it != webhooks_.end(); ++it)
      if (it->webhook.id == id) {
        webhooks_.erase(it);
        return Status::Ok();
      }
    return Status::NotFound("webhook not found: " + std::string(id));
  }
  Result<WebhookEntry> RotateSecret(std::string_view id, std::string new_secret,
                                    std::int64_t grace_ms) override {
    for (auto& e : webhooks_)
      if (e.webhook.id == id) {
        e.previous_secret = e.webhook.secret;
        e.webhook.secret = std::move(new_secret);
        last_grace_ms = grace_ms;
        return e;
      }
    return Status::NotFound("webhook not found");
  }
  void TestWebhook(std::string_view, std::function<void(Result<TestResult>)> cb) override {
    cb(TestResult{true, 200, "ok", "", 3});
  }
  deliver::Dispatcher& dispatcher() override { std::abort(); }  // not in unit tests

  std::vector<InstanceEntry> ListInstances() const override { return instances_; }
  std::optional<InstanceEntry> GetInstance(std::string_view name) const override {
    for (const auto& i : instances_)
      if (i.spec.name == name) return i;
    return std::nullopt;
  }
  Result<InstanceEntry> CreateInstance(config::Instance spec) override {
    if (GetInstance(spec.name)) return Status::Conflict("name: duplicate \"" + spec.name + "\"");
    instances_.push_back(InstanceEntry{std::move(spec), "api", {}, std::nullopt});
    return instances_.back();
  }
  Result<InstanceEntry> UpdateInstance(std::string_view name, config::Instance spec) override {
    for (auto& i : instances_)
      if (i.spec.name == name) {
        i.spec = std::move(spec);
        return i;
      }
    return Status::NotFound("instance not found");
  }
  Status DeleteInstance(std::string_view name) override {
    for (auto it = instances_.begin(); it != instances_.end(); ++it)
      if (it->spec.name == name) {
        instances_.erase(it);
        return Status::Ok();
      }
    return Status::NotFound("instance not found: " + std::string(name));
  }
  void RecentEvents(std::size_t limit, std::string instance, std::string event,
                    std::function<void(Result<std::vector<std::string>>)> cb) override {
    last_events_query = std::to_string(limit) + "|" + instance + "|" + event;
    cb(std::vector<std::string>{R"({"event":"instance.down"})"});
  }
  void RenderMetrics(std::string& out) override {
    InstanceMetricsInput in{"local", "127.0.0.1:6379", "# Server\r\nuptime_in_seconds:5\r\n", true,
                            0.001};
    RenderInstanceMetrics({&in, 1}, out);
  }
  const config::Config& config() const override { return cfg_; }

  std::vector<WebhookEntry> webhooks_;
  std::vector<InstanceEntry> instances_;
  config::Config cfg_;
  std::int64_t last_grace_ms = -1;
  std::string last_events_query;
};

}  // namespace vigil::api::testing
