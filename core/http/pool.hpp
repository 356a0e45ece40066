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
  // complete: hands a finished job (its response in job->response) to the client, which
  // defers the user callback. tls: null for http://.
  using CompleteFn = std::function<void(std::unique_ptr<Job>)>;

  Pool(uv_loop_t* loop, reactor::TimerQueue& timers, const ClientOptions& options, Url origin,
       TlsOptions tls_options, std::shared_ptr<TlsConfig> tls, CompleteFn complete);
  ~Pool() override;
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // What the pool was made for (the client's pool key views these strings).
  const Url& origin() const { return origin_; }
  const TlsOptions& tls_options() const { return tls_options_; }

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
  void ArmIdle(Connection* c, std::uint64_t delay_ms);
  // Closes c if it has been idle for idle_timeout_ms, else re-arms for the rest.
  void OnIdleTimer(Connection* c);
  void Remove(Connection* c);  // destroys it
  void OnDeadline(Job* job);
  void Finish(Job* job);  // job->response is filled in
  void FinishError(Job* job, ErrorKind kind, const std::string& message);
  void Link(Job* job);
  void Unlink(Job* job);

  uv_loop_t* loop_;
  reactor::TimerQueue& timers_;
  const ClientOptions& options_;
  Url origin_;
  TlsOptions tls_options_;
  std::shared_ptr<TlsConfig> tls_;
  CompleteFn complete_;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> conns_;
  std::vector<Connection*> idle_;  // most recently used last
  std::deque<Job*> queue_;
  Job* jobs_ = nullptr;  // every job not yet finished (owned; linked through Job::next)
};

}  // namespace vigil::http
