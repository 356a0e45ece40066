// Delivery of events to webhooks: one Delivery per (event, webhook), attempted over the shared
// HttpClient, retried with backoff per the webhook's retryPolicy, capped in concurrency per
// endpoint and paused by a circuit breaker while an endpoint keeps failing.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config/config.hpp"
#include "core/deliver/delivery.hpp"
#include "core/deliver/endpoint.hpp"
#include "core/event/event.hpp"
#include "core/http/client.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::deliver {

class Dispatcher {
 public:
  Dispatcher(reactor::TimerQueue& timers, http::HttpClient& http, const config::Config& cfg);
  ~Dispatcher();

  std::size_t webhook_count() const { return endpoints_.size(); }
  const Endpoint& endpoint(std::size_t i) const { return *endpoints_[i]; }

  // Creates a delivery of e to webhook `index` and attempts it now. Returns the delivery id.
  std::string Enqueue(const event::Event& e, std::size_t index, bool test = false);

  // A delivery still in progress or recently finished; nullptr when unknown.
  const Delivery* Find(const std::string& id) const;

  // Observer of every finished attempt (tests, metrics, history).
  using AttemptObserver = std::function<void(const Delivery&)>;
  void set_attempt_observer(AttemptObserver o) { observer_ = std::move(o); }

  struct Stats {
    std::size_t active = 0;     // not final: pending or retrying
    std::size_t in_flight = 0;  // attempts on the wire now
    std::uint64_t succeeded = 0;
    std::uint64_t failed = 0;
    std::uint64_t dead_lettered = 0;
  };
  Stats stats() const { return stats_; }

 private:
  Delivery* Get(const std::string& id);
  void MakeDue(const std::string& id);
  void Pump(std::size_t index);
  void Attempt(Delivery& d, std::size_t index);
  void OnResponse(const std::string& id, std::size_t index, std::int64_t started_ms,
                  http::Response r);
  void Finish(Delivery& d, DeliveryStatus status);
  void RecordCircuit(std::size_t index, bool success);
  bool CircuitAllows(std::size_t index);

  reactor::TimerQueue& timers_;
  http::HttpClient& http_;
  const config::Config& cfg_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::unordered_map<std::string, std::unique_ptr<Delivery>> deliveries_;
  std::deque<std::string> finished_;  // recent final deliveries, oldest first (bounded)
  std::mt19937_64 rng_;
  AttemptObserver observer_;
  Stats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace vigil::deliver
