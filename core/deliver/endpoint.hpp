// The runtime side of one webhook: its parsed URL, whether it is enabled, how many attempts are
// in flight (capped per endpoint), the deliveries waiting for a slot, and its circuit breaker.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "core/config/config.hpp"
#include "core/deliver/token_bucket.hpp"
#include "core/http/url.hpp"
#include "core/plugin/sink.hpp"

namespace vigil::deliver {

enum class CircuitState { kClosed, kOpen, kHalfOpen };
std::string_view CircuitStateName(CircuitState s);

struct Endpoint {
  config::Webhook cfg;
  http::Url url;
  bool enabled = true;
  std::unique_ptr<plugin::BoundSink> sink;  // bound at start-up (Dispatcher::BindSinks)
  bool sink_resolves = false;               // the sink has a resolved form
  TokenBucket bucket;                       // the sink's rate limit or the webhook's
  bool rate_timer_armed = false;
  bool removed = false;         // deleted through the API: the slot stays, unused
  std::string previous_secret;  // during a secret rotation's grace period
  std::int64_t previous_secret_until_ms = 0;
  std::size_t in_flight = 0;
  std::deque<std::uint64_t> ready;  // deliveries (Dispatcher's seq) due now, waiting for a slot
  CircuitState circuit = CircuitState::kClosed;
  std::uint32_t consecutive_failures = 0;
  std::uint64_t circuit_opened_at = 0;  // loop ms
  bool circuit_timer_armed = false;
  // The last request URL parsed for an attempt: sinks render the same URL for every event, so
  // attempts reuse it instead of parsing the stored text again.
  std::string attempt_url_text;
  http::Url attempt_url;
};

}  // namespace vigil::deliver
