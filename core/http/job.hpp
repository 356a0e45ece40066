// One request in flight inside HttpClient: its bytes, options, callback, deadline and retry
// state. Internal to the client (pool and connection refer to it).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/http/options.hpp"
#include "core/http/response.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::http {

class Connection;

struct Job {
  explicit Job(reactor::TimerQueue& timers) : deadline(timers) {}

  std::string wire;  // the serialized request
  bool head = false;
  RequestOptions options;
  std::function<void(Response)> done;
  std::chrono::steady_clock::time_point start;
  reactor::Timer deadline;     // RequestOptions::timeout_ms
  bool retried = false;        // the stale-connection retry was used
  bool need_fresh = false;     // must not take an idle connection (the retry)
  Connection* conn = nullptr;  // the connection serving it or opened for it
};

}  // namespace vigil::http
