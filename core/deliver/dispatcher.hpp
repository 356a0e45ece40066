// Delivery of events to webhooks: one Delivery per (event, webhook), persisted in the outbox
// before its first attempt, attempted over the shared HttpClient, retried with backoff per the
// webhook's retryPolicy, capped in concurrency per endpoint and paused by a circuit breaker
// while an endpoint keeps failing. Also the operations the API calls (list, get, retry, stats).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config/config.hpp"
#include "core/deliver/delivery.hpp"
#include "core/deliver/endpoint.hpp"
#include "core/deliver/outbox.hpp"
#include "core/event/event.hpp"
#include "core/http/client.hpp"
#include "core/plugin/registry.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::deliver {

// A webhook bound to its sink: the sink with its per-webhook state, and the URL in force.
struct BoundWebhook {
  std::unique_ptr<plugin::BoundSink> sink;
  http::Url url;
};
// Finds the webhook's sink among the loaded plugins and lets it check its sinkOptions. Errors
// name the key: `webhooks[2].sinkOptions: routingKey: required`. Also used by --check-config.
Result<BoundWebhook> BindWebhookSink(const config::Webhook& w, std::size_t index,
                                     const plugin::Registry& plugins);

class Dispatcher {
 public:
  Dispatcher(reactor::TimerQueue& timers, http::HttpClient& http, Outbox& outbox,
             const config::Config& cfg);
  ~Dispatcher();

  // Binds each webhook to its sink plugin and checks the sink accepts its sinkOptions. Errors
  // name the webhook's key, e.g. `webhooks[2].sinkOptions: routingKey: required`.
  Status BindSinks(const plugin::Registry& plugins);

  std::size_t webhook_count() const { return endpoints_.size(); }
  const Endpoint& endpoint(std::size_t i) const { return *endpoints_[i]; }
  // Index of a (not removed) webhook by id; nullopt when unknown.
  std::optional<std::size_t> FindWebhook(std::string_view id) const;

  // Persists e and one delivery per webhook index in one batch, then attempts them.
  // Returns the delivery ids, in the order of `webhooks`.
  std::vector<std::string> Enqueue(const event::Event& e, const std::vector<std::size_t>& webhooks,
                                   bool test = false);
  // Start-up: takes over deliveries that were pending when vigil stopped (Outbox::LoadPending).
  void Resume(std::vector<Delivery> pending);
  // Applies a persisted "disabled" flag (a 410 Gone seen before a restart).
  void SetEnabled(std::size_t index, bool enabled);

  // ---- webhooks changed at runtime (the API). Indices stay stable: a removed webhook keeps
  // its slot, disabled and marked removed; a new one is appended. ----
  // Appends a webhook bound to its sink (BindWebhookSink); returns its index.
  std::size_t AddWebhook(const config::Webhook& w, BoundWebhook bound);
  // Replaces webhook i's settings and sink; its circuit, rate bucket and queue carry over.
  void UpdateWebhook(std::size_t index, const config::Webhook& w, BoundWebhook bound);
  // Disables webhook i for good; its pending deliveries fail ("webhook deleted").
  void RemoveWebhook(std::size_t index);
  // Signs with new_secret, and also with the previous secret until until_ms (wall clock).
  void RotateSecret(std::size_t index, std::string new_secret, std::int64_t until_ms);
  // Sends a webhook.test event to webhook i now, outside the outbox (X-Webhook-Test: true).
  using TestCallback = std::function<void(Result<Delivery>)>;
  void SendTest(std::size_t index, TestCallback cb);

  // --- what the API calls ---
  using DeliveriesCallback = std::function<void(Result<std::vector<Delivery>>)>;
  using DeliveryCallback = std::function<void(Result<Delivery>)>;
  void List(const std::string& webhook_id, std::size_t limit, std::size_t offset,
            std::optional<DeliveryStatus> status, DeliveriesCallback cb);
  void Get(const std::string& id, DeliveryCallback cb);
  // Retries a failed or dead-lettered delivery now, with its attempt count reset. A delivery
  // that is still pending or retrying is attempted now. cb gets the delivery as rescheduled.
  void Retry(const std::string& id, DeliveryCallback cb);
  // Retries every dead letter of a webhook; cb gets how many were rescheduled.
  void RetryDeadLetters(const std::string& webhook_id, std::function<void(Result<std::size_t>)> cb);
  struct QueueStats {
    std::size_t pending = 0;       // not final: waiting, retrying or in flight
    std::size_t in_flight = 0;     // attempts on the wire now
    std::int64_t next_due_ms = 0;  // wall clock of the earliest scheduled retry; 0 if none
  };
  QueueStats RetryQueueStats() const;

  // A delivery still in progress (in memory); nullptr when unknown or final.
  const Delivery* FindActive(const std::string& id) const;

  // Observer of every state change after an attempt (tests, metrics).
  using AttemptObserver = std::function<void(const Delivery&)>;
  void set_attempt_observer(AttemptObserver o) { observer_ = std::move(o); }
  // Observer of webhooks disabled by a 410 Gone (to persist the flag).
  using DisableObserver = std::function<void(const Endpoint&)>;
  void set_disable_observer(DisableObserver o) { on_disable_ = std::move(o); }

  struct Counters {
    std::uint64_t succeeded = 0;
    std::uint64_t failed = 0;
    std::uint64_t dead_lettered = 0;
    std::uint64_t attempts = 0;
  };
  Counters counters() const { return counters_; }

 private:
  // A delivery in progress. Timers, ready queues and HTTP callbacks refer to it by `seq`: its
  // slot in slots_ (low 32 bits) and that slot's generation (high 32 bits), so a lookup is one
  // index and a stale handle (of a delivery since finished) finds nothing.
  // The outbox marker that queues an event's deliveries until each is saved once.
  struct Marker {
    std::string key;
    std::size_t unsettled = 0;  // covered deliveries not saved since
  };
  struct Live {
    Delivery d;
    std::uint64_t seq = 0;
    // Due time of its key in the outbox's pending queue; Outbox::kMarked while `marker` queues it.
    std::int64_t queued_due_ms = 0;
    std::shared_ptr<Marker> marker;
    std::size_t index = 0;         // webhook
    std::uint64_t generation = 0;  // bumped on manual retry: stale timers are ignored
    bool queued = false;           // in its endpoint's ready queue
    bool attempting = false;       // an attempt is on the wire
  };

  // Takes l into the live set (gives it its seq) and returns it.
  Live& AddLive(std::unique_ptr<Live> l);
  void EraseLive(Live& l);
  Live* GetLive(std::uint64_t seq);
  // By delivery id: a scan of the live set, for the API (never on the delivery path).
  Live* GetLive(std::string_view id) const;
  template <typename F>
  void ForEachLive(F&& f) const {
    for (const Slot& s : slots_)
      if (s.live) f(*s.live);
  }
  void Schedule(Live& l, std::int64_t delay_ms);
  void MakeDue(std::uint64_t seq, std::uint64_t generation);
  void Pump(std::size_t index);
  void Attempt(Live& l);
  // What sinks see of an event (with its rendered payload); built once per event.
  plugin::EventInfo MakeEventInfo(const event::Event& e, const std::string& payload) const;
  // Renders d's request with its webhook's sink (at enqueue, once per delivery); sets
  // info.delivery_id to d's id.
  Status Render(plugin::EventInfo& info, std::size_t index, Delivery& d);
  // r is the client's: read it here, never keep a reference (its buffers are reused).
  void OnResponse(std::uint64_t seq, std::size_t index, std::int64_t started_ms,
                  const http::Response& r);
  void Persist(Live& l);
  void Finish(Live& l, DeliveryStatus status);
  void Restart(Delivery d, DeliveryCallback cb);
  void RecordCircuit(std::size_t index, bool success);
  bool CircuitAllows(std::size_t index);

  reactor::TimerQueue& timers_;
  http::HttpClient& http_;
  Outbox& outbox_;
  const config::Config& cfg_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  struct Slot {
    std::unique_ptr<Live> live;  // null while free
    std::uint32_t generation = 0;
  };
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_count_ = 0;
  std::mt19937_64 rng_;
  AttemptObserver observer_;
  DisableObserver on_disable_;
  Counters counters_;
  std::size_t in_flight_ = 0;
  http::Request attempt_req_;  // the request of the attempt being sent, reused (its buffers too)
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace vigil::deliver
