// Daemon as app::Control: webhooks and instances changed at runtime and persisted, test
// deliveries, recent events and the /metrics content. Loop thread only.
#include <fmt/format.h>

#include "core/app/daemon.hpp"
#include "core/app/resource_store.hpp"
#include "core/config/api_parse.hpp"
#include "core/event/payload.hpp"
#include "core/info/snapshot.hpp"
#include "core/util/clock.hpp"
#include "core/util/log.hpp"

namespace vigil::app {
namespace {

// "webhooks[3].sinkOptions: x" -> "sinkOptions: x": the API names fields of the resource itself.
Status StripIndexPath(const Status& s) {
  const std::string& m = s.message();
  auto dot = m.find("].");
  if (m.rfind("webhooks[", 0) == 0 && dot != std::string::npos)
    return Status::Invalid(m.substr(dot + 2));
  return s;
}

}  // namespace

// ---- start-up ----

void Daemon::LoadApiResources() {
  StoredResources stored = LoadResources(*store_);
  for (auto& [name, json] : stored.instances) {
    if (FindMonitor(name) || std::any_of(cfg_.instances.begin(), cfg_.instances.end(),
                                         [&](const auto& i) { return i.name == name; })) {
      log::Warn("stored instance shadowed by the config file", {{"instance", name}});
      continue;
    }
    auto in = config::ParseInstanceJson(json, config::Instance{}, cfg_);
    if (!in.ok()) {
      log::Error("stored instance unreadable",
                 {{"instance", name}, {"error", in.status().message()}});
      continue;
    }
    cfg_.instances.push_back(std::move(in).value());
    api_instances_.insert(name);
  }
  for (auto& [id, json] : stored.webhooks) {
    if (dispatcher_->FindWebhook(id)) {
      log::Warn("stored webhook shadowed by the config file", {{"webhook", id}});
      continue;
    }
    config::Webhook base;
    base.events.clear();
    auto w = config::ParseWebhookJson(json, base, cfg_);
    Result<deliver::BoundWebhook> bound =
        w.ok() ? deliver::BindWebhookSink(*w, cfg_.webhooks.size(), plugins_)
               : Result<deliver::BoundWebhook>(w.status());
    if (!bound.ok()) {
      log::Error("stored webhook unusable", {{"webhook", id}, {"error", bound.status().message()}});
      continue;
    }
    cfg_.webhooks.push_back(*w);
    dispatcher_->AddWebhook(*w, std::move(bound).value());
    api_webhooks_.insert(id);
  }
  engine_->RebuildRules();
}

Status Daemon::StartApiServer() {
  if (Status s = api::CheckListenAllowed(cfg_); !s.ok()) return s;
  api_ = std::make_unique<api::Api>(*this, api::ApiOptions{api::ResolveApiToken(cfg_)});
  api_server_ = std::make_unique<http::HttpServer>(&loop_, *timers_);
  if (Status s = api::StartApi(*api_server_, *api_, cfg_.listen); !s.ok())
    return Status::Io("cannot listen on " + cfg_.listen + " (listen): " + s.message());
  log::Info("API listening", {{"listen", cfg_.listen}});
  return Status::Ok();
}

std::size_t Daemon::AddMonitor(const config::Instance& spec, std::uint64_t first_poll_delay_ms) {
  monitors_.push_back(std::make_unique<monitor::InstanceMonitor>(*timers_, spec, cfg_.resp,
                                                                 *engine_, first_poll_delay_ms));
  return monitors_.size() - 1;
}

// ---- events and metrics ----

void Daemon::Publish(event::EventPtr e, const std::vector<std::size_t>* only) {
  ++stats_.events_by_type[static_cast<std::size_t>(e->type)];
  router_->Publish(std::move(e), only);
}

void Daemon::CountDelivery(const deliver::Delivery& d) {
  auto it = delivery_counts_.find(std::string_view(d.webhook_id));
  if (it == delivery_counts_.end())
    it = delivery_counts_.emplace(d.webhook_id, std::array<std::uint64_t, 5>{}).first;
  ++it->second[static_cast<std::size_t>(d.status)];
  stats_.delivery_duration.Observe(static_cast<double>(d.duration_ms) / 1000.0);
}

void Daemon::RenderMetrics(std::string& out) {
  std::vector<api::InstanceMetricsInput> inputs;
  std::vector<std::string> addrs;
  addrs.reserve(monitors_.size());
  std::uint64_t ready = 0;
  for (const auto& m : monitors_) {
    addrs.push_back(fmt::format("{}:{}", m->spec().host, m->spec().port));
    ready += m->connection().ready() ? 1 : 0;
  }
  for (std::size_t i = 0; i < monitors_.size(); ++i) {
    const monitor::InstanceMonitor& m = *monitors_[i];
    inputs.push_back({m.spec().name, addrs[i], m.last_info(),
                      m.status().health == monitor::Health::kUp,
                      m.status().last_poll_duration_ms / 1000.0});
  }
  api::RenderInstanceMetrics(inputs, out);
  stats_.deliveries.clear();
  // Statuses in name order, as the series have always been listed.
  constexpr deliver::DeliveryStatus kByName[] = {
      deliver::DeliveryStatus::kDeadLetter, deliver::DeliveryStatus::kFailed,
      deliver::DeliveryStatus::kPending, deliver::DeliveryStatus::kRetrying,
      deliver::DeliveryStatus::kSuccess};
  for (const auto& [webhook, counts] : delivery_counts_)
    for (deliver::DeliveryStatus st : kByName)
      if (std::uint64_t n = counts[static_cast<std::size_t>(st)])
        stats_.deliveries.push_back({webhook, std::string(deliver::DeliveryStatusName(st)), n});
  auto q = dispatcher_->RetryQueueStats();
  stats_.outbox_depth = q.pending;
  stats_.retry_queue = q.pending - q.in_flight;
  stats_.in_flight = q.in_flight;
  stats_.dead_letters = dispatcher_->counters().dead_lettered;
  stats_.resp_connections = ready;
  stats_.http_connections = api_server_ ? api_server_->stats().open_connections : 0;
  api::RenderVigilMetrics(stats_, out);
}

void Daemon::RecentEvents(std::size_t limit, std::string instance, std::string event,
                          std::function<void(Result<std::vector<std::string>>)> cb) {
  bool filtered = !instance.empty() || !event.empty();
  std::size_t scan = filtered ? std::min<std::size_t>(limit * 20 + 100, 10000) : limit;
  outbox_->ListEvents(scan, [limit, instance = std::move(instance), event = std::move(event),
                             cb = std::move(cb)](Result<std::vector<std::string>> r) {
    if (!r.ok() || (instance.empty() && event.empty())) {
      cb(std::move(r));
      return;
    }
    std::vector<std::string> out;
    for (std::string& p : *r) {
      if (out.size() >= limit) break;
      if (!instance.empty() &&
          p.find("\"instance\":{\"name\":\"" + instance + "\"") == std::string::npos)
        continue;
      if (!event.empty() && p.find("\"event\":\"" + event + "\"") == std::string::npos) continue;
      out.push_back(std::move(p));
    }
    cb(std::move(out));
  });
}

// ---- webhooks ----

Control::WebhookEntry Daemon::Entry(std::size_t i) const {
  const deliver::Endpoint& ep = dispatcher_->endpoint(i);
  WebhookEntry e;
  e.webhook = ep.cfg;
  e.source = api_webhooks_.count(ep.cfg.id) ? "api" : "config";
  e.enabled = ep.enabled;
  e.circuit = std::string(deliver::CircuitStateName(ep.circuit));
  auto c = created_at_.find(ep.cfg.id);
  e.created_at_ms = c == created_at_.end() ? 0 : c->second;
  if (NowUnixMs() < ep.previous_secret_until_ms) e.previous_secret = ep.previous_secret;
  return e;
}

std::vector<Control::WebhookEntry> Daemon::ListWebhooks() const {
  std::vector<WebhookEntry> out;
  for (std::size_t i = 0; i < dispatcher_->webhook_count(); ++i)
    if (!dispatcher_->endpoint(i).removed) out.push_back(Entry(i));
  return out;
}

std::optional<Control::WebhookEntry> Daemon::GetWebhook(std::string_view id) const {
  auto i = dispatcher_->FindWebhook(id);
  if (!i) return std::nullopt;
  return Entry(*i);
}

Result<Control::WebhookEntry> Daemon::CreateWebhook(config::Webhook w) {
  if (dispatcher_->FindWebhook(w.id)) return Status::Conflict("id: webhook " + w.id + " exists");
  auto bound = deliver::BindWebhookSink(w, cfg_.webhooks.size(), plugins_);
  if (!bound.ok()) return StripIndexPath(bound.status());
  cfg_.webhooks.push_back(w);
  std::size_t i = dispatcher_->AddWebhook(w, std::move(bound).value());
  engine_->RebuildRules();
  api_webhooks_.insert(w.id);
  created_at_[w.id] = NowUnixMs();
  SaveWebhook(*store_, w);
  log::Info("webhook created", {{"webhook", w.id}, {"sink", w.sink}});
  return Entry(i);
}

Result<Control::WebhookEntry> Daemon::UpdateWebhook(std::string_view id, config::Webhook w) {
  auto i = dispatcher_->FindWebhook(id);
  if (!i) return Status::NotFound("no webhook " + std::string(id));
  if (w.id != id) return Status::Invalid("id: the id of a webhook cannot change");
  auto bound = deliver::BindWebhookSink(w, *i, plugins_);
  if (!bound.ok()) return StripIndexPath(bound.status());
  cfg_.webhooks[*i] = w;
  dispatcher_->UpdateWebhook(*i, w, std::move(bound).value());
  engine_->RebuildRules();
  if (api_webhooks_.count(w.id)) SaveWebhook(*store_, w);
  // A config-file webhook changed through the API keeps its source: the file wins at restart.
  log::Info("webhook updated", {{"webhook", w.id}});
  return Entry(*i);
}

Status Daemon::DeleteWebhook(std::string_view id) {
  auto i = dispatcher_->FindWebhook(id);
  if (!i) return Status::NotFound("no webhook " + std::string(id));
  dispatcher_->RemoveWebhook(*i);
  cfg_.webhooks[*i].enabled = false;  // its slot stays (indices are stable), unused
  engine_->RebuildRules();
  if (api_webhooks_.erase(std::string(id))) app::DeleteWebhook(*store_, std::string(id));
  created_at_.erase(std::string(id));
  log::Info("webhook deleted", {{"webhook", std::string(id)}});
  return Status::Ok();
}

Result<Control::WebhookEntry> Daemon::RotateSecret(std::string_view id, std::string new_secret,
                                                   std::int64_t grace_ms) {
  auto i = dispatcher_->FindWebhook(id);
  if (!i) return Status::NotFound("no webhook " + std::string(id));
  dispatcher_->RotateSecret(*i, new_secret, NowUnixMs() + grace_ms);
  cfg_.webhooks[*i].secret = std::move(new_secret);
  if (api_webhooks_.count(std::string(id))) SaveWebhook(*store_, cfg_.webhooks[*i]);
  log::Info("webhook secret rotated", {{"webhook", std::string(id)}, {"graceMs", grace_ms}});
  return Entry(*i);
}

void Daemon::TestWebhook(std::string_view id, std::function<void(Result<TestResult>)> cb) {
  auto i = dispatcher_->FindWebhook(id);
  if (!i) {
    cb(Status::NotFound("no webhook " + std::string(id)));
    return;
  }
  dispatcher_->SendTest(*i, [cb = std::move(cb)](Result<deliver::Delivery> d) {
    if (!d.ok()) {
      cb(d.status());
      return;
    }
    TestResult t;
    t.success = d->status == deliver::DeliveryStatus::kSuccess;
    t.status_code = d->last_status_code;
    t.response_body = d->response_body;
    t.error = d->last_error;
    t.duration_ms = d->duration_ms;
    cb(std::move(t));
  });
}

// ---- instances ----

monitor::InstanceMonitor* Daemon::FindMonitor(std::string_view name) const {
  for (const auto& m : monitors_)
    if (m->spec().name == name) return m.get();
  return nullptr;
}

Control::InstanceEntry Daemon::Entry(const monitor::InstanceMonitor& m) const {
  InstanceEntry e;
  e.spec = m.spec();
  e.source = api_instances_.count(m.spec().name) ? "api" : "config";
  e.status = m.status();
  if (!m.last_info().empty()) e.info = info::ExtractSnapshot(m.last_info());
  return e;
}

std::vector<Control::InstanceEntry> Daemon::ListInstances() const {
  std::vector<InstanceEntry> out;
  for (const auto& m : monitors_) out.push_back(Entry(*m));
  return out;
}

std::optional<Control::InstanceEntry> Daemon::GetInstance(std::string_view name) const {
  if (auto* m = FindMonitor(name)) return Entry(*m);
  return std::nullopt;
}

Result<Control::InstanceEntry> Daemon::CreateInstance(config::Instance spec) {
  if (FindMonitor(spec.name)) return Status::Conflict("name: instance " + spec.name + " exists");
  cfg_.instances.push_back(spec);
  std::size_t i = AddMonitor(spec, 0);
  monitors_[i]->Start();
  api_instances_.insert(spec.name);
  SaveInstance(*store_, spec);
  log::Info("instance added", {{"instance", spec.name}});
  return Entry(*monitors_[i]);
}

Result<Control::InstanceEntry> Daemon::UpdateInstance(std::string_view name,
                                                      config::Instance spec) {
  monitor::InstanceMonitor* old = FindMonitor(name);
  if (!old) return Status::NotFound("no instance " + std::string(name));
  if (spec.name != name) return Status::Invalid("name: the name of an instance cannot change");
  // A new connection with the new settings; alert state of this instance starts afresh.
  for (auto& m : monitors_) {
    if (m.get() != old) continue;
    m->Stop();
    engine_->Forget(*m);
    m = std::make_unique<monitor::InstanceMonitor>(*timers_, spec, cfg_.resp, *engine_, 0);
    m->Start();
  }
  for (auto& in : cfg_.instances)
    if (in.name == name) in = spec;
  if (api_instances_.count(spec.name)) SaveInstance(*store_, spec);
  log::Info("instance updated", {{"instance", spec.name}});
  return Entry(*FindMonitor(name));
}

Status Daemon::DeleteInstance(std::string_view name) {
  for (auto it = monitors_.begin(); it != monitors_.end(); ++it) {
    if ((*it)->spec().name != name) continue;
    (*it)->Stop();
    engine_->Forget(**it);
    monitors_.erase(it);
    std::erase_if(cfg_.instances, [&](const config::Instance& in) { return in.name == name; });
    if (api_instances_.erase(std::string(name))) app::DeleteInstance(*store_, std::string(name));
    log::Info("instance removed", {{"instance", std::string(name)}});
    return Status::Ok();
  }
  return Status::NotFound("no instance " + std::string(name));
}

}  // namespace vigil::app
