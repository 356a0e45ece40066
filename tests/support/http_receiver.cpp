// HttpReceiver: a small libuv + llhttp HTTP/1.1 server on its own thread, with keep-alive,
// pipelining (answers in request order), delayed/never/reset/drop answers and optional TLS
// through mbedTLS memory buffers. Commands from test threads reach the loop via a uv_async.
#include "tests/support/http_receiver.hpp"

#include <llhttp.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <uv.h>

#include <atomic>
#include <cstring>
#include <deque>
#include <future>
#include <set>
#include <stdexcept>

namespace vigil::testing {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

constexpr std::size_t kMaxBody = 16 * 1024 * 1024;

std::string ReasonOf(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

std::string Serialize(const Reply& r, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + ReasonOf(r.status) + "\r\n";
  bool has_length = false;
  for (const auto& [n, v] : r.headers) {
    if (EqualsNoCase(n, "content-length") || EqualsNoCase(n, "transfer-encoding")) {
      has_length = true;
    }
    out += n + ": " + v + "\r\n";
  }
  bool no_body = r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);
  if (!has_length && !no_body) out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  if (!no_body) out += r.body;
  return out;
}

}  // namespace

const std::string* RecordedRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsNoCase(n, name)) return &v;
  }
  return nullptr;
}

struct Conn;

struct Slot {
  Conn* conn = nullptr;
  uv_timer_t timer;
  bool has_timer = false;
  bool ready = false;
  bool close_after = false;
  std::string data;
};

struct HttpReceiver::Impl {
  ReceiverOptions options;  // handler guarded by mu
  uv_loop_t loop;
  uv_tcp_t server;
  uv_async_t wake;
  std::thread thread;
  bool running = false;

  mutable std::mutex mu;
  mutable std::condition_variable cv;
  std::vector<RecordedRequest> requests;
  std::deque<std::function<void()>> commands;
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::size_t> open{0};
  std::set<Conn*> conns;  // loop thread only
  llhttp_settings_t settings;

  // TLS (server side), set up once.
  bool tls = false;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  mbedtls_x509_crt cert;
  mbedtls_pk_context key;
  mbedtls_ssl_config conf;

  void Post(std::function<void()> fn) {
    {
      std::lock_guard<std::mutex> lock(mu);
      commands.push_back(std::move(fn));
    }
    uv_async_send(&wake);
  }
};

struct Conn {
  HttpReceiver::Impl* impl;
  uv_tcp_t tcp;
  std::uint64_t id = 0;
  std::uint64_t served = 0;
  llhttp_t parser;
  RecordedRequest cur;
  bool in_value = false;
  bool closing = false;
  std::deque<Slot*> slots;
  // TLS
  bool tls = false;
  bool handshake_done = false;
  mbedtls_ssl_context ssl;
  std::string in;
  std::size_t in_pos = 0;
  std::string out;
};

namespace {

struct WriteReq {
  uv_write_t req;
  std::string data;
};

void FreeConn(uv_handle_t* h) {
  auto* c = static_cast<Conn*>(h->data);
  if (c->tls) mbedtls_ssl_free(&c->ssl);
  delete c;
}

void DropSlots(Conn* c) {
  for (Slot* s : c->slots) {
    if (s->has_timer) {
      uv_close(reinterpret_cast<uv_handle_t*>(&s->timer),
               [](uv_handle_t* h) { delete static_cast<Slot*>(h->data); });
    } else {
      delete s;
    }
  }
  c->slots.clear();
}

void Detach(Conn* c) {
  c->closing = true;
  c->impl->conns.erase(c);
  c->impl->open--;
  DropSlots(c);
}

void CloseNow(Conn* c) {
  if (c->closing) return;
  Detach(c);
  uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), FreeConn);
}

void ResetNow(Conn* c) {
  if (c->closing) return;
  Detach(c);
  if (uv_tcp_close_reset(&c->tcp, FreeConn) != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), FreeConn);
  }
}

void RawWrite(Conn* c, std::string data) {
  if (data.empty()) return;
  auto* w = new WriteReq{};
  w->data = std::move(data);
  uv_buf_t buf = uv_buf_init(w->data.data(), static_cast<unsigned>(w->data.size()));
  if (uv_write(&w->req, reinterpret_cast<uv_stream_t*>(&c->tcp), &buf, 1,
               [](uv_write_t* req, int) { delete reinterpret_cast<WriteReq*>(req); }) != 0) {
    delete w;
  }
}

void FlushTls(Conn* c) {
  if (!c->out.empty()) RawWrite(c, std::move(c->out));
  c->out.clear();
}

void Send(Conn* c, const std::string& data) {
  if (!c->tls) {
    RawWrite(c, data);
    return;
  }
  std::size_t off = 0;
  while (off < data.size()) {
    int rc = mbedtls_ssl_write(&c->ssl, reinterpret_cast<const unsigned char*>(data.data() + off),
                               data.size() - off);
    if (rc <= 0) break;
    off += static_cast<std::size_t>(rc);
  }
  FlushTls(c);
}

// FIN after pending writes, then close.
void CloseGracefully(Conn* c) {
  if (c->closing) return;
  if (c->tls) {
    mbedtls_ssl_close_notify(&c->ssl);
    FlushTls(c);
  }
  Detach(c);
  auto* req = new uv_shutdown_t;
  if (uv_shutdown(req, reinterpret_cast<uv_stream_t*>(&c->tcp), [](uv_shutdown_t* r, int) {
        uv_close(reinterpret_cast<uv_handle_t*>(r->handle), FreeConn);
        delete r;
      }) != 0) {
    delete req;
    uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), FreeConn);
  }
}

void FlushSlots(Conn* c) {
  while (!c->closing && !c->slots.empty() && c->slots.front()->ready) {
    Slot* s = c->slots.front();
    c->slots.pop_front();
    Send(c, s->data);
    bool close = s->close_after;
    if (s->has_timer) {
      uv_close(reinterpret_cast<uv_handle_t*>(&s->timer),
               [](uv_handle_t* h) { delete static_cast<Slot*>(h->data); });
    } else {
      delete s;
    }
    if (close) CloseGracefully(c);
  }
}

Conn* ConnOf(llhttp_t* p) {
  return static_cast<Conn*>(p->data);
}

int OnMessageBegin(llhttp_t* p) {
  Conn* c = ConnOf(p);
  c->cur = RecordedRequest{};
  c->in_value = false;
  return 0;
}
int OnMethod(llhttp_t* p, const char* at, std::size_t n) {
  ConnOf(p)->cur.method.append(at, n);
  return 0;
}
int OnUrl(llhttp_t* p, const char* at, std::size_t n) {
  ConnOf(p)->cur.path.append(at, n);
  return 0;
}
int OnHeaderField(llhttp_t* p, const char* at, std::size_t n) {
  Conn* c = ConnOf(p);
  if (c->cur.headers.empty() || c->in_value) {
    if (c->cur.headers.size() >= 1000) return -1;
    c->cur.headers.emplace_back();
    c->in_value = false;
  }
  c->cur.headers.back().first.append(at, n);
  return 0;
}
int OnHeaderValue(llhttp_t* p, const char* at, std::size_t n) {
  Conn* c = ConnOf(p);
  c->in_value = true;
  c->cur.headers.back().second.append(at, n);
  return 0;
}
int OnHeaderValueComplete(llhttp_t* p) {
  ConnOf(p)->in_value = true;
  return 0;
}
int OnBody(llhttp_t* p, const char* at, std::size_t n) {
  Conn* c = ConnOf(p);
  if (c->cur.body.size() + n > kMaxBody) return -1;
  c->cur.body.append(at, n);
  return 0;
}

int OnMessageComplete(llhttp_t* p) {
  Conn* c = ConnOf(p);
  HttpReceiver::Impl* impl = c->impl;
  bool keep_alive = llhttp_should_keep_alive(p) != 0;
  RecordedRequest rec = std::move(c->cur);
  c->cur = RecordedRequest{};
  rec.received = std::chrono::steady_clock::now();
  rec.connection_id = c->id;
  rec.index_on_connection = c->served++;
  std::function<Reply(const RecordedRequest&)> handler;
  {
    std::lock_guard<std::mutex> lock(impl->mu);
    impl->requests.push_back(rec);
    handler = impl->options.handler;
  }
  impl->cv.notify_all();
  Reply reply = handler ? handler(rec) : Reply{};
  if (reply.reset) {
    ResetNow(c);
    return HPE_PAUSED;
  }
  if (reply.drop) {
    CloseGracefully(c);
    return HPE_PAUSED;
  }
  auto* s = new Slot;
  s->conn = c;
  s->close_after = reply.close_after || !keep_alive;
  s->data = Serialize(reply, keep_alive);
  c->slots.push_back(s);
  bool close_after = s->close_after;  // s may be freed once flushed
  if (reply.never_answer) {
    // Stays at the head of the queue forever: nothing later is answered either.
  } else if (reply.delay_ms > 0) {
    s->has_timer = true;
    uv_timer_init(&impl->loop, &s->timer);
    s->timer.data = s;
    uv_timer_start(
        &s->timer,
        [](uv_timer_t* t) {
          auto* slot = static_cast<Slot*>(t->data);
          slot->ready = true;
          FlushSlots(slot->conn);
        },
        reply.delay_ms, 0);
  } else {
    s->ready = true;
    FlushSlots(c);
  }
  // Conn memory lives until its close callback, after this returns.
  return (c->closing || close_after) ? HPE_PAUSED : 0;
}

void FeedPlain(Conn* c, const char* data, std::size_t len) {
  if (c->closing) return;
  llhttp_errno_t err = llhttp_execute(&c->parser, data, len);
  if (err == HPE_OK || c->closing) return;
  if (err == HPE_PAUSED) return;  // closing after this answer: ignore the rest
  CloseNow(c);
}

int BioSend(void* ctx, const unsigned char* buf, std::size_t len) {
  static_cast<Conn*>(ctx)->out.append(reinterpret_cast<const char*>(buf), len);
  return static_cast<int>(len);
}

int BioRecv(void* ctx, unsigned char* buf, std::size_t len) {
  auto* c = static_cast<Conn*>(ctx);
  std::size_t avail = c->in.size() - c->in_pos;
  if (avail == 0) return MBEDTLS_ERR_SSL_WANT_READ;
  std::size_t n = std::min(avail, len);
  std::memcpy(buf, c->in.data() + c->in_pos, n);
  c->in_pos += n;
  if (c->in_pos == c->in.size()) {
    c->in.clear();
    c->in_pos = 0;
  }
  return static_cast<int>(n);
}

void FeedCipher(Conn* c, const char* data, std::size_t len) {
  c->in.append(data, len);
  if (!c->handshake_done) {
    int rc = mbedtls_ssl_handshake(&c->ssl);
    FlushTls(c);
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
    if (rc != 0) {
      CloseNow(c);
      return;
    }
    c->handshake_done = true;
  }
  char plain[16 * 1024];
  while (!c->closing) {
    int rc = mbedtls_ssl_read(&c->ssl, reinterpret_cast<unsigned char*>(plain), sizeof plain);
    FlushTls(c);
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
    if (rc <= 0) {
      CloseNow(c);
      return;
    }
    FeedPlain(c, plain, static_cast<std::size_t>(rc));
  }
}

void OnAlloc(uv_handle_t*, std::size_t, uv_buf_t* buf) {
  static thread_local char storage[64 * 1024];
  *buf = uv_buf_init(storage, sizeof storage);
}

void OnRead(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  auto* c = static_cast<Conn*>(s->data);
  if (c->closing) return;
  if (nread < 0) {
    CloseNow(c);
    return;
  }
  if (nread == 0) return;
  if (c->tls) {
    FeedCipher(c, buf->base, static_cast<std::size_t>(nread));
  } else {
    FeedPlain(c, buf->base, static_cast<std::size_t>(nread));
  }
}

void OnConnection(uv_stream_t* server, int status) {
  if (status != 0) return;
  auto* impl = static_cast<HttpReceiver::Impl*>(server->data);
  auto* c = new Conn;
  c->impl = impl;
  uv_tcp_init(&impl->loop, &c->tcp);
  c->tcp.data = c;
  if (uv_accept(server, reinterpret_cast<uv_stream_t*>(&c->tcp)) != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), FreeConn);
    return;
  }
  c->id = ++impl->accepted;
  impl->open++;
  impl->conns.insert(c);
  llhttp_init(&c->parser, HTTP_REQUEST, &impl->settings);
  c->parser.data = c;
  if (impl->tls) {
    c->tls = true;
    mbedtls_ssl_init(&c->ssl);
    if (mbedtls_ssl_setup(&c->ssl, &impl->conf) != 0) {
      CloseNow(c);
      return;
    }
    mbedtls_ssl_set_bio(&c->ssl, c, BioSend, BioRecv, nullptr);
  }
  uv_read_start(reinterpret_cast<uv_stream_t*>(&c->tcp), OnAlloc, OnRead);
}

std::string MbedText(int rc) {
  char buf[200];
  mbedtls_strerror(rc, buf, sizeof buf);
  return buf;
}

}  // namespace

HttpReceiver::HttpReceiver(Handler handler)
    : HttpReceiver(ReceiverOptions{std::move(handler), {}, {}}) {}

HttpReceiver::HttpReceiver(ReceiverOptions options) : impl_(std::make_unique<Impl>()) {
  Impl* impl = impl_.get();
  impl->options = std::move(options);
  llhttp_settings_init(&impl->settings);
  impl->settings.on_message_begin = OnMessageBegin;
  impl->settings.on_method = OnMethod;
  impl->settings.on_url = OnUrl;
  impl->settings.on_header_field = OnHeaderField;
  impl->settings.on_header_value = OnHeaderValue;
  impl->settings.on_header_value_complete = OnHeaderValueComplete;
  impl->settings.on_body = OnBody;
  impl->settings.on_message_complete = OnMessageComplete;

  impl->tls = !impl->options.cert_file.empty() && !impl->options.key_file.empty();
  mbedtls_entropy_init(&impl->entropy);
  mbedtls_ctr_drbg_init(&impl->drbg);
  mbedtls_x509_crt_init(&impl->cert);
  mbedtls_pk_init(&impl->key);
  mbedtls_ssl_config_init(&impl->conf);
  if (impl->tls) {
    int rc = mbedtls_ctr_drbg_seed(&impl->drbg, mbedtls_entropy_func, &impl->entropy, nullptr, 0);
    if (rc == 0) rc = mbedtls_x509_crt_parse_file(&impl->cert, impl->options.cert_file.c_str());
    if (rc == 0) rc = mbedtls_pk_parse_keyfile(&impl->key, impl->options.key_file.c_str(), nullptr);
    if (rc == 0) {
      rc = mbedtls_ssl_config_defaults(&impl->conf, MBEDTLS_SSL_IS_SERVER,
                                       MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    }
    if (rc == 0) {
      mbedtls_ssl_conf_rng(&impl->conf, mbedtls_ctr_drbg_random, &impl->drbg);
      rc = mbedtls_ssl_conf_own_cert(&impl->conf, &impl->cert, &impl->key);
    }
    if (rc != 0) throw std::runtime_error("HttpReceiver TLS setup failed: " + MbedText(rc));
  }

  uv_loop_init(&impl->loop);
  uv_tcp_init(&impl->loop, &impl->server);
  impl->server.data = impl;
  sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  int rc = uv_tcp_bind(&impl->server, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0) {
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(&impl->server), 256, OnConnection);
  }
  sockaddr_storage bound{};
  int len = sizeof bound;
  if (rc == 0) rc = uv_tcp_getsockname(&impl->server, reinterpret_cast<sockaddr*>(&bound), &len);
  if (rc != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&impl->server), nullptr);
    uv_run(&impl->loop, UV_RUN_DEFAULT);
    uv_loop_close(&impl->loop);
    throw std::runtime_error(std::string("HttpReceiver listen failed: ") + uv_strerror(rc));
  }
  port_ = ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  uv_async_init(&impl->loop, &impl->wake, [](uv_async_t* a) {
    auto* im = static_cast<Impl*>(a->data);
    std::deque<std::function<void()>> todo;
    {
      std::lock_guard<std::mutex> lock(im->mu);
      todo.swap(im->commands);
    }
    for (auto& fn : todo) fn();
  });
  impl->wake.data = impl;
  impl->running = true;
  impl->thread = std::thread([impl] {
    uv_run(&impl->loop, UV_RUN_DEFAULT);
    uv_loop_close(&impl->loop);
  });
}

HttpReceiver::~HttpReceiver() {
  Stop();
  mbedtls_ssl_config_free(&impl_->conf);
  mbedtls_pk_free(&impl_->key);
  mbedtls_x509_crt_free(&impl_->cert);
  mbedtls_ctr_drbg_free(&impl_->drbg);
  mbedtls_entropy_free(&impl_->entropy);
}

void HttpReceiver::Stop() {
  Impl* impl = impl_.get();
  if (!impl->running) return;
  impl->running = false;
  impl->Post([impl] {
    std::vector<Conn*> all(impl->conns.begin(), impl->conns.end());
    for (Conn* c : all) CloseNow(c);
    uv_close(reinterpret_cast<uv_handle_t*>(&impl->server), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&impl->wake), nullptr);
  });
  impl->thread.join();
}

bool HttpReceiver::tls() const {
  return impl_->tls;
}

std::string HttpReceiver::url(std::string_view path, std::string_view host) const {
  return std::string(tls() ? "https://" : "http://") + std::string(host) + ":" +
         std::to_string(port_) + std::string(path);
}

void HttpReceiver::set_handler(Handler handler) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->options.handler = std::move(handler);
}

std::vector<RecordedRequest> HttpReceiver::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests;
}

std::size_t HttpReceiver::count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests.size();
}

bool HttpReceiver::WaitForCount(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->requests.size() >= n; });
}

std::uint64_t HttpReceiver::connections_accepted() const {
  return impl_->accepted.load();
}

std::size_t HttpReceiver::open_connections() const {
  return impl_->open.load();
}

void HttpReceiver::CloseAllConnections() {
  Impl* impl = impl_.get();
  if (!impl->running) return;
  std::promise<void> done;
  impl->Post([impl, &done] {
    std::vector<Conn*> all(impl->conns.begin(), impl->conns.end());
    for (Conn* c : all) CloseGracefully(c);
    done.set_value();
  });
  done.get_future().wait();
}

}  // namespace vigil::testing
