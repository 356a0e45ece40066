// The vigil daemon: one libuv loop that owns every part (monitors, detectors, router,
// dispatcher, HTTP client) and runs until SIGINT/SIGTERM or Stop().
#pragma once

#include <uv.h>

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "core/api/api.hpp"
#include "core/api/metrics_render.hpp"
#include "core/app/control.hpp"
#include "core/config/config.hpp"
#include "core/deliver/dispatcher.hpp"
#include "core/deliver/router.hpp"
#include "core/detect/engine.hpp"
#include "core/http/client.hpp"
#include "core/http/server.hpp"
#include "core/monitor/instance_monitor.hpp"
#include "core/plugin/registry.hpp"
#include "core/plugin/source_host.hpp"
#include "core/reactor/timer_queue.hpp"
#include "core/store/store.hpp"

namespace vigil::app {

// The plugin directories of a configuration: its pluginDirs, then the built-in ones.
std::vector<std::string> PluginDirs(const config::Config& cfg);
// Every webhook's sink and sinkOptions, and every source, against the loaded plugins.
Status CheckPlugins(const config::Config& cfg, const plugin::Registry& plugins);

class Daemon : public Control, private event::EventSink {
 public:
  explicit Daemon(config::Config cfg);
  // Loads plugins, opens the data directory and builds every part. Status::Invalid: the
  // configuration does not fit the plugins (exit 2); other errors: cannot run (exit 1).
  Status Init();
  ~Daemon() override;
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs the loop on the calling thread until stopped. Returns the process exit status.
  int Run();
  // Asks the loop to stop; safe from any thread and from signal context via uv_async.
  void Stop();

  // ---- Control (the REST API's view of the daemon; core/app/daemon_control.cpp) ----
  std::vector<WebhookEntry> ListWebhooks() const override;
  std::optional<WebhookEntry> GetWebhook(std::string_view id) const override;
  Result<WebhookEntry> CreateWebhook(config::Webhook w) override;
  Result<WebhookEntry> UpdateWebhook(std::string_view id, config::Webhook w) override;
  Status DeleteWebhook(std::string_view id) override;
  Result<WebhookEntry> RotateSecret(std::string_view id, std::string new_secret,
                                    std::int64_t grace_ms) override;
  void TestWebhook(std::string_view id, std::function<void(Result<TestResult>)> cb) override;
  deliver::Dispatcher& dispatcher() override { return *dispatcher_; }
  std::vector<InstanceEntry> ListInstances() const override;
  std::optional<InstanceEntry> GetInstance(std::string_view name) const override;
  Result<InstanceEntry> CreateInstance(config::Instance spec) override;
  Result<InstanceEntry> UpdateInstance(std::string_view name, config::Instance spec) override;
  Status DeleteInstance(std::string_view name) override;
  void RecentEvents(std::size_t limit, std::string instance, std::string event,
                    std::function<void(Result<std::vector<std::string>>)> cb) override;
  void RenderMetrics(std::string& out) override;
  const config::Config& config() const override { return cfg_; }

 private:
  // Every event passes here on its way to the router: counted for /metrics.
  void Publish(event::EventPtr e, const std::vector<std::size_t>* only) override;
  void Shutdown();
  void SchedulePrune(std::uint64_t delay_ms);
  // Every 500 ms: how late the timer fired is the loop's lag (vigil_loop_lag_seconds).
  void ScheduleLagProbe(std::uint64_t armed_at);
  Status StartApiServer();
  void LoadApiResources();
  std::size_t AddMonitor(const config::Instance& spec, std::uint64_t first_poll_delay_ms);
  WebhookEntry Entry(std::size_t index) const;
  InstanceEntry Entry(const monitor::InstanceMonitor& m) const;
  monitor::InstanceMonitor* FindMonitor(std::string_view name) const;
  void CountDelivery(const deliver::Delivery& d);

  config::Config cfg_;
  plugin::Registry plugins_;
  uv_loop_t loop_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<deliver::Outbox> outbox_;
  std::unique_ptr<reactor::Timer> prune_timer_;
  std::unique_ptr<reactor::Timer> lag_timer_;
  std::unique_ptr<deliver::Dispatcher> dispatcher_;
  std::unique_ptr<deliver::Router> router_;
  std::unique_ptr<detect::Engine> engine_;
  std::vector<std::unique_ptr<monitor::InstanceMonitor>> monitors_;
  std::vector<std::unique_ptr<plugin::SourceRunner>> sources_;
  std::unique_ptr<http::HttpServer> api_server_;
  std::unique_ptr<api::Api> api_;
  std::set<std::string, std::less<>> api_webhooks_, api_instances_;  // made through the API
  std::map<std::string, std::int64_t, std::less<>> created_at_;      // webhook id -> ms
  api::VigilStats stats_;
  // Deliveries that reached each status, per webhook id (vigil_deliveries_total); indexed by
  // DeliveryStatus, looked up without allocating on every delivery.
  std::map<std::string, std::array<std::uint64_t, 5>, std::less<>> delivery_counts_;
  uv_signal_t sigint_, sigterm_;
  uv_async_t stop_async_;
  bool shutting_down_ = false;
  bool initialized_ = false;
};

}  // namespace vigil::app
