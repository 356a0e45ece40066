// Daemon: wiring of the data flow connection -> poller -> detector -> router -> delivery.
#include "core/app/daemon.hpp"

#include "core/util/log.hpp"

namespace vigil::app {

Daemon::Daemon(config::Config cfg) : cfg_(std::move(cfg)) {
  uv_loop_init(&loop_);
  timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
  http::ClientOptions hopts;
  hopts.max_connections_per_origin =
      static_cast<std::size_t>(cfg_.delivery.max_concurrency_per_endpoint);
  http_ = std::make_unique<http::HttpClient>(&loop_, *timers_, hopts);
  dispatcher_ = std::make_unique<deliver::Dispatcher>(*timers_, *http_, cfg_);
  router_ = std::make_unique<deliver::Router>(cfg_, *dispatcher_);
  detect::EngineOptions eopts;
  eopts.acl_log_interval_ms = cfg_.acl_log_interval_ms;
  engine_ = std::make_unique<detect::Engine>(cfg_, eopts, *router_);

  // Spread first polls evenly across each instance's interval so a fleet never polls at once.
  std::size_t n = cfg_.instances.size();
  for (std::size_t i = 0; i < n; ++i) {
    const config::Instance& inst = cfg_.instances[i];
    std::uint64_t interval = static_cast<std::uint64_t>(inst.effective_poll_interval_ms);
    std::uint64_t offset = n ? (interval * i) / n : 0;
    monitors_.push_back(
        std::make_unique<monitor::InstanceMonitor>(*timers_, inst, cfg_.resp, *engine_, offset));
  }

  uv_signal_init(&loop_, &sigint_);
  uv_signal_init(&loop_, &sigterm_);
  uv_async_init(&loop_, &stop_async_,
                [](uv_async_t* a) { static_cast<Daemon*>(a->data)->Shutdown(); });
  sigint_.data = sigterm_.data = stop_async_.data = this;
}

Daemon::~Daemon() {
  if (uv_loop_alive(&loop_)) {
    Shutdown();
    uv_run(&loop_, UV_RUN_DEFAULT);
  }
  uv_loop_close(&loop_);
}

int Daemon::Run() {
  auto on_signal = [](uv_signal_t* s, int signum) {
    log::Info("signal received, stopping", {{"signal", signum}});
    static_cast<Daemon*>(s->data)->Shutdown();
  };
  uv_signal_start(&sigint_, on_signal, SIGINT);
  uv_signal_start(&sigterm_, on_signal, SIGTERM);

  log::Info("vigil starting", {{"version", VIGIL_VERSION},
                               {"instances", cfg_.instances.size()},
                               {"webhooks", cfg_.webhooks.size()}});
  for (auto& m : monitors_) m->Start();
  uv_run(&loop_, UV_RUN_DEFAULT);
  log::Info("vigil stopped");
  return 0;
}

void Daemon::Stop() {
  uv_async_send(&stop_async_);
}

void Daemon::Shutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  for (auto& m : monitors_) m->Stop();
  http_->Close();
  timers_->close();
  uv_close(reinterpret_cast<uv_handle_t*>(&sigint_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&sigterm_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&stop_async_), nullptr);
}

}  // namespace vigil::app
