// One request in flight inside HttpClient: its bytes, options, callback, deadline, retry state
// and, once finished, its response. Internal to the client (pool and connection refer to it).
// Jobs are recycled by the client, so a job's wire buffer, and the response containers its
// callback left alone, are reused by later requests.
#pragma once

#include <chrono>
#include <string>

#include "core/http/options.hpp"
#include "core/http/response.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::http {

class Connection;

struct Job {
  explicit Job(reactor::TimerQueue& timers) : deadline(timers) {}

  // Back to a new job's state for the next request; the wire buffer keeps its capacity, and
  // the response's header list and body (unless the callback moved them out) become spares.
  void Reset() {
    if (spare_headers.empty()) spare_headers.swap(response.headers);
    response.headers.clear();
    if (spare_body.capacity() < response.body.capacity()) spare_body.swap(response.body);
    response.body.clear();
    response.status = Status();
    response.error = ErrorKind::kNone;
    response.code = 0;
    response.truncated = false;
    response.duration_ms = 0;
    response.reused_connection = false;
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
  ResponseCallback done;
  std::chrono::steady_clock::time_point start;
  reactor::Timer deadline;     // RequestOptions::timeout_ms
  bool retried = false;        // the stale-connection retry was used
  bool need_fresh = false;     // must not take an idle connection (the retry)
  Connection* conn = nullptr;  // the connection serving it or opened for it
  // The outcome handed to done. Empty headers and body until the job finishes.
  Response response;
  // Containers of earlier responses, contents stale: the parser reuses their strings.
  Headers spare_headers;
  std::string spare_body;

  // The owning pool's list of unfinished jobs, then the client's list of finished jobs whose
  // callback is due (intrusive: no allocation per request).
  Job* prev = nullptr;
  Job* next = nullptr;
  bool listed = false;
};

}  // namespace vigil::http
