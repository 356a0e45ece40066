// ServerConnection: read -> parse -> dispatch -> ordered write, with one deadline timer whose
// meaning follows the connection's state (header, body, idle or linger).
#include "core/http/server_connection.hpp"

#include <exception>

#include "core/http/server.hpp"
#include "core/http/server_response.hpp"
#include "core/util/log.hpp"

namespace vigil::http {
namespace {

struct WriteRequest {
  uv_write_t req;
  std::string data;
};

std::string PeerName(uv_tcp_t* tcp) {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (uv_tcp_getpeername(tcp, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "";
  char ip[64] = {};
  if (ss.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    uv_ip6_name(a, ip, sizeof ip);
    return "[" + std::string(ip) + "]:" + std::to_string(ntohs(a->sin6_port));
  }
  auto* a = reinterpret_cast<sockaddr_in*>(&ss);
  uv_ip4_name(a, ip, sizeof ip);
  return std::string(ip) + ":" + std::to_string(ntohs(a->sin_port));
}

}  // namespace

ServerConnection::ServerConnection(HttpServer* server, reactor::TimerQueue& timers,
                                   RequestLimits limits)
    : server_(server),
      header_timeout_ms_(server->options_.header_timeout_ms),
      body_timeout_ms_(server->options_.body_timeout_ms),
      idle_timeout_ms_(server->options_.idle_timeout_ms),
      linger_ms_(server->options_.linger_ms),
      max_pipelined_(server->options_.max_pipelined ? server->options_.max_pipelined : 1),
      max_output_bytes_(server->options_.max_output_bytes),
      timer_(timers),
      parser_(limits) {
  tcp_.data = this;
}

void ServerConnection::Start() {
  peer_ = PeerName(&tcp_);
  uv_tcp_nodelay(&tcp_, 1);
  UpdateReading();
  UpdateDeadline();
}

void ServerConnection::Discard() {
  server_ = nullptr;
  Abort();
}

void ServerConnection::Detach() {
  server_ = nullptr;
  Abort();
}

void ServerConnection::Abort() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  timer_.cancel();
  deadline_ = Deadline::kNone;
  for (auto& s : queue_) s->conn = nullptr;
  queue_.clear();
  if (current_) current_->conn = nullptr;
  current_.reset();
  std::string().swap(in_);
  if (server_) server_->Forget(this);
  server_ = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&tcp_), &ServerConnection::OnClose);
}

void ServerConnection::OnClose(uv_handle_t* h) {
  delete static_cast<ServerConnection*>(h->data);
}

void ServerConnection::OnAlloc(uv_handle_t*, std::size_t, uv_buf_t* buf) {
  // The loop thread reads one socket at a time and parsing copies what it keeps.
  static thread_local char shared[64 * 1024];
  *buf = uv_buf_init(shared, sizeof shared);
}

void ServerConnection::UpdateReading() {
  if (phase_ == Phase::kClosed) return;
  bool want = !peer_eof_;
  if (want && phase_ == Phase::kOpen && !no_more_requests_) {
    // Pipelining bound: no new request is started while max_pipelined wait for answers.
    want = !(open_slots_ >= max_pipelined_ && !parser_.started());
  }
  if (want && !reading_) {
    reading_ = uv_read_start(stream(), &ServerConnection::OnAlloc, &ServerConnection::OnRead) == 0;
  } else if (!want && reading_) {
    uv_read_stop(stream());
    reading_ = false;
  }
}

void ServerConnection::OnRead(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<ServerConnection*>(s->data);
  if (self->phase_ == Phase::kClosed || nread == 0) return;
  if (nread < 0) {
    if (nread != UV_EOF || self->phase_ == Phase::kLingering) return self->Abort();
    self->peer_eof_ = true;
    self->reading_ = false;
    uv_read_stop(s);
    // Half-closed by the client: answer what is complete, then close.
    if (self->parser_.started() || self->queue_.empty()) return self->Abort();
    return;
  }
  if (self->phase_ == Phase::kLingering || self->no_more_requests_) return;  // dropped
  self->in_.append(buf->base, static_cast<std::size_t>(nread));
  self->ProcessInput();
}

void ServerConnection::ProcessInput() {
  if (processing_) return;
  processing_ = true;
  while (phase_ == Phase::kOpen && !no_more_requests_ && !in_.empty()) {
    if (open_slots_ >= max_pipelined_ && !parser_.started()) break;
    std::size_t consumed = 0;
    RequestParser::State st = parser_.Feed(in_.data(), in_.size(), &consumed);
    in_.erase(0, consumed);
    if (parser_.started() && !parser_.head_complete() && deadline_ != Deadline::kHeader) {
      SetDeadline(Deadline::kHeader, header_timeout_ms_);
    }
    if (parser_.head_complete() && !current_ && st != RequestParser::State::kError) BeginSlot();
    if (st == RequestParser::State::kError) {
      FailRequest(parser_.error_status(), parser_.error_message());
      break;
    }
    if (st != RequestParser::State::kComplete) break;
    Dispatch();
    // Answers wait in the queue to be written together; write them every max_pipelined
    // requests so one read full of small requests cannot pile up unbounded output.
    if (queue_.size() >= max_pipelined_) Flush();
  }
  processing_ = false;
  if (phase_ != Phase::kOpen) return;
  Flush();
  UpdateReading();
  UpdateDeadline();
}

void ServerConnection::BeginSlot() {
  current_ = std::make_shared<detail::ResponseSlot>();
  current_->conn = this;
  current_->head_request = parser_.is_head();
  current_->http_minor = parser_.request().http_minor;
  current_->want_continue = parser_.expects_continue();
  queue_.push_back(current_);
  ++open_slots_;
  if (deadline_ != Deadline::kBody) SetDeadline(Deadline::kBody, body_timeout_ms_);
  if (current_->want_continue && queue_.size() == 1) Flush();  // the client waits for it
}

void ServerConnection::Dispatch() {
  std::shared_ptr<detail::ResponseSlot> slot = std::move(current_);
  ServerRequest req = parser_.Take();
  req.peer = peer_;
  slot->keep_alive = req.keep_alive;
  slot->http_minor = req.http_minor;
  if (!req.keep_alive) no_more_requests_ = true;  // Connection: close, HTTP/1.0, upgrade
  served_any_ = true;
  timer_.cancel();
  deadline_ = Deadline::kNone;
  if (!server_) return;
  ++server_->stats_.requests;
  try {
    server_->handler_(req, Responder(std::move(slot)));
  } catch (const std::exception& e) {
    log::Error("http server: handler threw", {{"error", e.what()}, {"path", req.path}});
  } catch (...) {
    log::Error("http server: handler threw", {{"path", req.path}});
  }
}

void ServerConnection::FailRequest(int status, const std::string& message) {
  if (phase_ != Phase::kOpen || no_more_requests_) return;
  no_more_requests_ = true;
  std::string().swap(in_);
  std::shared_ptr<detail::ResponseSlot> slot = std::move(current_);
  if (!slot) {
    slot = std::make_shared<detail::ResponseSlot>();
    queue_.push_back(slot);
  }
  if (slot->conn) --open_slots_;  // the request being read: nobody else will answer it
  slot->conn = nullptr;           // no Responder can answer it any more
  slot->answered = true;
  slot->close_after = true;
  slot->status = status;
  ResponseFraming framing;
  framing.keep_alive = false;
  SerializeResponse(status, {}, "application/json", JsonErrorBody(message), framing, &slot->wire);
  if (server_) {
    if (status == 408) {
      ++server_->stats_.timeouts;
    } else {
      ++server_->stats_.rejected_requests;
    }
    server_->CountResponse(status);
  }
  Flush();
  UpdateReading();  // input is read and dropped until the answer is out
}

void ServerConnection::OnAnswer(detail::ResponseSlot* slot) {
  if (phase_ != Phase::kOpen) return;
  --open_slots_;
  if (server_) server_->CountResponse(slot->status);
  if (slot->close_after) {
    no_more_requests_ = true;
    std::string().swap(in_);
  }
  if (processing_) return;  // ProcessInput flushes when the handler returns
  ProcessInput();           // flushes, and parses requests held back by the pipelining bound
}

void ServerConnection::Flush() {
  if (phase_ != Phase::kOpen || close_after_write_) return;
  std::string out;
  while (!queue_.empty()) {
    detail::ResponseSlot& s = *queue_.front();
    if (!s.answered) {
      if (s.want_continue && !s.continue_sent) {
        out.append("HTTP/1.1 100 Continue\r\n\r\n");
        s.continue_sent = true;
      }
      break;
    }
    if (out.empty()) {
      out = std::move(s.wire);
    } else {
      out.append(s.wire);
    }
    bool close = s.close_after;
    queue_.pop_front();
    if (close) {
      close_after_write_ = true;
      for (auto& rest : queue_) rest->conn = nullptr;
      queue_.clear();
      current_.reset();
      open_slots_ = 0;
      break;
    }
  }
  if (!out.empty()) Write(std::move(out));
  if (phase_ == Phase::kOpen) AfterOutput();
}

void ServerConnection::Write(std::string data) {
  auto* w = new WriteRequest{};
  w->data = std::move(data);
  w->req.data = this;
  uv_buf_t buf = uv_buf_init(w->data.data(), static_cast<unsigned>(w->data.size()));
  if (uv_write(&w->req, stream(), &buf, 1, &ServerConnection::OnWrite) != 0) {
    delete w;
    return Abort();
  }
  ++writes_in_flight_;
  if (uv_stream_get_write_queue_size(stream()) > max_output_bytes_) {
    if (server_) ++server_->stats_.output_overflows;
    log::Warn("http server: closing a connection that does not read its responses",
              {{"peer", peer_}});
    Abort();
  }
}

void ServerConnection::OnWrite(uv_write_t* req, int status) {
  auto* w = reinterpret_cast<WriteRequest*>(req);
  auto* self = static_cast<ServerConnection*>(req->data);
  delete w;
  --self->writes_in_flight_;
  if (self->phase_ != Phase::kOpen) return;
  if (status < 0) return self->Abort();
  self->AfterOutput();
}

// After a write was queued or finished: close when the last answer is out, else re-time.
void ServerConnection::AfterOutput() {
  if (writes_in_flight_ > 0) return UpdateDeadline();
  if (close_after_write_) return StartLinger();
  if (peer_eof_ && queue_.empty()) return Abort();
  UpdateDeadline();
}

void ServerConnection::StartLinger() {
  phase_ = Phase::kLingering;
  if (uv_shutdown(&shutdown_req_, stream(), &ServerConnection::OnShutdown) != 0) return Abort();
  SetDeadline(Deadline::kLinger, linger_ms_);
  if (peer_eof_) return;  // closed once the FIN is out
  UpdateReading();
}

void ServerConnection::OnShutdown(uv_shutdown_t* req, int status) {
  auto* self = static_cast<ServerConnection*>(req->handle->data);
  if (self->phase_ == Phase::kClosed) return;
  if (status < 0 || self->peer_eof_) self->Abort();
}

void ServerConnection::SetDeadline(Deadline d, std::uint64_t ms) {
  deadline_ = d;
  timer_.arm(ms, [this, d] { OnDeadline(d); });
}

// Which deadline applies now: header (request started, or a new connection with nothing
// yet), body (headers done), idle (kept alive, nothing pending), none (waiting for a handler).
void ServerConnection::UpdateDeadline() {
  if (phase_ != Phase::kOpen || close_after_write_) return;
  if (parser_.started() && !parser_.head_complete()) {
    if (deadline_ != Deadline::kHeader) SetDeadline(Deadline::kHeader, header_timeout_ms_);
  } else if (current_) {
    if (deadline_ != Deadline::kBody) SetDeadline(Deadline::kBody, body_timeout_ms_);
  } else if (queue_.empty() && writes_in_flight_ == 0 && !no_more_requests_) {
    if (!served_any_) {
      if (deadline_ != Deadline::kHeader) SetDeadline(Deadline::kHeader, header_timeout_ms_);
    } else if (deadline_ != Deadline::kIdle) {
      SetDeadline(Deadline::kIdle, idle_timeout_ms_);
    }
  } else if (deadline_ != Deadline::kNone) {
    timer_.cancel();
    deadline_ = Deadline::kNone;
  }
}

void ServerConnection::OnDeadline(Deadline d) {
  deadline_ = Deadline::kNone;
  if (phase_ == Phase::kClosed) return;
  switch (d) {
    case Deadline::kHeader:
      FailRequest(
          408, "request headers not received within " + std::to_string(header_timeout_ms_) + " ms");
      break;
    case Deadline::kBody:
      FailRequest(408,
                  "request body not received within " + std::to_string(body_timeout_ms_) + " ms");
      break;
    case Deadline::kIdle:
    case Deadline::kLinger:
    case Deadline::kNone:
      Abort();
      break;
  }
}

}  // namespace vigil::http
