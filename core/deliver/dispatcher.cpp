// Dispatcher: the attempt/retry cycle of deliveries, their persistence in the outbox,
// per-endpoint concurrency and circuit breakers.
//
// Every state a delivery reaches is saved to the outbox (group-committed off the loop); only the
// first save, with its event, is waited for before the first attempt. A crash between an attempt
// and its save means that attempt is made again after restart: at-least-once, same delivery id.
#include "core/deliver/dispatcher.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/deliver/attempt_request.hpp"
#include "core/deliver/retry.hpp"
#include "core/event/payload.hpp"
#include "core/plugin/sink.hpp"
#include "core/util/clock.hpp"
#include "core/util/ids.hpp"
#include "core/util/json_writer.hpp"
#include "core/util/log.hpp"
#include "core/util/utf8.hpp"

namespace vigil::deliver {

std::string_view CircuitStateName(CircuitState s) {
  switch (s) {
    case CircuitState::kClosed:
      return "closed";
    case CircuitState::kOpen:
      return "open";
    case CircuitState::kHalfOpen:
      return "half_open";
  }
  return "closed";
}

Dispatcher::Dispatcher(reactor::TimerQueue& timers, http::HttpClient& http, Outbox& outbox,
                       const config::Config& cfg)
    : timers_(timers), http_(http), outbox_(outbox), cfg_(cfg), rng_(std::random_device{}()) {
  for (const config::Webhook& w : cfg.webhooks) {
    auto ep = std::make_unique<Endpoint>();
    ep->cfg = w;
    ep->enabled = w.enabled;
    auto url = http::Url::Parse(w.url);
    if (url.ok())
      ep->url = *url;
    else
      ep->enabled = false;  // config validation makes this unreachable
    endpoints_.push_back(std::move(ep));
  }
}

Dispatcher::~Dispatcher() {
  *alive_ = false;
}

Result<BoundWebhook> BindWebhookSink(const config::Webhook& w, std::size_t index,
                                     const plugin::Registry& plugins) {
  std::string path = "webhooks[" + std::to_string(index) + "]";
  const vigil_sink_vtable* vt = plugins.sink(w.sink);
  if (!vt) {
    std::string names;
    for (const std::string& n : plugins.sink_names()) names += (names.empty() ? "" : ", ") + n;
    return Status::Invalid(path + ".sink: no loaded plugin provides sink \"" + w.sink +
                           "\" (loaded: " + (names.empty() ? "none" : names) + ")");
  }
  if (w.url.empty() && !vt->default_url)
    return Status::Invalid(path + ".url: required (sink \"" + w.sink + "\" has no default URL)");
  auto url = http::Url::Parse(w.url.empty() ? vt->default_url : w.url);
  if (!url.ok()) return Status::Invalid(path + ".url: " + url.status().message());
  auto bound = plugin::BoundSink::Create(vt, {w.id, w.name, w.url, w.sink_options_json});
  if (!bound.ok()) return Status::Invalid(path + ".sinkOptions: " + bound.status().message());
  return BoundWebhook{std::move(bound).value(), std::move(url).value()};
}

Status Dispatcher::BindSinks(const plugin::Registry& plugins) {
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    Endpoint& ep = *endpoints_[i];
    auto bound = BindWebhookSink(ep.cfg, i, plugins);
    if (!bound.ok()) return bound.status();
    ep.sink = std::move(bound->sink);
    ep.url = std::move(bound->url);
    ep.sink_resolves = ep.sink->resolves();
    const config::RateLimit& rl = ep.cfg.rate_limit;
    if (rl.per_second >= 0)
      ep.bucket.Configure(rl.per_second, static_cast<double>(rl.burst));
    else
      ep.bucket.Configure(ep.sink->vtable()->rate_per_second, ep.sink->vtable()->rate_burst);
  }
  return Status::Ok();
}

std::optional<std::size_t> Dispatcher::FindWebhook(std::string_view id) const {
  for (std::size_t i = 0; i < endpoints_.size(); ++i)
    if (!endpoints_[i]->removed && endpoints_[i]->cfg.id == id) return i;
  return std::nullopt;
}

void Dispatcher::SetEnabled(std::size_t index, bool enabled) {
  endpoints_[index]->enabled = enabled;
}

Dispatcher::Live& Dispatcher::AddLive(std::unique_ptr<Live> l) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  ++s.generation;  // handles of the slot's previous delivery no longer match
  l->seq = static_cast<std::uint64_t>(s.generation) << 32 | slot;
  s.live = std::move(l);
  ++live_count_;
  return *s.live;
}

void Dispatcher::EraseLive(Live& l) {
  auto slot = static_cast<std::uint32_t>(l.seq);
  slots_[slot].live.reset();  // destroys l
  free_slots_.push_back(slot);
  --live_count_;
}

Dispatcher::Live* Dispatcher::GetLive(std::uint64_t seq) {
  auto slot = static_cast<std::uint32_t>(seq);
  if (slot >= slots_.size()) return nullptr;
  Live* l = slots_[slot].live.get();
  return l && l->seq == seq ? l : nullptr;
}

Dispatcher::Live* Dispatcher::GetLive(std::string_view id) const {
  for (const Slot& s : slots_)
    if (s.live && s.live->d.id == id) return s.live.get();
  return nullptr;
}

const Delivery* Dispatcher::FindActive(const std::string& id) const {
  const Live* l = GetLive(std::string_view(id));
  return l ? &l->d : nullptr;
}

std::vector<std::string> Dispatcher::Enqueue(const event::Event& e,
                                             const std::vector<std::size_t>& webhooks, bool test) {
  std::vector<std::string> ids;
  if (webhooks.empty()) return ids;
  std::string payload = event::RenderPayload(e);
  plugin::EventInfo info = MakeEventInfo(e, payload);  // once per event, not per webhook
  std::int64_t now = NowUnixMs();
  std::vector<const Delivery*> batch;
  std::vector<std::uint64_t> seqs;
  batch.reserve(webhooks.size());
  seqs.reserve(webhooks.size());
  ids.reserve(webhooks.size());
  auto marker = std::make_shared<Marker>();  // queues every delivery that is not final
  for (std::size_t index : webhooks) {
    auto l = std::make_unique<Live>();
    Delivery& d = l->d;
    d.id = NewUuidV7(now);  // time-ordered: the store appends its keys
    d.webhook_id = endpoints_[index]->cfg.id;
    d.event_id = e.id;
    d.event = e.type;
    d.instance = e.instance.name;
    d.timestamp_ms = e.timestamp_ms;
    d.created_at_ms = now;
    d.test = test;
    if (Status r = Render(info, index, d); !r.ok()) {
      // A sink that cannot render this event: recorded as failed, never attempted.
      d.status = DeliveryStatus::kFailed;
      d.completed_at_ms = now;
      d.last_error = r.message();
      ++counters_.failed;
      log::Error("sink could not render the event",
                 {{"webhook", d.webhook_id}, {"delivery", d.id}, {"error", r.message()}});
    }
    l->index = index;
    if (!d.final()) {
      l->queued_due_ms = Outbox::kMarked;
      l->marker = marker;
      ++marker->unsettled;
    }
    ids.push_back(d.id);
    batch.push_back(&d);
    seqs.push_back(AddLive(std::move(l)).seq);
  }
  std::weak_ptr<bool> alive = alive_;
  marker->key = outbox_.AddEvent(e, payload, batch, [this, alive, seqs](const Status& s) {
    if (alive.expired()) return;
    if (!s.ok())  // attempt anyway: a delivery in memory beats none
      log::Error("outbox write failed; delivering without durability", {{"error", s.message()}});
    for (std::uint64_t seq : seqs) {
      Live* l = GetLive(seq);
      if (!l) continue;
      if (l->d.final())
        EraseLive(*l);  // could not render: failed already, nothing to attempt
      else
        MakeDue(seq, l->generation);
    }
  });
  return ids;
}

void Dispatcher::Resume(std::vector<Delivery> pending) {
  std::int64_t now = NowUnixMs();
  std::size_t resumed = 0, orphaned = 0;
  for (Delivery& d : pending) {
    auto index = FindWebhook(d.webhook_id);
    auto l = std::make_unique<Live>();
    l->queued_due_ms = Outbox::DueMs(d);
    l->d = std::move(d);
    if (!index) {  // the webhook was removed from the config while this was pending
      l->index = 0;
      l->d.last_error = "webhook no longer configured";
      Finish(AddLive(std::move(l)), DeliveryStatus::kFailed);
      ++orphaned;
      continue;
    }
    l->index = *index;
    Live& ref = AddLive(std::move(l));
    Schedule(ref, std::max<std::int64_t>(0, ref.queued_due_ms - now));
    ++resumed;
  }
  if (resumed || orphaned)
    log::Info("outbox resumed", {{"pending", resumed}, {"orphaned", orphaned}});
}

void Dispatcher::Schedule(Live& l, std::int64_t delay_ms) {
  std::weak_ptr<bool> alive = alive_;
  timers_.schedule(static_cast<std::uint64_t>(delay_ms),
                   [this, alive, seq = l.seq, gen = l.generation] {
                     if (!alive.expired()) MakeDue(seq, gen);
                   });
}

void Dispatcher::MakeDue(std::uint64_t seq, std::uint64_t generation) {
  Live* l = GetLive(seq);
  if (!l || l->generation != generation || l->d.final()) return;
  Endpoint& ep = *endpoints_[l->index];
  if (!ep.enabled) {
    l->d.last_error = "webhook disabled";
    Finish(*l, DeliveryStatus::kFailed);
    return;
  }
  if (l->queued || l->attempting) return;  // it will be attempted anyway
  l->queued = true;
  ep.ready.push_back(seq);
  Pump(l->index);
}

bool Dispatcher::CircuitAllows(std::size_t index) {
  Endpoint& ep = *endpoints_[index];
  switch (ep.circuit) {
    case CircuitState::kClosed:
      return true;
    case CircuitState::kHalfOpen:
      return ep.in_flight == 0;  // one probe at a time
    case CircuitState::kOpen: {
      std::uint64_t open_ms = static_cast<std::uint64_t>(cfg_.delivery.circuit_breaker.open_ms);
      std::uint64_t elapsed = timers_.now() - ep.circuit_opened_at;
      if (elapsed >= open_ms) {
        ep.circuit = CircuitState::kHalfOpen;
        log::Info("circuit half-open: probing", {{"webhook", ep.cfg.id}});
        return ep.in_flight == 0;
      }
      if (!ep.circuit_timer_armed) {
        ep.circuit_timer_armed = true;
        std::weak_ptr<bool> alive = alive_;
        timers_.schedule(open_ms - elapsed, [this, alive, index] {
          if (alive.expired()) return;
          endpoints_[index]->circuit_timer_armed = false;
          Pump(index);
        });
      }
      return false;
    }
  }
  return true;
}

void Dispatcher::Pump(std::size_t index) {
  Endpoint& ep = *endpoints_[index];
  std::size_t cap = static_cast<std::size_t>(cfg_.delivery.max_concurrency_per_endpoint);
  while (!ep.ready.empty() && ep.in_flight < cap && CircuitAllows(index)) {
    if (!ep.bucket.TryTake(timers_.now())) {  // over the sink's or webhook's rate: wait
      if (!ep.rate_timer_armed) {
        ep.rate_timer_armed = true;
        std::weak_ptr<bool> alive = alive_;
        timers_.schedule(ep.bucket.WaitMs(timers_.now()), [this, alive, index] {
          if (alive.expired()) return;
          endpoints_[index]->rate_timer_armed = false;
          Pump(index);
        });
      }
      break;
    }
    std::uint64_t seq = ep.ready.front();
    ep.ready.pop_front();
    Live* l = GetLive(seq);
    if (!l || l->d.final()) continue;
    l->queued = false;
    Attempt(*l);
  }
}

void Dispatcher::Attempt(Live& l) {
  Endpoint& ep = *endpoints_[l.index];
  l.attempting = true;
  ++ep.in_flight;
  ++in_flight_;
  ++counters_.attempts;
  http::RequestOptions opts;
  opts.timeout_ms = static_cast<std::uint64_t>(ep.cfg.timeout_ms);
  opts.connect_timeout_ms = std::min<std::uint64_t>(opts.timeout_ms, 10000);
  opts.tls.ca_file = ep.cfg.tls.ca_file.value_or("");
  opts.tls.insecure_skip_verify = ep.cfg.tls.insecure_skip_verify;
  std::int64_t started = NowUnixMs();
  BuildAttemptRequest(ep, l.d, started, &attempt_req_);
  http_.Send(attempt_req_, opts,
             [this, alive = std::weak_ptr<bool>(alive_), seq = l.seq, index = l.index,
              started](const http::Response& r) {
               if (alive.expired()) return;
               OnResponse(seq, index, started, r);
             });
}

void Dispatcher::OnResponse(std::uint64_t seq, std::size_t index, std::int64_t started_ms,
                            const http::Response& r) {
  Endpoint& ep = *endpoints_[index];
  --ep.in_flight;
  --in_flight_;
  // Shutting down: the attempt was cancelled, not failed. The outbox still holds the delivery
  // as it was, so it is resumed after the restart.
  if (r.error == http::ErrorKind::kClientClosed) return;
  Live* lp = GetLive(seq);
  if (!lp || lp->d.final()) {
    Pump(index);
    return;
  }
  lp->attempting = false;
  Delivery& d = lp->d;
  std::int64_t now = NowUnixMs();
  deliver::Attempt a;
  a.started_at_ms = started_ms;
  a.duration_ms = static_cast<std::int64_t>(r.duration_ms);
  a.status_code = r.code;
  if (!r.ok()) a.error = r.status.message();
  d.attempts.push_back(a);
  d.last_status_code = r.code;
  d.last_error = a.error;
  d.duration_ms = a.duration_ms;
  d.response_body.assign(
      Utf8Prefix(r.body, static_cast<std::size_t>(cfg_.delivery.response_body_max_bytes)));

  plugin::SinkVerdict c = ep.sink ? ep.sink->Classify(r, now) : plugin::DefaultClassify(r, now);
  // Only failures a retry could fix count against the circuit: a 4xx answer means the
  // endpoint is up and answering.
  if (c.kind == plugin::VerdictKind::kSuccess || c.kind == plugin::VerdictKind::kRetry)
    RecordCircuit(index, c.kind == plugin::VerdictKind::kSuccess);
  std::uint32_t attempt_no = static_cast<std::uint32_t>(d.attempts.size());
  auto log_outcome = [&](std::string_view outcome, log::Level level) {
    if (!log::Enabled(level)) return;  // the fields below cost allocations
    log::Write(level, "delivery",
               {{"webhook", ep.cfg.id},
                {"delivery", d.id},
                {"event", event::Name(d.event)},
                {"attempt", attempt_no},
                {"status", r.code},
                {"error", a.error},
                {"ms", a.duration_ms},
                {"outcome", outcome}});
  };

  switch (c.kind) {
    case plugin::VerdictKind::kSuccess:
      log_outcome("success", log::Level::kInfo);
      Finish(*lp, DeliveryStatus::kSuccess);
      break;
    case plugin::VerdictKind::kFail:
      log_outcome("failed", log::Level::kWarn);
      Finish(*lp, DeliveryStatus::kFailed);
      break;
    case plugin::VerdictKind::kDisable: {
      log_outcome("failed: 410 Gone, webhook disabled", log::Level::kError);
      ep.enabled = false;
      Finish(*lp, DeliveryStatus::kFailed);
      std::deque<std::uint64_t> waiting;
      waiting.swap(ep.ready);
      for (std::uint64_t wseq : waiting)
        if (Live* w = GetLive(wseq)) {
          w->d.last_error = "webhook disabled (410 Gone)";
          Finish(*w, DeliveryStatus::kFailed);
        }
      if (on_disable_) on_disable_(ep);
      break;
    }
    case plugin::VerdictKind::kRetry: {
      const config::RetryPolicy& p = ep.cfg.retry_policy;
      std::uint32_t retries_done = attempt_no - 1;
      if (retries_done >= static_cast<std::uint32_t>(p.max_retries)) {
        log_outcome("dead_letter", log::Level::kError);
        Finish(*lp, DeliveryStatus::kDeadLetter);
        break;
      }
      std::int64_t delay =
          c.retry_after_ms >= 0 ? c.retry_after_ms : RetryDelayMs(p, retries_done + 1, rng_);
      d.status = DeliveryStatus::kRetrying;
      d.next_retry_at_ms = now + delay;
      if (log::Enabled(log::Level::kWarn))
        log_outcome("retry in " + std::to_string(delay) + " ms", log::Level::kWarn);
      Persist(*lp);
      Schedule(*lp, delay);
      if (observer_) observer_(d);
      break;
    }
  }
  Pump(index);
}

void Dispatcher::Persist(Live& l) {
  std::string_view drop_marker;
  if (l.marker) {  // this save settles l: final, or queued under a key of its own
    if (--l.marker->unsettled == 0) drop_marker = l.marker->key;
  }
  outbox_.Save(l.d, l.queued_due_ms, {}, drop_marker);
  l.marker.reset();
  l.queued_due_ms = l.d.final() ? 0 : Outbox::DueMs(l.d);
}

void Dispatcher::Finish(Live& l, DeliveryStatus status) {
  l.d.status = status;
  l.d.completed_at_ms = NowUnixMs();
  l.d.next_retry_at_ms = 0;
  if (status == DeliveryStatus::kSuccess)
    ++counters_.succeeded;
  else if (status == DeliveryStatus::kFailed)
    ++counters_.failed;
  else
    ++counters_.dead_lettered;
  Persist(l);
  if (observer_) observer_(l.d);
  EraseLive(l);  // history lives in the outbox now
}

void Dispatcher::RecordCircuit(std::size_t index, bool success) {
  Endpoint& ep = *endpoints_[index];
  if (success) {
    if (ep.circuit != CircuitState::kClosed)
      log::Info("circuit closed: endpoint answers again", {{"webhook", ep.cfg.id}});
    ep.circuit = CircuitState::kClosed;
    ep.consecutive_failures = 0;
    return;
  }
  ++ep.consecutive_failures;
  bool trip = ep.circuit == CircuitState::kHalfOpen ||
              (ep.circuit == CircuitState::kClosed &&
               ep.consecutive_failures >=
                   static_cast<std::uint32_t>(cfg_.delivery.circuit_breaker.failure_threshold));
  if (trip) {
    ep.circuit = CircuitState::kOpen;
    ep.circuit_opened_at = timers_.now();
    log::Warn("circuit open: endpoint keeps failing",
              {{"webhook", ep.cfg.id},
               {"consecutiveFailures", ep.consecutive_failures},
               {"openMs", cfg_.delivery.circuit_breaker.open_ms}});
  }
}

plugin::EventInfo Dispatcher::MakeEventInfo(const event::Event& e,
                                            const std::string& payload) const {
  plugin::EventInfo info;
  info.id = e.id;
  info.type = std::string(event::Name(e.type));
  info.severity = std::string(event::SeverityName(event::Info(e.type).severity));
  info.instance_name = e.instance.name;
  info.instance_host = e.instance.host;
  info.instance_port = e.instance.port;
  info.message = e.message;
  info.data_json = e.data_json;
  info.payload_json = payload;
  info.alert_key = e.alert_key;
  info.public_url = cfg_.public_url.value_or("");
  info.resolved = e.resolved;
  info.timestamp_ms = e.timestamp_ms;
  return info;
}

Status Dispatcher::Render(plugin::EventInfo& info, std::size_t index, Delivery& d) {
  Endpoint& ep = *endpoints_[index];
  if (!ep.sink) {  // no sink bound (tests that skip BindSinks): vigil's generic JSON
    d.method = "POST";
    d.url = ep.url.ToString();
    d.request_headers = {{"Content-Type", "application/json"}};
    d.payload = info.payload_json;
    return Status::Ok();
  }
  info.delivery_id = d.id;
  auto req = ep.sink->Render(info);
  if (!req.ok()) return req.status();
  d.method = req->method;
  if (ep.attempt_url_text.empty() || req->url != ep.attempt_url) {  // the attempts' cache
    ep.attempt_url = req->url;
    ep.attempt_url_text = req->url.ToString();
  }
  d.url = ep.attempt_url_text;
  d.request_headers = std::move(req->headers);
  d.payload = std::move(req->body);
  return Status::Ok();
}

// ---- API operations ----

void Dispatcher::List(const std::string& webhook_id, std::size_t limit, std::size_t offset,
                      std::optional<DeliveryStatus> status, DeliveriesCallback cb) {
  outbox_.List(webhook_id, limit, offset, status, std::move(cb));
}

void Dispatcher::Get(const std::string& id, DeliveryCallback cb) {
  if (const Delivery* d = FindActive(id)) {
    cb(*d);
    return;
  }
  outbox_.Get(id, std::move(cb));
}

void Dispatcher::Restart(Delivery d, DeliveryCallback cb) {
  auto index = FindWebhook(d.webhook_id);
  if (!index) {
    cb(Status::NotFound("webhook " + d.webhook_id + " no longer exists"));
    return;
  }
  // A manual retry resets the attempt count; earlier attempts stay in the log line history.
  log::Info("manual retry", {{"webhook", d.webhook_id},
                             {"delivery", d.id},
                             {"previousStatus", DeliveryStatusName(d.status)},
                             {"previousAttempts", d.attempts.size()}});
  std::int64_t prev_due = d.final() ? 0 : Outbox::DueMs(d);
  d.attempts.clear();
  d.status = DeliveryStatus::kPending;
  d.completed_at_ms = 0;
  d.next_retry_at_ms = NowUnixMs();
  auto l = std::make_unique<Live>();
  l->d = std::move(d);
  l->index = *index;
  l->queued_due_ms = prev_due;
  Live& ref = AddLive(std::move(l));
  Persist(ref);
  Delivery copy = ref.d;
  MakeDue(ref.seq, ref.generation);
  cb(std::move(copy));
}

void Dispatcher::Retry(const std::string& id, DeliveryCallback cb) {
  if (Live* l = GetLive(id)) {  // still pending or retrying: attempt now
    ++l->generation;
    l->d.next_retry_at_ms = NowUnixMs();
    Persist(*l);
    Delivery copy = l->d;
    MakeDue(l->seq, l->generation);
    cb(std::move(copy));
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  outbox_.Get(id, [this, alive, cb = std::move(cb)](Result<Delivery> r) mutable {
    if (alive.expired()) return;
    if (!r.ok()) {
      cb(r.status());
      return;
    }
    if (GetLive(r->id)) {  // became live meanwhile
      Retry(r->id, std::move(cb));
      return;
    }
    Restart(std::move(r).value(), std::move(cb));
  });
}

void Dispatcher::RetryDeadLetters(const std::string& webhook_id,
                                  std::function<void(Result<std::size_t>)> cb) {
  if (!FindWebhook(webhook_id)) {
    cb(Status::NotFound("no webhook " + webhook_id));
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  outbox_.ListDeadLetters(
      webhook_id, [this, alive, cb = std::move(cb)](Result<std::vector<Delivery>> r) mutable {
        if (alive.expired()) return;
        if (!r.ok()) {
          cb(r.status());
          return;
        }
        std::unordered_set<std::string_view> live_ids;  // one scan, not one per dead letter
        ForEachLive([&](const Live& l) { live_ids.insert(l.d.id); });
        std::size_t n = 0;
        for (Delivery& d : *r) {
          if (live_ids.count(d.id)) continue;
          Restart(std::move(d), [&n](Result<Delivery> x) { n += x.ok() ? 1 : 0; });
        }
        cb(n);
      });
}

Dispatcher::QueueStats Dispatcher::RetryQueueStats() const {
  QueueStats s;
  s.pending = live_count_;
  s.in_flight = in_flight_;
  ForEachLive([&](const Live& l) {
    std::int64_t due = l.d.next_retry_at_ms;
    if (due && (!s.next_due_ms || due < s.next_due_ms)) s.next_due_ms = due;
  });
  return s;
}

// ---- webhooks changed at runtime ----

namespace {
void ConfigureBucket(Endpoint& ep) {
  const config::RateLimit& rl = ep.cfg.rate_limit;
  if (rl.per_second >= 0)
    ep.bucket.Configure(rl.per_second, static_cast<double>(rl.burst));
  else if (ep.sink)
    ep.bucket.Configure(ep.sink->vtable()->rate_per_second, ep.sink->vtable()->rate_burst);
}
}  // namespace

std::size_t Dispatcher::AddWebhook(const config::Webhook& w, BoundWebhook bound) {
  auto ep = std::make_unique<Endpoint>();
  ep->cfg = w;
  ep->enabled = w.enabled;
  ep->url = std::move(bound.url);
  ep->sink = std::move(bound.sink);
  ep->sink_resolves = ep->sink->resolves();
  ConfigureBucket(*ep);
  endpoints_.push_back(std::move(ep));
  return endpoints_.size() - 1;
}

void Dispatcher::UpdateWebhook(std::size_t index, const config::Webhook& w, BoundWebhook bound) {
  Endpoint& ep = *endpoints_[index];
  ep.cfg = w;
  ep.enabled = w.enabled;
  ep.url = std::move(bound.url);
  ep.sink = std::move(bound.sink);
  ep.sink_resolves = ep.sink->resolves();
  ConfigureBucket(ep);
  Pump(index);
}

void Dispatcher::RemoveWebhook(std::size_t index) {
  Endpoint& ep = *endpoints_[index];
  ep.enabled = false;
  ep.removed = true;
  ep.ready.clear();
  std::vector<std::uint64_t> doomed;
  ForEachLive([&](const Live& l) {
    if (l.index == index && !l.attempting) doomed.push_back(l.seq);
  });
  for (std::uint64_t seq : doomed)
    if (Live* l = GetLive(seq)) {
      l->d.last_error = "webhook deleted";
      Finish(*l, DeliveryStatus::kFailed);
    }
}

void Dispatcher::RotateSecret(std::size_t index, std::string new_secret, std::int64_t until_ms) {
  Endpoint& ep = *endpoints_[index];
  ep.previous_secret = std::move(ep.cfg.secret);
  ep.previous_secret_until_ms = until_ms;
  ep.cfg.secret = std::move(new_secret);
}

void Dispatcher::SendTest(std::size_t index, TestCallback cb) {
  Endpoint& ep = *endpoints_[index];
  std::string data;
  JsonWriter w(data);
  std::string msg = "Test delivery from vigil to webhook " + ep.cfg.id;
  w.begin_object().field("message", msg).end_object();
  event::Event e = event::MakeEvent(event::Type::kTest, {}, std::move(data), std::move(msg));
  Delivery d;
  d.id = NewUuid();
  d.webhook_id = ep.cfg.id;
  d.event_id = e.id;
  d.event = e.type;
  d.timestamp_ms = e.timestamp_ms;
  d.created_at_ms = NowUnixMs();
  d.test = true;
  plugin::EventInfo info = MakeEventInfo(e, event::RenderPayload(e));
  if (Status s = Render(info, index, d); !s.ok()) {
    cb(s);
    return;
  }
  http::RequestOptions opts;
  opts.timeout_ms = static_cast<std::uint64_t>(ep.cfg.timeout_ms);
  opts.connect_timeout_ms = std::min<std::uint64_t>(opts.timeout_ms, 10000);
  opts.tls.ca_file = ep.cfg.tls.ca_file.value_or("");
  opts.tls.insecure_skip_verify = ep.cfg.tls.insecure_skip_verify;
  http::Request req;
  BuildAttemptRequest(ep, d, NowUnixMs(), &req);
  std::weak_ptr<bool> alive = alive_;
  http_.Send(req, opts,
             [this, alive, index, d = std::move(d), cb = std::move(cb)](http::Response r) mutable {
               if (alive.expired()) return;
               deliver::Attempt a;
               a.started_at_ms = d.created_at_ms;
               a.duration_ms = static_cast<std::int64_t>(r.duration_ms);
               a.status_code = r.code;
               if (!r.ok()) a.error = r.status.message();
               d.attempts.push_back(a);
               d.last_status_code = r.code;
               d.last_error = a.error;
               d.duration_ms = a.duration_ms;
               d.response_body = std::string(Utf8Prefix(
                   r.body, static_cast<std::size_t>(cfg_.delivery.response_body_max_bytes)));
               const Endpoint& ep = *endpoints_[index];
               auto v = ep.sink ? ep.sink->Classify(r, NowUnixMs())
                                : plugin::DefaultClassify(r, NowUnixMs());
               d.status = v.kind == plugin::VerdictKind::kSuccess ? DeliveryStatus::kSuccess
                                                                  : DeliveryStatus::kFailed;
               d.completed_at_ms = NowUnixMs();
               cb(std::move(d));
             });
}

}  // namespace vigil::deliver
