// Connection: DNS on libuv's threadpool, connect with address fallback, optional TLS
// handshake, one request/response exchange at a time. Handles and requests are heap-allocated
// and outlive the Connection when needed (their callbacks check for a null owner).
#include "core/http/connection.hpp"

#include <cstring>

#include "core/http/tls.hpp"

namespace vigil::http {
namespace {

constexpr std::size_t kMaxAddresses = 8;

struct WriteRequest {
  uv_write_t req;
  std::string data;
};

std::string UvError(int status) {
  return std::string(uv_err_name(status)) + " (" + uv_strerror(status) + ")";
}

}  // namespace

struct Connection::DnsRequest {
  uv_getaddrinfo_t req;
  Connection* owner;
};

ErrorKind KindOfUvError(int status) {
  switch (status) {
    case UV_ECONNREFUSED:
    case UV_ENETUNREACH:
    case UV_EHOSTUNREACH:
    case UV_EADDRNOTAVAIL:
      return ErrorKind::kRefused;
    case UV_ECONNRESET:
    case UV_EPIPE:
    case UV_ECONNABORTED:
      return ErrorKind::kReset;
    case UV_EOF:
      return ErrorKind::kPeerClosed;
    case UV_ETIMEDOUT:
      return ErrorKind::kConnectTimeout;
    default:
      return ErrorKind::kIo;
  }
}

Connection::Connection(uv_loop_t* loop, reactor::TimerQueue& timers, ConnectionObserver* observer,
                       ParserLimits limits, std::shared_ptr<TlsConfig> tls)
    : loop_(loop),
      observer_(observer),
      connect_timer_(timers),
      idle_timer_(timers),
      defer_timer_(timers),
      parser_(limits),
      tls_config_(std::move(tls)) {}

Connection::~Connection() {
  if (dns_) {
    dns_->owner = nullptr;  // its callback frees it
    uv_cancel(reinterpret_cast<uv_req_t*>(&dns_->req));
    dns_ = nullptr;
  }
  CloseSocket();
}

void Connection::CloseSocket() {
  if (!tcp_) return;
  tcp_->data = nullptr;  // pending connect/write callbacks see no owner
  uv_close(reinterpret_cast<uv_handle_t*>(tcp_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
  tcp_ = nullptr;
}

void Connection::Defer(std::function<void()> fn) {
  defer_timer_.arm(0, std::move(fn));
}

void Connection::Fail(ErrorKind kind, std::string message) {
  state_ = State::kClosed;
  connect_timer_.cancel();
  idle_timer_.cancel();
  defer_timer_.cancel();
  CloseSocket();
  observer_->OnFailure(this, kind, std::move(message));  // last: may destroy us
}

void Connection::Connect(const std::string& host, std::uint16_t port, bool ip_literal,
                         std::uint64_t timeout_ms) {
  host_ = host;
  port_ = port;
  connect_timer_.arm(timeout_ms, [this, timeout_ms] {
    Fail(ErrorKind::kConnectTimeout, "no connection to " + host_ + ":" + std::to_string(port_) +
                                         " within " + std::to_string(timeout_ms) + " ms");
  });
  if (ip_literal) {
    sockaddr_storage ss{};
    int rc = host.find(':') != std::string::npos
                 ? uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&ss))
                 : uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&ss));
    if (rc != 0) {
      state_ = State::kConnecting;
      // Deferred through the timer so the failure is never reported from inside Connect.
      Defer([this, host] { Fail(ErrorKind::kDns, "bad IP literal " + host); });
      return;
    }
    addrs_.push_back(ss);
    state_ = State::kConnecting;
    ConnectNext();
    return;
  }
  state_ = State::kResolving;
  dns_ = new DnsRequest{};
  dns_->owner = this;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  int rc =
      uv_getaddrinfo(loop_, &dns_->req, &Connection::OnResolved, host.c_str(), nullptr, &hints);
  if (rc != 0) {
    delete dns_;
    dns_ = nullptr;
    Defer([this, rc] { Fail(ErrorKind::kDns, "cannot resolve " + host_ + ": " + UvError(rc)); });
  }
}

void Connection::OnResolved(uv_getaddrinfo_t* req, int status, addrinfo* res) {
  auto* dns = reinterpret_cast<DnsRequest*>(req);
  Connection* self = dns->owner;
  delete dns;
  if (!self) {
    uv_freeaddrinfo(res);
    return;
  }
  self->dns_ = nullptr;
  if (status != 0) {
    uv_freeaddrinfo(res);
    self->Fail(ErrorKind::kDns, "cannot resolve " + self->host_ + ": " + UvError(status));
    return;
  }
  for (addrinfo* ai = res; ai && self->addrs_.size() < kMaxAddresses; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    sockaddr_storage ss{};
    std::memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
    if (ai->ai_family == AF_INET) {
      reinterpret_cast<sockaddr_in*>(&ss)->sin_port = htons(self->port_);
    } else {
      reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port = htons(self->port_);
    }
    self->addrs_.push_back(ss);
  }
  uv_freeaddrinfo(res);
  if (self->addrs_.empty()) {
    self->Fail(ErrorKind::kDns, "no IPv4/IPv6 address for " + self->host_);
    return;
  }
  self->state_ = State::kConnecting;
  self->ConnectNext();
}

void Connection::ConnectNext() {
  if (next_addr_ >= addrs_.size()) {
    Fail(KindOfUvError(last_connect_error_) == ErrorKind::kConnectTimeout
             ? ErrorKind::kConnectTimeout
             : (KindOfUvError(last_connect_error_) == ErrorKind::kRefused ? ErrorKind::kRefused
                                                                          : ErrorKind::kIo),
         "cannot connect to " + host_ + ":" + std::to_string(port_) + ": " +
             UvError(last_connect_error_));
    return;
  }
  CloseSocket();  // a socket whose connect failed is not reused
  tcp_ = new uv_tcp_t;
  uv_tcp_init(loop_, tcp_);
  tcp_->data = this;
  auto* req = new uv_connect_t;
  const sockaddr* addr = reinterpret_cast<const sockaddr*>(&addrs_[next_addr_++]);
  int rc = uv_tcp_connect(req, tcp_, addr, &Connection::OnConnect);
  if (rc != 0) {
    delete req;
    last_connect_error_ = rc;
    // Try the next address from the timer, never recursively from inside Connect.
    Defer([this] { ConnectNext(); });
    return;
  }
}

void Connection::OnConnect(uv_connect_t* req, int status) {
  auto* self = static_cast<Connection*>(req->handle->data);
  delete req;
  if (!self || status == UV_ECANCELED) return;
  if (status != 0) {
    self->last_connect_error_ = status;
    self->ConnectNext();
    return;
  }
  self->OnTcpConnected();
}

void Connection::OnTcpConnected() {
  uv_tcp_nodelay(tcp_, 1);
  int rc = uv_read_start(reinterpret_cast<uv_stream_t*>(tcp_), &Connection::OnAlloc,
                         &Connection::OnRead);
  if (rc != 0) {
    Fail(KindOfUvError(rc), "read start failed: " + UvError(rc));
    return;
  }
  if (!tls_config_) {
    connect_timer_.cancel();
    state_ = State::kReady;
    observer_->OnReady(this);
    return;
  }
  state_ = State::kHandshaking;
  tls_ = std::make_unique<TlsSession>(tls_config_, host_);
  Status st = tls_->Init();
  if (!st.ok()) {
    Fail(ErrorKind::kTls, st.message());
    return;
  }
  DriveHandshake();
}

bool Connection::DriveHandshake() {
  TlsSession::Io io = tls_->Handshake();
  if (!FlushTls()) return false;
  if (io == TlsSession::Io::kWant) return true;
  if (io == TlsSession::Io::kError) {
    Fail(ErrorKind::kTls, tls_->error());
    return false;
  }
  connect_timer_.cancel();
  state_ = State::kReady;
  observer_->OnReady(this);
  return false;
}

bool Connection::FlushTls() {
  if (tls_ && tls_->has_output()) WriteRaw(tls_->TakeOutput());
  return state_ != State::kClosed;
}

void Connection::Exchange(std::string_view wire, bool head) {
  parser_.Reset(head);
  state_ = State::kBusy;
  if (tls_) {
    if (tls_->Write(wire) != TlsSession::Io::kOk) {
      // Reported from the timer: never from inside Exchange.
      std::string err = tls_->error();
      Defer([this, err] { Fail(ErrorKind::kTls, err); });
      return;
    }
    WriteRaw(tls_->TakeOutput());
  } else {
    WriteRaw(wire);
  }
}

void Connection::WriteRaw(std::string_view data) {
  if (data.empty() || !tcp_) return;
  auto* stream = reinterpret_cast<uv_stream_t*>(tcp_);
  // Most writes fit the socket buffer: write them now, with no request, copy or epoll change
  // (uv_write would stop watching POLLOUT after a synchronous write: one epoll_ctl each).
  // uv_try_write refuses (UV_EAGAIN) while earlier writes are queued, so order is kept.
  uv_buf_t buf = uv_buf_init(const_cast<char*>(data.data()), static_cast<unsigned>(data.size()));
  int n = uv_try_write(stream, &buf, 1);
  if (n == static_cast<int>(data.size())) return;
  if (n < 0 && n != UV_EAGAIN) {
    Defer([this, n] { Fail(KindOfUvError(n), "write failed: " + UvError(n)); });
    return;
  }
  // Only the rest is copied and queued.
  data.remove_prefix(n > 0 ? static_cast<std::size_t>(n) : 0);
  auto* w = new WriteRequest{};
  w->data.assign(data);
  buf = uv_buf_init(w->data.data(), static_cast<unsigned>(w->data.size()));
  int rc = uv_write(&w->req, stream, &buf, 1, &Connection::OnWrite);
  if (rc != 0) {
    delete w;
    Defer([this, rc] { Fail(KindOfUvError(rc), "write failed: " + UvError(rc)); });
  }
}

void Connection::OnWrite(uv_write_t* req, int status) {
  auto* w = reinterpret_cast<WriteRequest*>(req);
  auto* self = static_cast<Connection*>(req->handle->data);
  delete w;
  if (!self || status == 0 || status == UV_ECANCELED) return;
  self->Fail(KindOfUvError(status), "write failed: " + UvError(status));
}

void Connection::OnAlloc(uv_handle_t* h, std::size_t, uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(h->data);
  if (!self) {
    *buf = uv_buf_init(nullptr, 0);
    return;
  }
  *buf = uv_buf_init(self->read_buf_, sizeof self->read_buf_);
}

void Connection::OnRead(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(s->data);
  if (!self || nread == 0) return;
  if (nread < 0) {
    self->HandleEnd(static_cast<int>(nread));
    return;
  }
  if (self->tls_) {
    self->HandleCipher(buf->base, static_cast<std::size_t>(nread));
  } else {
    self->HandlePlain(buf->base, static_cast<std::size_t>(nread));
  }
}

void Connection::HandleCipher(const char* data, std::size_t len) {
  tls_->Feed(data, len);
  if (state_ == State::kHandshaking) {
    DriveHandshake();
    return;  // it either waits for more or ended in an observer call
  }
  for (;;) {
    std::size_t n = 0;
    TlsSession::Io io = tls_->Read(plain_buf_, sizeof plain_buf_, &n);
    if (!FlushTls()) return;
    if (io == TlsSession::Io::kWant) return;
    if (io == TlsSession::Io::kEof) {
      HandleEnd(UV_EOF);
      return;
    }
    if (io == TlsSession::Io::kError) {
      Fail(ErrorKind::kTls, tls_->error());
      return;
    }
    if (!HandlePlain(plain_buf_, n)) return;
  }
}

bool Connection::HandlePlain(const char* data, std::size_t len) {
  if (state_ != State::kBusy) {
    Fail(ErrorKind::kProtocol, "unsolicited " + std::to_string(len) + " bytes from the server");
    return false;
  }
  std::size_t consumed = 0;
  ResponseParser::State st = parser_.Feed(data, len, &consumed);
  if (st == ResponseParser::State::kNeedMore) return true;
  if (st == ResponseParser::State::kError) {
    Fail(parser_.error() == ResponseParser::Error::kTooLarge ? ErrorKind::kTooLarge
                                                             : ErrorKind::kProtocol,
         parser_.error_message());
    return false;
  }
  ++served_;
  if (consumed < len || !parser_.keep_alive()) reusable_ = false;
  state_ = State::kReady;
  observer_->OnResponse(this);  // last: may destroy us
  return false;
}

void Connection::HandleEnd(int uv_status) {
  if (state_ == State::kBusy && uv_status == UV_EOF) {
    if (parser_.FeedEof() == ResponseParser::State::kComplete) {
      ++served_;
      reusable_ = false;
      state_ = State::kReady;
      observer_->OnResponse(this);
      return;
    }
    Fail(ErrorKind::kPeerClosed, parser_.started()
                                     ? "connection closed in the middle of the response"
                                     : "connection closed before any response byte");
    return;
  }
  if (state_ == State::kHandshaking) {
    Fail(ErrorKind::kTls, "connection closed during the TLS handshake: " + UvError(uv_status));
    return;
  }
  ErrorKind kind = KindOfUvError(uv_status);
  if (kind == ErrorKind::kConnectTimeout) kind = ErrorKind::kIo;
  Fail(kind, (state_ == State::kBusy ? "connection lost while waiting for the response: "
                                     : "idle connection ended: ") +
                 UvError(uv_status));
}

}  // namespace vigil::http
