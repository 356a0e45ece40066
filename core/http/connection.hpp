// One client TCP connection (optionally TLS): resolve, connect, write a request, parse the
// response. Knows nothing of pools or queues: it reports to a ConnectionObserver.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/error.hpp"
#include "core/http/response_parser.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::http {

class Connection;
class TlsConfig;
class TlsSession;
struct Job;

// Gets the events of a Connection. Each call is the last thing the connection does in that
// callback, so the observer may destroy the connection from inside it.
class ConnectionObserver {
 public:
  virtual ~ConnectionObserver() = default;
  // Connected (and TLS handshake done): ready for Exchange().
  virtual void OnReady(Connection* c) = 0;
  // The response of the current exchange is complete: read it from c->parser().
  virtual void OnResponse(Connection* c) = 0;
  // The connection failed, in whatever state (connecting, busy or idle): it is unusable.
  virtual void OnFailure(Connection* c, ErrorKind kind, std::string message) = 0;
};

class Connection {
 public:
  enum class State { kNew, kResolving, kConnecting, kHandshaking, kReady, kBusy, kClosed };

  // tls: null for plain HTTP; kept alive by the connection.
  Connection(uv_loop_t* loop, reactor::TimerQueue& timers, ConnectionObserver* observer,
             ParserLimits limits, std::shared_ptr<TlsConfig> tls);
  // Closes the socket (if open). No observer call happens after, not even from inside.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Resolves host (skipped for IP literals, else uv_getaddrinfo on the threadpool), connects
  // to each address in turn, then does the TLS handshake. Ends in OnReady or OnFailure
  // (kConnectTimeout when timeout_ms passes first).
  void Connect(const std::string& host, std::uint16_t port, bool ip_literal,
               std::uint64_t timeout_ms);
  // Writes one serialized request (state kReady) and parses the response. head: the
  // request was HEAD. Ends in OnResponse or OnFailure. wire is written at once when the
  // socket takes it (the usual case) and copied only if part of it has to wait.
  void Exchange(std::string_view wire, bool head);

  State state() const { return state_; }
  ResponseParser& parser() { return parser_; }
  // Exchanges completed on this connection so far.
  std::uint64_t served() const { return served_; }
  // False once the peer said "Connection: close" or sent extra bytes.
  bool reusable() const { return reusable_; }
  // A timer the owner may use (idle timeout); cancelled when the connection is destroyed or
  // fails, left alone by Exchange.
  reactor::Timer& idle_timer() { return idle_timer_; }

  Job* job = nullptr;  // the request this connection serves or was opened for (owner's)
  std::uint64_t idle_since_ms = 0;  // loop time it last became idle (owner's)

 private:
  struct DnsRequest;
  static void OnResolved(uv_getaddrinfo_t* req, int status, addrinfo* res);
  static void OnConnect(uv_connect_t* req, int status);
  static void OnAlloc(uv_handle_t* h, std::size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf);
  static void OnWrite(uv_write_t* req, int status);

  void ConnectNext();
  void OnTcpConnected();
  // Each returns false when it ended in an observer call (we may be destroyed by then).
  bool DriveHandshake();
  void HandleCipher(const char* data, std::size_t len);
  bool HandlePlain(const char* data, std::size_t len);
  void Defer(std::function<void()> fn);
  void HandleEnd(int uv_status);
  // Writes now what the socket takes; queues a copy of the rest. Errors come from Defer.
  void WriteRaw(std::string_view data);
  bool FlushTls();
  void Fail(ErrorKind kind, std::string message);
  void CloseSocket();

  uv_loop_t* loop_;
  ConnectionObserver* observer_;
  State state_ = State::kNew;
  uv_tcp_t* tcp_ = nullptr;    // heap: freed by its close callback
  DnsRequest* dns_ = nullptr;  // heap: freed by its callback
  std::vector<sockaddr_storage> addrs_;
  std::size_t next_addr_ = 0;
  int last_connect_error_ = 0;
  std::string host_;
  std::uint16_t port_ = 0;
  reactor::Timer connect_timer_;
  reactor::Timer idle_timer_;
  reactor::Timer defer_timer_;  // reports failures found inside Connect/Exchange later
  ResponseParser parser_;
  std::shared_ptr<TlsConfig> tls_config_;
  std::unique_ptr<TlsSession> tls_;
  std::uint64_t served_ = 0;
  bool reusable_ = true;
  char read_buf_[16 * 1024];
  char plain_buf_[16 * 1024];
};

// The ErrorKind for a libuv error code seen on an established connection.
ErrorKind KindOfUvError(int uv_status);

}  // namespace vigil::http
