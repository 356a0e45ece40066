// Daemon: wiring of the data flow connection -> poller -> detector -> router -> delivery, with
// the store underneath (outbox, history, alert state) and the start-up recovery of both.
#include "core/app/daemon.hpp"

#include <rocksdb/db.h>
#include <sys/resource.h>

#include "core/util/clock.hpp"
#include "core/util/log.hpp"

namespace vigil::app {

namespace {

constexpr std::uint64_t kPruneIntervalMs = 3600 * 1000;
constexpr std::string_view kDisabledPrefix = "webhook-disabled/";

// Every key/value of the state column family (start-up only, before the loop runs).
detect::SavedState LoadState(store::Store& s) {
  detect::SavedState out;
  std::unique_ptr<rocksdb::Iterator> it(
      s.db()->NewIterator(rocksdb::ReadOptions(), s.cf(store::Cf::kState)));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    out.emplace(it->key().ToString(), it->value().ToString());
  return out;
}

}  // namespace

Daemon::Daemon(config::Config cfg) : cfg_(std::move(cfg)) {
  uv_loop_init(&loop_);
}

// The plugin directories of a configuration: its pluginDirs, then the built-in ones.
std::vector<std::string> PluginDirs(const config::Config& cfg) {
  std::vector<std::string> dirs = cfg.plugin_dirs;
  for (std::string& d : plugin::DefaultPluginDirs()) dirs.push_back(std::move(d));
  return dirs;
}

Status CheckPlugins(const config::Config& cfg, const plugin::Registry& plugins) {
  for (std::size_t i = 0; i < cfg.webhooks.size(); ++i) {
    auto bound = deliver::BindWebhookSink(cfg.webhooks[i], i, plugins);
    if (!bound.ok()) return bound.status();
  }
  for (std::size_t i = 0; i < cfg.sources.size(); ++i)
    if (!plugins.source(cfg.sources[i].plugin))
      return Status::Invalid("sources[" + std::to_string(i) +
                             "].plugin: no loaded plugin provides "
                             "source \"" +
                             cfg.sources[i].plugin + "\"");
  return Status::Ok();
}

// Raises the soft limit of open files to the hard limit: one connection per instance.
void RaiseFileLimit(std::size_t instances) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  if (instances + 256 > rl.rlim_cur)
    log::Warn("open-file limit too low for the fleet: raise `ulimit -n`",
              {{"limit", static_cast<std::uint64_t>(rl.rlim_cur)}, {"instances", instances}});
}

Status Daemon::Init() {
  RaiseFileLimit(cfg_.instances.size());
  if (Status s = plugins_.LoadDirs(PluginDirs(cfg_)); !s.ok()) return s;
  if (Status s = CheckPlugins(cfg_, plugins_); !s.ok()) return s;
  timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
  store::StoreOptions sopts;
  sopts.path = cfg_.data_dir;
  sopts.sync = cfg_.delivery.durability == config::Durability::kFsync;
  auto opened = store::Store::Open(&loop_, sopts);
  if (!opened.ok()) return opened.status();
  store_ = std::move(opened).value();
  deliver::OutboxOptions oopts;
  oopts.history_retention_days = cfg_.delivery.history_retention_days;
  oopts.history_max_per_webhook = cfg_.delivery.history_max_per_webhook;
  outbox_ = std::make_unique<deliver::Outbox>(*store_, oopts);

  http::ClientOptions hopts;
  // maxConcurrencyPerEndpoint caps each webhook (the dispatcher enforces it); webhooks that
  // share a host must not also share that cap, so the pool of one origin has room for all of them
  // (and for webhooks added through the API later).
  std::size_t per_webhook = static_cast<std::size_t>(cfg_.delivery.max_concurrency_per_endpoint);
  hopts.max_connections_per_origin =
      per_webhook * std::max<std::size_t>(16, 2 * cfg_.webhooks.size());
  http_ = std::make_unique<http::HttpClient>(&loop_, *timers_, hopts);
  // Read CA bundles now, before the loop runs, rather than on the first https delivery.
  for (const config::Webhook& w : cfg_.webhooks) {
    if (w.url.rfind("https://", 0) != 0) continue;
    http::TlsOptions t{w.tls.ca_file.value_or(""), w.tls.insecure_skip_verify};
    Status s = http_->PreloadTls(t);
    if (!s.ok()) log::Warn("TLS setup failed", {{"webhook", w.id}, {"error", s.message()}});
  }

  dispatcher_ = std::make_unique<deliver::Dispatcher>(*timers_, *http_, *outbox_, cfg_);
  if (Status s = dispatcher_->BindSinks(plugins_); !s.ok()) return s;
  router_ = std::make_unique<deliver::Router>(cfg_, *dispatcher_);

  detect::SavedState saved = LoadState(*store_);
  for (std::size_t i = 0; i < dispatcher_->webhook_count(); ++i) {
    const std::string& id = dispatcher_->endpoint(i).cfg.id;
    if (saved.count(std::string(kDisabledPrefix) + id)) {
      dispatcher_->SetEnabled(i, false);
      log::Warn("webhook disabled by an earlier 410 Gone", {{"webhook", id}});
    }
  }
  dispatcher_->set_disable_observer([this](const deliver::Endpoint& ep) {
    store::Batch b = store_->NewBatch();
    b.Put(store::Cf::kState, std::string(kDisabledPrefix) + ep.cfg.id, "410");
    store_->Commit(std::move(b));
  });
  detect::EngineOptions eopts;
  eopts.acl_log_interval_ms = cfg_.acl_log_interval_ms;
  engine_ = std::make_unique<detect::Engine>(
      cfg_, eopts, static_cast<event::EventSink&>(*this), std::move(saved),
      [this](const std::string& key, std::optional<std::string> value) {
        store::Batch b = store_->NewBatch();
        if (value)
          b.Put(store::Cf::kState, key, *value);
        else
          b.Delete(store::Cf::kState, key);
        store_->Commit(std::move(b));
      });

  auto pending = outbox_->LoadPending();
  if (!pending.ok()) return pending.status();
  dispatcher_->Resume(std::move(pending).value());

  dispatcher_->set_attempt_observer([this](const deliver::Delivery& d) { CountDelivery(d); });
  LoadApiResources();

  // Spread first polls evenly across each instance's interval so a fleet never polls at once.
  std::size_t n = cfg_.instances.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t interval =
        static_cast<std::uint64_t>(cfg_.instances[i].effective_poll_interval_ms);
    AddMonitor(cfg_.instances[i], n ? (interval * i) / n : 0);
  }
  if (Status st = StartApiServer(); !st.ok()) return st;

  for (const config::Source& src : cfg_.sources)
    sources_.push_back(std::make_unique<plugin::SourceRunner>(
        *timers_, static_cast<event::EventSink&>(*this), plugins_.source(src.plugin), src.name,
        src.options_json));

  uv_signal_init(&loop_, &sigint_);
  uv_signal_init(&loop_, &sigterm_);
  uv_async_init(&loop_, &stop_async_,
                [](uv_async_t* a) { static_cast<Daemon*>(a->data)->Shutdown(); });
  sigint_.data = sigterm_.data = stop_async_.data = this;
  initialized_ = true;
  return Status::Ok();
}

Daemon::~Daemon() {
  if (initialized_) Shutdown();
  if (store_) store_->Close();
  if (timers_) timers_->close();
  uv_run(&loop_, UV_RUN_DEFAULT);
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
                               {"webhooks", cfg_.webhooks.size()},
                               {"dataDir", cfg_.data_dir}});
  for (auto& m : monitors_) m->Start();
  for (auto& src : sources_) {
    if (Status st = src->Start(); !st.ok()) {
      log::Error("source refused its options", {{"error", st.message()}});
      Shutdown();
      uv_run(&loop_, UV_RUN_DEFAULT);
      return 2;
    }
  }
  prune_timer_ = std::make_unique<reactor::Timer>(*timers_);
  SchedulePrune(60 * 1000);
  lag_timer_ = std::make_unique<reactor::Timer>(*timers_);
  ScheduleLagProbe(timers_->now());
  uv_run(&loop_, UV_RUN_DEFAULT);
  log::Info("vigil stopped");
  return 0;
}

void Daemon::SchedulePrune(std::uint64_t delay_ms) {
  prune_timer_->arm(delay_ms, [this] {
    outbox_->Prune(NowUnixMs(), [](std::size_t removed) {
      if (removed) log::Info("history pruned", {{"removed", removed}});
    });
    SchedulePrune(kPruneIntervalMs);
  });
}

void Daemon::ScheduleLagProbe(std::uint64_t armed_at) {
  constexpr std::uint64_t kEveryMs = 500;
  lag_timer_->arm(kEveryMs, [this, armed_at] {
    uv_update_time(&loop_);
    std::uint64_t now = timers_->now();
    std::uint64_t late = now > armed_at + kEveryMs ? now - armed_at - kEveryMs : 0;
    stats_.loop_lag_seconds = static_cast<double>(late) / 1000.0;
    ScheduleLagProbe(now);
  });
}

void Daemon::Stop() {
  uv_async_send(&stop_async_);
}

void Daemon::Shutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  if (api_server_) api_server_->Close();
  for (auto& src : sources_) src->Stop();
  for (auto& m : monitors_) m->Stop();
  if (prune_timer_) prune_timer_->cancel();
  if (lag_timer_) lag_timer_->cancel();
  http_->Close();   // in-flight attempts are cancelled; the outbox still holds them
  store_->Close();  // drains every queued write before the process exits
  timers_->close();
  uv_close(reinterpret_cast<uv_handle_t*>(&sigint_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&sigterm_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&stop_async_), nullptr);
}

}  // namespace vigil::app
