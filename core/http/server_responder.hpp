// Responder: the one-shot handle through which a handler answers one request of the HTTP
// server, at once or later. Movable; answering a request whose connection is gone is a no-op;
// dropping it unanswered answers 500.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/http/headers.hpp"

namespace vigil::http {

class ServerConnection;

namespace detail {

// One place in a connection's answer order, shared by the connection and the Responder.
struct ResponseSlot {
  ServerConnection* conn = nullptr;  // null once the connection is closed (or closing)
  std::string wire;                  // the serialized response once answered
  int status = 0;
  bool answered = false;
  bool close_after = false;   // the connection closes once this response is written
  bool keep_alive = true;     // what the request allows
  bool head_request = false;  // HEAD: no body bytes
  int http_minor = 1;
  bool want_continue = false;  // write "100 Continue" when this slot reaches the front
  bool continue_sent = false;
};

}  // namespace detail

class Responder {
 public:
  Responder() = default;  // answers nothing
  explicit Responder(std::shared_ptr<detail::ResponseSlot> slot) : slot_(std::move(slot)) {}
  // Unanswered: answers 500 {"error":"handler did not respond","field":null}.
  ~Responder();
  Responder(Responder&& other) noexcept = default;
  // Answers 500 for the request this one held (if unanswered), then takes other's.
  Responder& operator=(Responder&& other) noexcept;
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;

  // Sends the response (Content-Length set by the server; content_type empty = none). Only
  // the first call of a Responder does anything. "Connection: close" in headers closes the
  // connection after this response.
  void Send(int status, Headers headers, std::string body,
            std::string_view content_type = "text/plain; charset=utf-8");
  // Send with Content-Type: application/json.
  void Json(int status, std::string body) { Send(status, {}, std::move(body), "application/json"); }
  // Not answered yet and the connection is still open (an answer would be written).
  bool alive() const;
  // Not answered yet (whether or not the connection is still open).
  bool pending() const { return slot_ != nullptr; }

 private:
  std::shared_ptr<detail::ResponseSlot> slot_;
};

}  // namespace vigil::http
