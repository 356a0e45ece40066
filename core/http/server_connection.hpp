// One accepted connection of the HttpServer: reads and parses requests, keeps the answer
// order of pipelined requests, writes responses, enforces the timeouts and output bound.
// Internal to the server. Heap-allocated; deletes itself in its socket's close callback.
#pragma once

#include <uv.h>

#include <deque>
#include <memory>
#include <string>

#include "core/http/server_parser.hpp"
#include "core/http/server_responder.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::http {

class HttpServer;

class ServerConnection {
 public:
  ServerConnection(HttpServer* server, reactor::TimerQueue& timers, RequestLimits limits);
  ServerConnection(const ServerConnection&) = delete;
  ServerConnection& operator=(const ServerConnection&) = delete;

  uv_tcp_t* tcp() { return &tcp_; }
  // Starts reading an accepted socket.
  void Start();
  // Closes the socket now (responses not yet written are dropped) without telling the server.
  void Detach();
  // Closes a socket that was never started (refused or failed accept).
  void Discard();
  // A Responder answered `slot` (called by Responder::Send).
  void OnAnswer(detail::ResponseSlot* slot);

 private:
  enum class Phase { kOpen, kLingering, kClosed };
  enum class Deadline { kNone, kHeader, kBody, kIdle, kLinger };

  ~ServerConnection() = default;  // only from the close callback
  static void OnAlloc(uv_handle_t* h, std::size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf);
  static void OnWrite(uv_write_t* req, int status);
  static void OnShutdown(uv_shutdown_t* req, int status);
  static void OnClose(uv_handle_t* h);

  uv_stream_t* stream() { return reinterpret_cast<uv_stream_t*>(&tcp_); }
  void ProcessInput();
  void BeginSlot();
  void Dispatch();
  void FailRequest(int status, const std::string& message);
  void Flush();
  void Write(std::string data);
  void AfterOutput();
  void StartLinger();
  void UpdateReading();
  void UpdateDeadline();
  void SetDeadline(Deadline d, std::uint64_t ms);
  void OnDeadline(Deadline d);
  void Abort();

  HttpServer* server_;  // null once detached or closing
  std::uint64_t header_timeout_ms_, body_timeout_ms_, idle_timeout_ms_, linger_ms_;
  std::size_t max_pipelined_, max_output_bytes_;
  uv_tcp_t tcp_;
  uv_shutdown_t shutdown_req_;
  reactor::Timer timer_;
  Deadline deadline_ = Deadline::kNone;
  RequestParser parser_;
  std::string in_;  // bytes read but not parsed yet (pipelining backlog)
  std::deque<std::shared_ptr<detail::ResponseSlot>> queue_;  // answer order
  std::shared_ptr<detail::ResponseSlot> current_;            // the request being read (head done)
  std::string peer_;
  Phase phase_ = Phase::kOpen;
  bool reading_ = false;
  bool peer_eof_ = false;
  bool processing_ = false;
  bool no_more_requests_ = false;  // a closing answer is queued: input is dropped
  bool close_after_write_ = false;
  bool served_any_ = false;
  std::size_t writes_in_flight_ = 0;
  std::size_t open_slots_ = 0;  // requests in queue_ not answered yet (pipelining bound)
};

}  // namespace vigil::http
