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
// The most response memory (header strings, body) a spare job keeps for the parser to reuse:
// a typical receiver's answer, not the 64 KiB a job may have held once.
constexpr std::size_t kMaxSpareResponseBytes = 4 * 1024;

std::size_t HeaderCapacity(const Headers& h) {
  std::size_t n = h.capacity() * sizeof(Header);
  for (const auto& [name, value] : h) n += name.capacity() + value.capacity();
  return n;
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
  while (Job* job = ready_head_) {  // delivered after Close(): dropped with the client
    ready_head_ = job->next;
    delete job;
  }
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
  if (job->spare_body.capacity() > kMaxSpareResponseBytes) std::string().swap(job->spare_body);
  if (HeaderCapacity(job->spare_headers) > kMaxSpareResponseBytes)
    Headers().swap(job->spare_headers);
  spare_jobs_.push_back(std::move(job));
}

void HttpClient::Deliver(std::unique_ptr<Job> owned) {
  Job* job = owned.release();
  job->next = nullptr;
  if (ready_tail_)
    ready_tail_->next = job;
  else
    ready_head_ = job;
  ready_tail_ = job;
  if (!drain_timer_.armed()) drain_timer_.arm(0, [this] { Drain(); });
}

void HttpClient::DeliverError(std::unique_ptr<Job> job, Callback done, ErrorKind kind,
                              const std::string& message) {
  job->response.error = kind;
  job->response.status = MakeStatus(kind, message);
  job->done = std::move(done);
  Deliver(std::move(job));
}

void HttpClient::Drain() {
  while (Job* job = ready_head_) {
    ready_head_ = job->next;
    if (!ready_head_) ready_tail_ = nullptr;
    job->next = nullptr;
    std::unique_ptr<Job> owned(job);
    if (owned->done) owned->done(std::move(owned->response));
    Recycle(std::move(owned));
  }
}

Status HttpClient::PreloadTls(const TlsOptions& tls) {
  auto config = tls_->GetConfig(tls);
  return config.ok() ? Status::Ok() : config.status();
}

void HttpClient::Send(const Request& req, RequestOptions options, Callback done) {
  std::unique_ptr<Job> job = NewJob();
  if (closed_) {
    DeliverError(std::move(job), std::move(done), ErrorKind::kClientClosed,
                 "the HTTP client was closed");
    return;
  }
  job->start = std::chrono::steady_clock::now();
  Status st = SerializeTo(req, &job->wire);
  if (!st.ok()) {
    DeliverError(std::move(job), std::move(done), ErrorKind::kInvalidRequest, st.message());
    return;
  }
  auto it = pools_.find(KeyOf(req.url, options.tls));
  if (it == pools_.end()) {
    // A new origin: the TLS config is loaded (or found in the cache) once per pool.
    std::shared_ptr<TlsConfig> tls;
    if (req.url.tls()) {
      auto config = tls_->GetConfig(options.tls);
      if (!config.ok()) {
        DeliverError(std::move(job), std::move(done), ErrorKind::kTls, config.status().message());
        return;
      }
      tls = *config;
    }
    Url origin;  // target stays "/"
    origin.scheme = req.url.scheme;
    origin.host = req.url.host;
    origin.port = req.url.port;
    auto pool = std::make_unique<Pool>(
        loop_, timers_, options_, std::move(origin), options.tls, std::move(tls),
        [this](std::unique_ptr<Job> finished) { Deliver(std::move(finished)); });
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
