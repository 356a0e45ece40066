// HttpClient: asynchronous HTTP/1.1 (and HTTPS) requests on one libuv loop, with a keep-alive
// connection pool per origin. The transport half of webhook delivery; no retries of its own
// beyond the one transparent retry of a stale kept-alive connection.
//
// Threading and lifetime:
// - Loop thread only: construct, Send, Close and destroy on the thread running `loop`.
// - `loop` and `timers` must outlive the client. Every timeout runs on `timers`.
// - Each Send gets exactly one callback, always from a loop callback (a zero-delay timer),
//   never from inside Send, so a callback may call Send again.
// - Close() fails everything pending with ErrorKind::kClientClosed, invoking those callbacks
//   from inside Close(), and closes every socket; the loop can then finish once `timers` is
//   closed too. Send after Close answers kClientClosed (from the timer queue, so only while
//   `timers` runs). The destructor calls Close().
// - A callback may call Close() but must not destroy the client.
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/http/options.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::http {

class Pool;
class TlsContext;
struct Job;

class HttpClient {
 public:
  using Callback = ResponseCallback;  // see response.hpp

  HttpClient(uv_loop_t* loop, reactor::TimerQueue& timers, ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends req and calls done with the outcome (see Response). Never blocks: DNS runs on
  // libuv's threadpool, the CA file of a TLS option set is read on its first use (see
  // PreloadTls to do that at start-up instead).
  void Send(const Request& req, RequestOptions options, Callback done);

  // Loads and caches the CA chain and TLS config for these options now.
  Status PreloadTls(const TlsOptions& tls);

  // Cancels everything (see the lifetime rules above). Idempotent.
  void Close();

  struct Stats {
    std::size_t origins = 0;
    std::size_t open_connections = 0;  // connecting, busy or idle
    std::size_t idle_connections = 0;
    std::size_t queued = 0;  // requests waiting for a connection
  };
  Stats stats() const;
  const ClientOptions& options() const { return options_; }

 private:
  // A pool's identity: scheme, host, port and, for https, how the server is verified. The
  // strings are views: a stored key views its own Pool's copies, a lookup key the request's.
  struct OriginKey {
    bool tls = false;
    std::string_view host;
    std::uint16_t port = 0;
    bool insecure = false;     // https only
    std::string_view ca_file;  // https without insecure only
    bool operator==(const OriginKey&) const = default;
  };
  struct OriginKeyHash {
    std::size_t operator()(const OriginKey& k) const;
  };
  static OriginKey KeyOf(const Url& url, const TlsOptions& tls);

  // Queues a finished job for Drain, which runs its callback from the zero-delay drain timer
  // and then recycles it.
  void Deliver(std::unique_ptr<Job> job);
  // Finishes a new job with an error, through Deliver.
  void DeliverError(std::unique_ptr<Job> job, Callback done, ErrorKind kind,
                    const std::string& message);
  void Drain();
  std::unique_ptr<Job> NewJob();
  void Recycle(std::unique_ptr<Job> job);

  uv_loop_t* loop_;
  reactor::TimerQueue& timers_;
  ClientOptions options_;
  std::unique_ptr<TlsContext> tls_;
  std::unordered_map<OriginKey, std::unique_ptr<Pool>, OriginKeyHash> pools_;
  std::vector<std::unique_ptr<Job>> spare_jobs_;  // finished jobs kept for reuse
  // Finished jobs whose callback has not run yet, oldest first (owned; linked through next).
  Job* ready_head_ = nullptr;
  Job* ready_tail_ = nullptr;
  reactor::Timer drain_timer_;
  bool closed_ = false;
};

}  // namespace vigil::http
