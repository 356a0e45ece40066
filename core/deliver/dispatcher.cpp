// Dispatcher: the attempt/retry cycle of deliveries, per-endpoint concurrency and circuits.
#include "core/deliver/dispatcher.hpp"

#include "core/deliver/retry.hpp"
#include "core/deliver/webhook_request.hpp"
#include "core/event/payload.hpp"
#include "core/util/clock.hpp"
#include "core/util/ids.hpp"
#include "core/util/log.hpp"
#include "core/util/utf8.hpp"

namespace vigil::deliver {
namespace {
constexpr std::size_t kRecentFinished = 10000;
}

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

Dispatcher::Dispatcher(reactor::TimerQueue& timers, http::HttpClient& http,
                       const config::Config& cfg)
    : timers_(timers), http_(http), cfg_(cfg), rng_(std::random_device{}()) {
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

Delivery* Dispatcher::Get(const std::string& id) {
  auto it = deliveries_.find(id);
  return it == deliveries_.end() ? nullptr : it->second.get();
}

const Delivery* Dispatcher::Find(const std::string& id) const {
  auto it = deliveries_.find(id);
  return it == deliveries_.end() ? nullptr : it->second.get();
}

std::string Dispatcher::Enqueue(const event::Event& e, std::size_t index, bool test) {
  auto d = std::make_unique<Delivery>();
  d->id = NewUuid();
  d->webhook_id = endpoints_[index]->cfg.id;
  d->event_id = e.id;
  d->event = e.type;
  d->instance = e.instance.name;
  d->timestamp_ms = e.timestamp_ms;
  d->payload = event::RenderPayload(e);
  d->created_at_ms = NowUnixMs();
  d->test = test;
  std::string id = d->id;
  deliveries_.emplace(id, std::move(d));
  ++stats_.active;
  MakeDue(id);
  return id;
}

void Dispatcher::MakeDue(const std::string& id) {
  Delivery* d = Get(id);
  if (!d || d->final()) return;
  std::size_t index = 0;
  while (index < endpoints_.size() && endpoints_[index]->cfg.id != d->webhook_id) ++index;
  if (index == endpoints_.size() || !endpoints_[index]->enabled) {
    d->last_error = "webhook disabled";
    Finish(*d, DeliveryStatus::kFailed);
    return;
  }
  endpoints_[index]->ready.push_back(id);
  Pump(index);
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
    std::string id = std::move(ep.ready.front());
    ep.ready.pop_front();
    Delivery* d = Get(id);
    if (!d || d->final()) continue;
    Attempt(*d, index);
  }
}

void Dispatcher::Attempt(Delivery& d, std::size_t index) {
  Endpoint& ep = *endpoints_[index];
  ++ep.in_flight;
  ++stats_.in_flight;
  d.next_retry_at_ms = 0;
  http::RequestOptions opts;
  opts.timeout_ms = static_cast<std::uint64_t>(ep.cfg.timeout_ms);
  opts.connect_timeout_ms = std::min<std::uint64_t>(opts.timeout_ms, 10000);
  opts.tls.ca_file = ep.cfg.tls.ca_file.value_or("");
  opts.tls.insecure_skip_verify = ep.cfg.tls.insecure_skip_verify;
  std::int64_t started = NowUnixMs();
  std::weak_ptr<bool> alive = alive_;
  http_.Send(BuildWebhookRequest(ep.cfg, ep.url, d), opts,
             [this, alive, id = d.id, index, started](http::Response r) {
               if (alive.expired()) return;
               OnResponse(id, index, started, std::move(r));
             });
}

void Dispatcher::OnResponse(const std::string& id, std::size_t index, std::int64_t started_ms,
                            http::Response r) {
  Endpoint& ep = *endpoints_[index];
  --ep.in_flight;
  --stats_.in_flight;
  Delivery* dp = Get(id);
  if (!dp) {
    Pump(index);
    return;
  }
  Delivery& d = *dp;
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
  d.response_body = std::string(
      Utf8Prefix(r.body, static_cast<std::size_t>(cfg_.delivery.response_body_max_bytes)));

  Classification c = Classify(r, now);
  RecordCircuit(index, c.verdict == Verdict::kSuccess);
  std::uint32_t attempt_no = static_cast<std::uint32_t>(d.attempts.size());
  auto log_outcome = [&](std::string_view outcome, log::Level level) {
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

  switch (c.verdict) {
    case Verdict::kSuccess:
      log_outcome("success", log::Level::kInfo);
      Finish(d, DeliveryStatus::kSuccess);
      break;
    case Verdict::kFail:
      log_outcome("failed", log::Level::kWarn);
      Finish(d, DeliveryStatus::kFailed);
      break;
    case Verdict::kDisable: {
      log_outcome("failed: 410 Gone, webhook disabled", log::Level::kError);
      ep.enabled = false;
      Finish(d, DeliveryStatus::kFailed);
      std::deque<std::string> waiting;
      waiting.swap(ep.ready);
      for (const std::string& wid : waiting)
        if (Delivery* w = Get(wid)) {
          w->last_error = "webhook disabled (410 Gone)";
          Finish(*w, DeliveryStatus::kFailed);
        }
      break;
    }
    case Verdict::kRetry: {
      const config::RetryPolicy& p = ep.cfg.retry_policy;
      std::uint32_t retries_done = attempt_no - 1;
      if (retries_done >= static_cast<std::uint32_t>(p.max_retries)) {
        log_outcome("dead_letter", log::Level::kError);
        Finish(d, DeliveryStatus::kDeadLetter);
        break;
      }
      std::int64_t delay =
          c.retry_after_ms ? *c.retry_after_ms : RetryDelayMs(p, retries_done + 1, rng_);
      d.status = DeliveryStatus::kRetrying;
      d.next_retry_at_ms = now + delay;
      log_outcome("retry in " + std::to_string(delay) + " ms", log::Level::kWarn);
      std::weak_ptr<bool> alive = alive_;
      timers_.schedule(static_cast<std::uint64_t>(delay), [this, alive, id] {
        if (!alive.expired()) MakeDue(id);
      });
      if (observer_) observer_(d);
      break;
    }
  }
  Pump(index);
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

void Dispatcher::Finish(Delivery& d, DeliveryStatus status) {
  d.status = status;
  d.completed_at_ms = NowUnixMs();
  d.next_retry_at_ms = 0;
  --stats_.active;
  if (status == DeliveryStatus::kSuccess)
    ++stats_.succeeded;
  else if (status == DeliveryStatus::kFailed)
    ++stats_.failed;
  else
    ++stats_.dead_lettered;
  if (observer_) observer_(d);
  finished_.push_back(d.id);
  while (finished_.size() > kRecentFinished) {
    deliveries_.erase(finished_.front());
    finished_.pop_front();
  }
}

}  // namespace vigil::deliver
