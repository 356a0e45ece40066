// Pool: dispatches jobs to idle or new connections of one origin, under a connection cap.
#include "core/http/pool.hpp"

#include <algorithm>

namespace vigil::http {

Pool::Pool(uv_loop_t* loop, reactor::TimerQueue& timers, const ClientOptions& options, Url origin,
           TlsOptions tls_options, std::shared_ptr<TlsConfig> tls, CompleteFn complete)
    : loop_(loop),
      timers_(timers),
      options_(options),
      origin_(std::move(origin)),
      tls_options_(std::move(tls_options)),
      tls_(std::move(tls)),
      complete_(std::move(complete)) {}

Pool::~Pool() {
  idle_.clear();
  conns_.clear();  // closes sockets; connections never call back from their destructor
  while (jobs_) {  // only when destroyed without Shutdown()
    Job* job = jobs_;
    Unlink(job);
    delete job;
  }
}

void Pool::Link(Job* job) {
  job->prev = nullptr;
  job->next = jobs_;
  if (jobs_) jobs_->prev = job;
  jobs_ = job;
  job->listed = true;
}

void Pool::Unlink(Job* job) {
  if (job->prev) job->prev->next = job->next;
  if (job->next) job->next->prev = job->prev;
  if (jobs_ == job) jobs_ = job->next;
  job->prev = job->next = nullptr;
  job->listed = false;
}

void Pool::Submit(std::unique_ptr<Job> owned) {
  Job* job = owned.release();
  Link(job);
  if (queue_.size() >= options_.max_queued_per_origin) {
    FinishError(
        job, ErrorKind::kOverloaded,
        std::to_string(queue_.size()) + " requests already wait for " + origin_.authority());
    return;
  }
  job->deadline.arm(job->options.timeout_ms, [this, job] { OnDeadline(job); });
  queue_.push_back(job);
  Dispatch();
}

void Pool::Dispatch() {
  std::size_t cap = std::max<std::size_t>(1, options_.max_connections_per_origin);
  while (!queue_.empty()) {
    Job* job = queue_.front();
    if (!job->need_fresh && !idle_.empty()) {
      Connection* c = idle_.back();
      idle_.pop_back();
      queue_.pop_front();
      Start(c, job);
      continue;
    }
    if (conns_.size() >= cap) {
      if (job->need_fresh && !idle_.empty()) {
        // Make room for the retry's fresh connection: drop the oldest idle one.
        Connection* c = idle_.front();
        idle_.erase(idle_.begin());
        Remove(c);
        continue;
      }
      break;
    }
    queue_.pop_front();
    OpenFor(job);
  }
}

void Pool::OpenFor(Job* job) {
  ParserLimits limits{options_.max_headers, options_.max_header_bytes, options_.max_body_bytes};
  auto owned = std::make_unique<Connection>(loop_, timers_, this, limits, tls_);
  Connection* c = owned.get();
  conns_.emplace(c, std::move(owned));
  c->job = job;
  job->conn = c;
  c->Connect(origin_.host, origin_.port, origin_.ip_literal(), job->options.connect_timeout_ms);
}

void Pool::Start(Connection* c, Job* job) {
  // The idle timer stays armed: OnIdleTimer sees the connection busy and lets it be.
  c->job = job;
  job->conn = c;
  c->Exchange(job->wire, job->head);
}

void Pool::MakeIdle(Connection* c) {
  idle_.push_back(c);
  c->idle_since_ms = timers_.now();
  // Lazy: a connection reused and made idle again before its timer fires keeps that timer,
  // which then re-arms for the rest of the new idle period.
  if (!c->idle_timer().armed()) ArmIdle(c, options_.idle_timeout_ms);
}

void Pool::ArmIdle(Connection* c, std::uint64_t delay_ms) {
  c->idle_timer().arm(delay_ms, [this, c] { OnIdleTimer(c); });
}

void Pool::OnIdleTimer(Connection* c) {
  auto it = std::find(idle_.begin(), idle_.end(), c);
  if (it == idle_.end()) return;  // busy: MakeIdle arms the timer again when it is done
  std::uint64_t idle_for = timers_.now() - c->idle_since_ms;
  if (idle_for < options_.idle_timeout_ms) {
    ArmIdle(c, options_.idle_timeout_ms - idle_for);
    return;
  }
  idle_.erase(it);
  Remove(c);
}

void Pool::Remove(Connection* c) {
  conns_.erase(c);  // destroys it
}

void Pool::OnReady(Connection* c) {
  if (Job* job = c->job) {
    Start(c, job);
    return;
  }
  // Its request gave up while it connected: it serves whoever waits.
  MakeIdle(c);
  Dispatch();
}

void Pool::OnResponse(Connection* c) {
  Job* job = c->job;
  c->job = nullptr;
  if (job) job->conn = nullptr;
  ResponseParser& p = c->parser();
  if (job) {
    Response& r = job->response;
    r.code = p.status_code();
    // The job's spare containers go to the parser, whose next response reuses their strings;
    // the response gets this one's.
    p.SwapResult(&job->spare_headers, &job->spare_body);
    r.headers.swap(job->spare_headers);
    r.body.swap(job->spare_body);
    r.truncated = p.truncated();
    r.reused_connection = c->served() > 1;
  }
  if (c->reusable()) {
    MakeIdle(c);
  } else {
    Remove(c);
  }
  Dispatch();
  if (job) Finish(job);
}

void Pool::OnFailure(Connection* c, ErrorKind kind, std::string message) {
  idle_.erase(std::remove(idle_.begin(), idle_.end(), c), idle_.end());
  Job* job = c->job;
  bool stale = c->served() > 0 && !c->parser().started() &&
               (kind == ErrorKind::kPeerClosed || kind == ErrorKind::kReset);
  Remove(c);
  if (job) {
    job->conn = nullptr;
    if (stale && !job->retried) {
      // The server closed a kept-alive connection just as we reused it: nothing of this
      // request was answered, so it goes again, first in line, on a new connection.
      job->retried = true;
      job->need_fresh = true;
      queue_.push_front(job);
      Dispatch();
      return;
    }
    Dispatch();
    FinishError(job, kind, message);
    return;
  }
  Dispatch();
}

void Pool::OnDeadline(Job* job) {
  std::string limit = std::to_string(job->options.timeout_ms) + " ms";
  auto it = std::find(queue_.begin(), queue_.end(), job);
  if (it != queue_.end()) {
    queue_.erase(it);
    FinishError(job, ErrorKind::kResponseTimeout,
                "no connection to " + origin_.authority() + " became free within " + limit);
    return;
  }
  Connection* c = job->conn;
  job->conn = nullptr;
  if (c) {
    c->job = nullptr;
    if (c->state() == Connection::State::kBusy) {
      Remove(c);  // half an exchange: unusable
      Dispatch();
      FinishError(job, ErrorKind::kResponseTimeout,
                  "no response from " + origin_.authority() + " within " + limit);
      return;
    }
    // Still connecting: let it finish for the next request (its connect timeout bounds it).
    FinishError(job, ErrorKind::kConnectTimeout,
                "not connected to " + origin_.authority() + " within " + limit);
    return;
  }
  FinishError(job, ErrorKind::kResponseTimeout, "request timed out after " + limit);
}

void Pool::Finish(Job* job) {
  if (!job->listed) return;
  Unlink(job);
  std::unique_ptr<Job> owned(job);
  owned->deadline.cancel();
  owned->response.duration_ms =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now() - owned->start)
                                     .count());
  complete_(std::move(owned));
}

void Pool::FinishError(Job* job, ErrorKind kind, const std::string& message) {
  if (!job->listed) return;
  job->response.error = kind;
  job->response.status = MakeStatus(kind, message);
  Finish(job);
}

void Pool::Shutdown() {
  queue_.clear();
  idle_.clear();
  conns_.clear();
  std::vector<Job*> pending;
  for (Job* job = jobs_; job; job = job->next) {
    job->conn = nullptr;
    pending.push_back(job);
  }
  std::reverse(pending.begin(), pending.end());  // oldest first
  for (Job* job : pending) FinishError(job, ErrorKind::kClientClosed, "the HTTP client was closed");
}

}  // namespace vigil::http
