// Connection: socket lifecycle, handshake, request pipeline and reply dispatch on the loop.
//
// Reads land in one loop-wide 64 KiB buffer; replies that arrive whole are parsed in place and
// never copied. Only the tail of an incomplete reply is kept per connection (inbuf_), so ten
// thousand idle connections cost no read buffers. Requests are answered in order, so one timer
// per connection, armed for the oldest outstanding request, enforces every request's deadline.
#include "core/redis/connection.hpp"

#include <algorithm>
#include <cstring>

#include "core/resp/command.hpp"
#include "core/util/log.hpp"

namespace vigil::redis {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
char g_read_buffer[kReadChunk];  // one loop thread: alloc/read pairs never interleave
constexpr std::size_t kMaxKeptCapacity = 256 * 1024;

CloseReason ReasonFromUv(int err) {
  switch (err) {
    case UV_ECONNREFUSED:
    case UV_ENETUNREACH:
    case UV_EHOSTUNREACH:
    case UV_EADDRNOTAVAIL:
      return CloseReason::kRefused;
    case UV_ECONNRESET:
    case UV_EPIPE:
      return CloseReason::kReset;
    case UV_EOF:
      return CloseReason::kClosed;
    case UV_ETIMEDOUT:
      return CloseReason::kTimeout;
    default:
      return CloseReason::kIo;
  }
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

bool IsSubscribeCommand(std::string_view name) {
  for (std::string_view n :
       {"subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe"})
    if (EqualsNoCase(name, n)) return true;
  return false;
}

// What a reply is in pub/sub terms: ["message", ch, payload], ["pmessage", pat, ch, payload],
// ["subscribe", ch, count] and the other (un)subscribe confirmations.
enum class PubSubKind { kNone, kMessage, kConfirm };

PubSubKind ClassifyPubSub(const resp::Value& v) {
  if ((v.type() != resp::Type::kArray && v.type() != resp::Type::kPush) || v.size() < 3)
    return PubSubKind::kNone;
  resp::Value first = v.child(0);
  if (!first.is_string()) return PubSubKind::kNone;
  for (std::string_view n : {"message", "pmessage", "smessage"})
    if (EqualsNoCase(first.str(), n)) return PubSubKind::kMessage;
  return IsSubscribeCommand(first.str()) ? PubSubKind::kConfirm : PubSubKind::kNone;
}

}  // namespace

// The uv handle lives on the heap: uv_close completes after the Connection may be gone.
struct Connection::Socket {
  uv_tcp_t tcp;
  uv_connect_t connect_req;
  Connection* owner;
};

struct WriteReq {
  uv_write_t req;
  std::string bytes;
};

Connection::Connection(reactor::TimerQueue& timers, ConnectionOptions options, Listener& listener)
    : timers_(timers),
      options_(std::move(options)),
      listener_(listener),
      connect_timer_(timers),
      request_timer_(timers),
      parser_(options_.parser) {}

Connection::~Connection() {
  Close();
}

void Connection::Connect() {
  if (state_ != State::kIdle) return;
  ++generation_;
  connect_timer_.arm(options_.connect_timeout_ms, [this] {
    Fail(CloseReason::kTimeout,
         "no connection within " + std::to_string(options_.connect_timeout_ms) + " ms");
  });
  sockaddr_storage ss{};
  if (uv_ip4_addr(options_.host.c_str(), options_.port, reinterpret_cast<sockaddr_in*>(&ss)) == 0 ||
      uv_ip6_addr(options_.host.c_str(), options_.port, reinterpret_cast<sockaddr_in6*>(&ss)) ==
          0) {
    StartTcp(reinterpret_cast<sockaddr*>(&ss));
    return;
  }
  state_ = State::kResolving;
  resolving_ = new uv_getaddrinfo_t;
  resolving_->data = this;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  std::string port = std::to_string(options_.port);
  int rc = uv_getaddrinfo(timers_.loop(), resolving_, &Connection::OnResolved,
                          options_.host.c_str(), port.c_str(), &hints);
  if (rc != 0) {
    delete resolving_;
    resolving_ = nullptr;
    Fail(CloseReason::kDns, uv_strerror(rc));
  }
}

void Connection::OnResolved(uv_getaddrinfo_t* req, int status, addrinfo* res) {
  auto* self = static_cast<Connection*>(req->data);
  delete req;
  if (!self) {  // cancelled: the connection was closed or destroyed meanwhile
    if (res) uv_freeaddrinfo(res);
    return;
  }
  self->resolving_ = nullptr;
  if (status != 0 || !res) {
    if (res) uv_freeaddrinfo(res);
    self->Fail(CloseReason::kDns,
               std::string("cannot resolve ") + self->options_.host + ": " + uv_strerror(status));
    return;
  }
  self->StartTcp(res->ai_addr);
  uv_freeaddrinfo(res);
}

void Connection::StartTcp(const sockaddr* addr) {
  state_ = State::kConnecting;
  socket_ = new Socket;
  socket_->owner = this;
  uv_tcp_init(timers_.loop(), &socket_->tcp);
  socket_->tcp.data = socket_;
  uv_tcp_nodelay(&socket_->tcp, 1);
  socket_->connect_req.data = socket_;
  int rc =
      uv_tcp_connect(&socket_->connect_req, &socket_->tcp, addr, [](uv_connect_t* req, int status) {
        auto* s = static_cast<Socket*>(req->data);
        if (s->owner) s->owner->OnConnected(status);
      });
  if (rc != 0) Fail(ReasonFromUv(rc), uv_strerror(rc));
}

void Connection::OnConnected(int status) {
  if (status != 0) {
    Fail(ReasonFromUv(status), uv_strerror(status));
    return;
  }
  uv_read_start(
      reinterpret_cast<uv_stream_t*>(&socket_->tcp),
      [](uv_handle_t*, size_t, uv_buf_t* buf) { *buf = uv_buf_init(g_read_buffer, kReadChunk); },
      [](uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
        auto* s = static_cast<Socket*>(stream->data);
        if (!s->owner) return;
        if (nread > 0) {
          s->owner->OnRead(buf->base, static_cast<std::size_t>(nread));
        } else if (nread < 0) {
          s->owner->Fail(ReasonFromUv(static_cast<int>(nread)),
                         uv_strerror(static_cast<int>(nread)));
        }
      });
  StartHandshake();
}

void Connection::StartHandshake() {
  state_ = State::kHandshake;
  if (options_.try_resp3) {
    std::string_view user = options_.username.empty() ? std::string_view("default")
                                                      : std::string_view(options_.username);
    if (options_.password.empty()) {
      SendInternal(
          std::initializer_list<std::string_view>{"HELLO", "3", "SETNAME", options_.client_name},
          [this](const Status& s, const resp::Value* r) { OnHelloReply(s, r); });
    } else {
      SendInternal(
          std::initializer_list<std::string_view>{"HELLO", "3", "AUTH", user, options_.password,
                                                  "SETNAME", options_.client_name},
          [this](const Status& s, const resp::Value* r) { OnHelloReply(s, r); });
    }
    return;
  }
  OnHelloReply(Status::Ok(), nullptr);
}

void Connection::OnHelloReply(const Status& s, const resp::Value* r) {
  if (!s.ok()) return;  // the connection already failed; Fail() reported it
  if (r && !r->is_error()) {
    BecomeReady(3);
    return;
  }
  std::string_view err = r ? r->error() : std::string_view();
  if (StartsWith(err, "WRONGPASS") || StartsWith(err, "NOAUTH") ||
      StartsWith(err, "ERR invalid password") || StartsWith(err, "NOPERM")) {
    Fail(CloseReason::kAuthFailed, std::string(err.substr(0, 200)));
    return;
  }
  // HELLO refused (server older than 6, or RESP3 disabled): RESP2, AUTH on its own.
  if (options_.password.empty()) {
    BecomeReady(2);
    return;
  }
  auto on_auth = [this](const Status& st, const resp::Value* rr) {
    if (!st.ok()) return;
    if (rr->is_error()) {
      Fail(CloseReason::kAuthFailed, std::string(rr->error().substr(0, 200)));
      return;
    }
    BecomeReady(2);
  };
  if (options_.username.empty()) {
    SendInternal(std::initializer_list<std::string_view>{"AUTH", options_.password}, on_auth);
  } else {
    SendInternal(
        std::initializer_list<std::string_view>{"AUTH", options_.username, options_.password},
        on_auth);
  }
}

void Connection::BecomeReady(int protocol) {
  protocol_ = protocol;
  state_ = State::kReady;
  connect_timer_.cancel();
  listener_.OnReady(*this);
}

void Connection::Send(std::initializer_list<std::string_view> args, ReplyCallback cb) {
  Send(std::span<const std::string_view>(args.begin(), args.size()), std::move(cb));
}

void Connection::Send(std::span<const std::string_view> args, ReplyCallback cb) {
  if (state_ != State::kReady) {
    cb(Status::Unavailable("not connected"), nullptr);
    return;
  }
  SendInternal(args, std::move(cb));
}

void Connection::SendInternal(std::span<const std::string_view> args, ReplyCallback cb) {
  bool was_empty = pending_.empty();
  std::size_t confirmations = 0;
  if (!args.empty() && IsSubscribeCommand(args[0]))
    confirmations = std::max<std::size_t>(1, args.size() - 1);
  pending_.push_back(
      Pending{std::move(cb), timers_.now() + options_.request_timeout_ms, confirmations});
  outbuf_.clear();
  resp::AppendCommand(&outbuf_, args);
  Write(outbuf_);
  if (was_empty) ArmRequestTimer();
}

void Connection::Write(const std::string& bytes) {
  auto* stream = reinterpret_cast<uv_stream_t*>(&socket_->tcp);
  uv_buf_t b = uv_buf_init(const_cast<char*>(bytes.data()), static_cast<unsigned>(bytes.size()));
  int n = uv_try_write(stream, &b, 1);
  if (n == static_cast<int>(bytes.size())) return;  // the common case: no allocation
  if (n < 0 && n != UV_EAGAIN) {
    Fail(ReasonFromUv(n), uv_strerror(n));
    return;
  }
  auto* w = new WriteReq;
  w->bytes.assign(bytes, n > 0 ? static_cast<std::size_t>(n) : 0);
  w->req.data = w;
  uv_buf_t rest = uv_buf_init(w->bytes.data(), static_cast<unsigned>(w->bytes.size()));
  int rc = uv_write(&w->req, stream, &rest, 1, [](uv_write_t* req, int) {
    delete static_cast<WriteReq*>(req->data);  // errors surface through the read side
  });
  if (rc != 0) {
    delete w;
    Fail(ReasonFromUv(rc), uv_strerror(rc));
  }
}

void Connection::ArmRequestTimer() {
  if (pending_.empty()) {
    request_timer_.cancel();
    return;
  }
  std::uint64_t now = timers_.now();
  std::uint64_t due = pending_.front().deadline;
  request_timer_.arm(due > now ? due - now : 0, [this] {
    Fail(CloseReason::kTimeout,
         "no reply within " + std::to_string(options_.request_timeout_ms) + " ms");
  });
}

void Connection::OnRead(const char* data, std::size_t n) {
  std::uint64_t gen = generation_;
  if (inbuf_.empty()) {
    std::size_t used = 0;
    if (!DispatchFrom(std::string_view(data, n), &used)) return;
    if (gen != generation_) return;
    if (used < n) inbuf_.assign(data + used, n - used);
  } else {
    inbuf_.append(data, n);
    if (parser_.needed() > inbuf_.size()) return;  // a bulk body still on its way
    std::size_t used = 0;
    if (!DispatchFrom(inbuf_, &used)) return;
    if (gen != generation_) return;
    inbuf_.erase(0, used);
    if (inbuf_.empty() && inbuf_.capacity() > kMaxKeptCapacity) inbuf_ = std::string();
  }
}

// Parses and dispatches every complete reply at the front of data. Returns false when the
// connection was torn down (protocol error, or a callback closed it).
bool Connection::DispatchFrom(std::string_view data, std::size_t* used) {
  std::uint64_t gen = generation_;
  std::size_t off = 0;
  while (off < data.size()) {
    std::size_t consumed = 0;
    resp::ParseStatus st = parser_.Parse(data.substr(off), &consumed, &reply_);
    if (st == resp::ParseStatus::kPending) break;
    if (st != resp::ParseStatus::kOk) {
      Fail(CloseReason::kProtocol,
           std::string("invalid RESP from server: ") + resp::ParseStatusName(st));
      return false;
    }
    off += consumed;
    resp::Value root = reply_.root();
    // RESP3 pushes always; RESP2 arrays only while subscribed or answering an (un)subscribe.
    bool maybe_pubsub = reply_.is_push() || subscribed_ ||
                        (!pending_.empty() && pending_.front().confirmations > 0);
    if (maybe_pubsub && DispatchPubSub(root, reply_.is_push())) {
      if (gen != generation_) return false;
      continue;
    }
    if (pending_.empty()) {
      Fail(CloseReason::kProtocol, "unexpected reply with no request outstanding");
      return false;
    }
    ReplyCallback cb = std::move(pending_.front().cb);
    pending_.pop_front();
    if (cb) cb(Status::Ok(), &root);
    if (gen != generation_) return false;
    ArmRequestTimer();
  }
  *used = off;
  return true;
}

// Routes a pub/sub message or confirmation, or any RESP3 push. The first confirmation of the
// (un)subscribe request in front answers its callback; the others, like messages, go to the push
// handler. Returns false when `root` is an ordinary reply.
bool Connection::DispatchPubSub(const resp::Value& root, bool is_push) {
  PubSubKind kind = ClassifyPubSub(root);
  if (kind == PubSubKind::kNone && !is_push) return false;
  if (kind == PubSubKind::kConfirm) {
    resp::Value count = root.child(2);
    if (count.type() == resp::Type::kInteger) subscribed_ = count.integer() > 0;
    if (!pending_.empty() && pending_.front().confirmations > 0) {
      Pending& p = pending_.front();
      ReplyCallback cb = std::move(p.cb);
      p.cb = nullptr;
      if (--p.confirmations == 0) {
        pending_.pop_front();
        ArmRequestTimer();
      }
      if (cb) {
        cb(Status::Ok(), &root);
        return true;
      }
    }
  }
  if (push_handler_) push_handler_(root);
  return true;
}

void Connection::Fail(CloseReason reason, std::string detail) {
  if (state_ == State::kIdle) return;
  Teardown(Status::Unavailable(std::string(CloseReasonName(reason)) + ": " + detail));
  listener_.OnClosed(*this, reason, detail);
}

void Connection::Close() {
  if (state_ == State::kIdle) return;
  Teardown(Status::Unavailable("connection closed by vigil"));
}

void Connection::Teardown(const Status& why) {
  ++generation_;
  state_ = State::kIdle;
  connect_timer_.cancel();
  request_timer_.cancel();
  if (resolving_) {
    resolving_->data = nullptr;  // OnResolved frees it
    uv_cancel(reinterpret_cast<uv_req_t*>(resolving_));
    resolving_ = nullptr;
  }
  if (socket_) {
    socket_->owner = nullptr;
    if (!uv_is_closing(reinterpret_cast<uv_handle_t*>(&socket_->tcp))) {
      uv_close(reinterpret_cast<uv_handle_t*>(&socket_->tcp),
               [](uv_handle_t* h) { delete static_cast<Socket*>(h->data); });
    }
    socket_ = nullptr;
  }
  parser_.Reset();
  subscribed_ = false;
  inbuf_.clear();
  if (inbuf_.capacity() > kMaxKeptCapacity) inbuf_ = std::string();
  std::deque<Pending> failed;
  failed.swap(pending_);
  for (Pending& p : failed)
    if (p.cb) p.cb(why, nullptr);  // an (un)subscribe's callback may have run already
}

}  // namespace vigil::redis
