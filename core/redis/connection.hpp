// One persistent RESP connection to a Valkey/Redis server on the loop: connect, handshake
// (HELLO 3 with AUTH in one round trip, RESP2 fallback), pipelined requests with a per-request
// timeout, bounded incremental parsing, and out-of-band messages (RESP3 pushes, RESP2 pub/sub)
// handed to a push handler. Reconnecting is the owner's policy, not this class's.
#pragma once

#include <uv.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/reactor/timer_queue.hpp"
#include "core/redis/close_reason.hpp"
#include "core/resp/parser.hpp"
#include "core/util/result.hpp"

namespace vigil::redis {

struct ConnectionOptions {
  std::string host;  // IP literal or a name (resolved with uv_getaddrinfo, off the loop thread)
  int port = 6379;
  std::string username;  // empty: "default" when a password is set
  std::string password;  // empty: no AUTH
  // TCP connect plus handshake must finish within this. Default: 2000.
  std::uint32_t connect_timeout_ms = 2000;
  // Each request must be answered within this after it was sent. Default: 2000.
  std::uint32_t request_timeout_ms = 2000;
  // Parser limits; max_reply_bytes caps one reply. Default: 64 MiB.
  resp::ParserOptions parser;
  // Try RESP3 with HELLO 3 first. Default: true.
  bool try_resp3 = true;
  // Set with CLIENT SETNAME (via HELLO SETNAME) so operators can see vigil in CLIENT LIST.
  std::string client_name = "vigil";
};

class Connection {
 public:
  // status is ok with a reply (which may be a RESP error reply: check reply.is_error()), or an
  // error with reply == nullptr when the connection failed before the answer. The reply's views
  // are valid only during the callback.
  using ReplyCallback = std::function<void(const Status& status, const resp::Value* reply)>;
  // Receives what no request asked for: RESP3 pushes (pub/sub messages, invalidations) and, in
  // RESP2 subscribed mode, message/pmessage/smessage arrays; also (un)subscribe confirmations
  // beyond those a request's callback took. Views are valid only during the call; it may Close().
  using PushHandler = std::function<void(const resp::Value& msg)>;

  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void OnReady(Connection& c) = 0;
    // Called once per Connect() that does not end with Close(): after a failed connect or
    // handshake, or when a ready connection is lost. May call Connect() again.
    virtual void OnClosed(Connection& c, CloseReason reason, const std::string& detail) = 0;
  };

  Connection(reactor::TimerQueue& timers, ConnectionOptions options, Listener& listener);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts connecting (DNS if needed, TCP, handshake). Precondition: idle (not connecting/ready).
  void Connect();
  // Sends one command. Precondition: ready(); otherwise cb runs at once with an Unavailable error.
  void Send(std::initializer_list<std::string_view> args, ReplyCallback cb);
  void Send(std::span<const std::string_view> args, ReplyCallback cb);
  // Closes now; pending callbacks get an error; no OnClosed. Safe to call at any time.
  void Close();
  // Without a handler, pushes are dropped. (P|S)SUBSCRIBE's callback gets the first confirmation.
  void set_push_handler(PushHandler h) { push_handler_ = std::move(h); }

  bool ready() const { return state_ == State::kReady; }
  bool idle() const { return state_ == State::kIdle; }
  int protocol() const { return protocol_; }  // 2 or 3 once ready
  std::size_t pending() const { return pending_.size(); }
  const ConnectionOptions& options() const { return options_; }
  // True after a subscribe confirmation until an unsubscribe confirmation reports 0 left.
  bool subscribed() const { return subscribed_; }

 private:
  enum class State { kIdle, kResolving, kConnecting, kHandshake, kReady };
  struct Socket;
  struct Pending {
    ReplyCallback cb;
    std::uint64_t deadline;
    // (un)subscribe commands: confirmations still expected (one per channel), else 0.
    std::size_t confirmations = 0;
  };

  void StartTcp(const sockaddr* addr);
  void OnConnected(int status);
  void StartHandshake();
  void OnHelloReply(const Status& s, const resp::Value* r);
  void BecomeReady(int protocol);
  void OnRead(const char* data, std::size_t n);
  bool DispatchFrom(std::string_view data, std::size_t* used);
  bool DispatchPubSub(const resp::Value& root, bool is_push);
  void Write(const std::string& bytes);
  void SendInternal(std::span<const std::string_view> args, ReplyCallback cb);
  void ArmRequestTimer();
  void Fail(CloseReason reason, std::string detail);
  void Teardown(const Status& why);

  static void OnResolved(uv_getaddrinfo_t* req, int status, addrinfo* res);

  reactor::TimerQueue& timers_;
  ConnectionOptions options_;
  Listener& listener_;
  State state_ = State::kIdle;
  int protocol_ = 2;
  Socket* socket_ = nullptr;               // owned until handed to uv_close
  uv_getaddrinfo_t* resolving_ = nullptr;  // outstanding DNS request, if any
  reactor::Timer connect_timer_;
  reactor::Timer request_timer_;
  std::deque<Pending> pending_;
  resp::Parser parser_;
  resp::Reply reply_;
  std::string inbuf_;             // bytes of an incomplete reply (usually empty)
  std::string outbuf_;            // reused to encode commands
  std::uint64_t generation_ = 0;  // bumped on teardown: callbacks from an old socket are ignored
  PushHandler push_handler_;
  bool subscribed_ = false;
};

}  // namespace vigil::redis
