// The vigil daemon: one libuv loop that owns every part (monitors, detectors, router,
// dispatcher, HTTP client) and runs until SIGINT/SIGTERM or Stop().
#pragma once

#include <uv.h>

#include <atomic>
#include <memory>
#include <vector>

#include "core/config/config.hpp"
#include "core/deliver/dispatcher.hpp"
#include "core/deliver/router.hpp"
#include "core/detect/engine.hpp"
#include "core/http/client.hpp"
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

class Daemon {
 public:
  explicit Daemon(config::Config cfg);
  // Loads plugins, opens the data directory and builds every part. Status::Invalid: the
  // configuration does not fit the plugins (exit 2); other errors: cannot run (exit 1).
  Status Init();
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs the loop on the calling thread until stopped. Returns the process exit status.
  int Run();
  // Asks the loop to stop; safe from any thread and from signal context via uv_async.
  void Stop();

 private:
  void Shutdown();
  void SchedulePrune(std::uint64_t delay_ms);

  config::Config cfg_;
  plugin::Registry plugins_;
  uv_loop_t loop_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<deliver::Outbox> outbox_;
  std::unique_ptr<reactor::Timer> prune_timer_;
  std::unique_ptr<deliver::Dispatcher> dispatcher_;
  std::unique_ptr<deliver::Router> router_;
  std::unique_ptr<detect::Engine> engine_;
  std::vector<std::unique_ptr<monitor::InstanceMonitor>> monitors_;
  std::vector<std::unique_ptr<plugin::SourceRunner>> sources_;
  uv_signal_t sigint_, sigterm_;
  uv_async_t stop_async_;
  bool shutting_down_ = false;
  bool initialized_ = false;
};

}  // namespace vigil::app
