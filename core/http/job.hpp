// One request in flight inside HttpClient: its bytes, options, callback, deadline and retry
// state. Internal to the client (pool and connection refer to it). Jobs are recycled by the
// client, so a job's wire buffer is reused by later requests.
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

  // Back to a new job's state for the next request; the wire buffer keeps its capacity.
  void Reset() {
    wire.clear();
    head = false;
    options = RequestOptions{};
    done = nullptr;
    deadline.cancel();
    retried = false;
    need_fresh = false;
    conn = nullptr;
  }

  std::string wire;  // the serialized request
  bool head = false;
  RequestOptions options;
  std::function<void(Response)> done;
  std::chrono::steady_clock::time_point start;
  reactor::Timer deadline;     // RequestOptions::timeout_ms
  bool retried = false;        // the stale-connection retry was used
  bool need_fresh = false;     // must not take an idle connection (the retry)
  Connection* conn = nullptr;  // the connection serving it or opened for it

  // The owning pool's list of unfinished jobs (intrusive: no allocation per request).
  Job* prev = nullptr;
  Job* next = nullptr;
  bool listed = false;
};

}  // namespace vigil::http
