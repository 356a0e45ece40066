// HttpClient: validates and serializes requests, routes them to per-origin pools, and runs
// user callbacks from a zero-delay timer so they never re-enter the client's own stack.
#include "core/http/client.hpp"

#include "core/http/job.hpp"
#include "core/http/pool.hpp"
#include "core/http/tls.hpp"

namespace vigil::http {
namespace {

// Finished jobs kept for reuse (their wire buffers included), and the largest wire buffer
// worth keeping. Enough for every request in flight when many webhooks share the client
// (40 webhooks x 8 in flight complete in bursts of hundreds): fewer and each burst allocates.
constexpr std::size_t kMaxSpareJobs = 1024;
constexpr std::size_t kMaxSpareWireBytes = 64 * 1024;

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

std::size_t HttpClient::OriginKeyHash::operator()(const OriginKey& k) const {
  std::size_t h = std::hash<std::string_view>()(k.host);
  std::size_t small = (std::size_t{k.port} << 2) | (std::size_t{k.tls} << 1) | k.insecure;
  h ^= small + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  if (!k.ca_file.empty()) h ^= std::hash<std::string_view>()(k.ca_file) + (h << 6) + (h >> 2);
  return h;
}

HttpClient::OriginKey HttpClient::KeyOf(const Url& url, const TlsOptions& tls) {
  OriginKey k;
  k.tls = url.tls();
  k.host = url.host;
  k.port = url.port;
  if (k.tls) {
    k.insecure = tls.insecure_skip_verify;
    if (!k.insecure) k.ca_file = tls.ca_file;
  }
  return k;
}

std::unique_ptr<Job> HttpClient::NewJob() {
  if (spare_jobs_.empty()) return std::make_unique<Job>(timers_);
  std::unique_ptr<Job> job = std::move(spare_jobs_.back());
  spare_jobs_.pop_back();
  return job;
}

void HttpClient::Recycle(std::unique_ptr<Job> job) {
  if (closed_ || spare_jobs_.size() >= kMaxSpareJobs) return;
  job->Reset();
  if (job->wire.capacity() > kMaxSpareWireBytes) std::string().swap(job->wire);
  spare_jobs_.push_back(std::move(job));
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

void HttpClient::Send(const Request& req, RequestOptions options, Callback done) {
  if (closed_) {
    Deliver(std::move(done), ErrorResponse(ErrorKind::kClientClosed, "the HTTP client was closed"));
    return;
  }
  std::unique_ptr<Job> job = NewJob();
  job->start = std::chrono::steady_clock::now();
  Status st = SerializeTo(req, &job->wire);
  if (!st.ok()) {
    Recycle(std::move(job));
    Deliver(std::move(done), ErrorResponse(ErrorKind::kInvalidRequest, st.message()));
    return;
  }
  auto it = pools_.find(KeyOf(req.url, options.tls));
  if (it == pools_.end()) {
    // A new origin: the TLS config is loaded (or found in the cache) once per pool.
    std::shared_ptr<TlsConfig> tls;
    if (req.url.tls()) {
      auto config = tls_->GetConfig(options.tls);
      if (!config.ok()) {
        Recycle(std::move(job));
        Deliver(std::move(done), ErrorResponse(ErrorKind::kTls, config.status().message()));
        return;
      }
      tls = *config;
    }
    Url origin;  // target stays "/"
    origin.scheme = req.url.scheme;
    origin.host = req.url.host;
    origin.port = req.url.port;
    auto pool =
        std::make_unique<Pool>(loop_, timers_, options_, std::move(origin), options.tls,
                               std::move(tls), [this](std::unique_ptr<Job> finished, Response r) {
                                 Deliver(std::move(finished->done), std::move(r));
                                 Recycle(std::move(finished));
                               });
    OriginKey key = KeyOf(pool->origin(), pool->tls_options());  // views the pool's strings
    it = pools_.emplace(key, std::move(pool)).first;
  }
  job->head = req.method == "HEAD";
  job->options = std::move(options);
  job->done = std::move(done);
  it->second->Submit(std::move(job));
}

void HttpClient::Close() {
  if (closed_) return;
  closed_ = true;
  for (auto& [key, pool] : pools_) pool->Shutdown();
  pools_.clear();
  spare_jobs_.clear();
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
