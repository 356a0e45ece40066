// The connections of one origin (scheme, host, port, TLS options): keep-alive reuse, a cap on
// open connections, a FIFO of requests waiting for one, idle expiry, and the one transparent
// retry of a request whose reused connection turned out to be closed by the server.
#pragma once

#include <uv.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/http/connection.hpp"
#include "core/http/job.hpp"
#include "core/http/options.hpp"
#include "core/http/url.hpp"

namespace vigil::http {

class Pool : public ConnectionObserver {
 public:
  // complete: hands a finished job and its response to the client (which defers the user
  // callback). tls: null for http://.
  using CompleteFn = std::function<void(std::unique_ptr<Job>, Response)>;

  Pool(uv_loop_t* loop, reactor::TimerQueue& timers, const ClientOptions& options, Url origin,
       std::shared_ptr<TlsConfig> tls, CompleteFn complete);
  ~Pool() override;

  // Takes the job: runs it on an idle connection, a new one, or queues it.
  void Submit(std::unique_ptr<Job> job);
  // Fails every job with kClientClosed and closes every connection.
  void Shutdown();

  std::size_t open_connections() const { return conns_.size(); }
  std::size_t idle_connections() const { return idle_.size(); }
  std::size_t queued() const { return queue_.size(); }

  void OnReady(Connection* c) override;
  void OnResponse(Connection* c) override;
  void OnFailure(Connection* c, ErrorKind kind, std::string message) override;

 private:
  void Dispatch();
  void Start(Connection* c, Job* job);
  void OpenFor(Job* job);
  void MakeIdle(Connection* c);
  void Remove(Connection* c);  // destroys it
  void OnDeadline(Job* job);
  void Finish(Job* job, Response r);
  void FinishError(Job* job, ErrorKind kind, const std::string& message);

  uv_loop_t* loop_;
  reactor::TimerQueue& timers_;
  const ClientOptions& options_;
  Url origin_;
  std::shared_ptr<TlsConfig> tls_;
  CompleteFn complete_;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> conns_;
  std::vector<Connection*> idle_;  // most recently used last
  std::deque<Job*> queue_;
  std::unordered_map<Job*, std::unique_ptr<Job>> jobs_;  // every job not yet finished
};

}  // namespace vigil::http
