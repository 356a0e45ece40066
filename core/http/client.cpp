// HttpClient: validates and serializes requests, routes them to per-origin pools, and runs
// user callbacks from a zero-delay timer so they never re-enter the client's own stack.
#include "core/http/client.hpp"

#include "core/http/job.hpp"
#include "core/http/pool.hpp"
#include "core/http/tls.hpp"

namespace vigil::http {
namespace {

std::string OriginKey(const Url& url, const TlsOptions& tls) {
  std::string key = url.tls() ? "https://" : "http://";
  key += url.host + ":" + std::to_string(url.port);
  if (url.tls()) {
    key += tls.insecure_skip_verify ? "|insecure" : "|ca=" + tls.ca_file;
  }
  return key;
}

Response ErrorResponse(ErrorKind kind, const std::string& message) {
  Response r;
  r.error = kind;
  r.status = MakeStatus(kind, message);
  return r;
}

}  // namespace

HttpClient::HttpClient(uv_loop_t* loop, reactor::TimerQueue& timers, ClientOptions options)
    : loop_(loop),
      timers_(timers),
      options_(std::move(options)),
      tls_(std::make_unique<TlsContext>(options_.default_ca_file)),
      drain_timer_(timers) {}

HttpClient::~HttpClient() {
  Close();
}

void HttpClient::Deliver(Callback done, Response r) {
  ready_.emplace_back(std::move(done), std::move(r));
  if (!drain_timer_.armed()) drain_timer_.arm(0, [this] { Drain(); });
}

void HttpClient::Drain() {
  while (!ready_.empty()) {
    auto item = std::move(ready_.front());
    ready_.pop_front();
    if (item.first) item.first(std::move(item.second));
  }
}

Status HttpClient::PreloadTls(const TlsOptions& tls) {
  auto config = tls_->GetConfig(tls);
  return config.ok() ? Status::Ok() : config.status();
}

void HttpClient::Send(Request req, RequestOptions options, Callback done) {
  if (closed_) {
    Deliver(std::move(done), ErrorResponse(ErrorKind::kClientClosed, "the HTTP client was closed"));
    return;
  }
  auto job = std::make_unique<Job>(timers_);
  job->start = std::chrono::steady_clock::now();
  Status st = SerializeTo(req, &job->wire);
  if (!st.ok()) {
    Deliver(std::move(done), ErrorResponse(ErrorKind::kInvalidRequest, st.message()));
    return;
  }
  std::shared_ptr<TlsConfig> tls;
  if (req.url.tls()) {
    auto config = tls_->GetConfig(options.tls);
    if (!config.ok()) {
      Deliver(std::move(done), ErrorResponse(ErrorKind::kTls, config.status().message()));
      return;
    }
    tls = *config;
  }
  job->head = req.method == "HEAD";
  job->options = std::move(options);
  job->done = std::move(done);
  std::string key = OriginKey(req.url, job->options.tls);
  auto it = pools_.find(key);
  if (it == pools_.end()) {
    Url origin = req.url;
    origin.target = "/";
    auto pool = std::make_unique<Pool>(loop_, timers_, options_, std::move(origin), std::move(tls),
                                       [this](std::unique_ptr<Job> finished, Response r) {
                                         Deliver(std::move(finished->done), std::move(r));
                                       });
    it = pools_.emplace(key, std::move(pool)).first;
  }
  it->second->Submit(std::move(job));
}

void HttpClient::Close() {
  if (closed_) return;
  closed_ = true;
  for (auto& [key, pool] : pools_) pool->Shutdown();
  pools_.clear();
  drain_timer_.cancel();
  Drain();
}

HttpClient::Stats HttpClient::stats() const {
  Stats s;
  s.origins = pools_.size();
  for (const auto& [key, pool] : pools_) {
    s.open_connections += pool->open_connections();
    s.idle_connections += pool->idle_connections();
    s.queued += pool->queued();
  }
  return s;
}

}  // namespace vigil::http
