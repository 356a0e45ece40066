// Incremental HTTP/1.1 request parser over llhttp for the server: bytes split anywhere in,
// one ServerRequest at a time out, with header/body limits and the status to answer on error.
#pragma once

#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/http/server_request.hpp"

namespace vigil::http {

struct RequestLimits {
  std::size_t max_header_bytes = 16 * 1024;  // target + header names + values
  std::size_t max_headers = 100;
  std::size_t max_body_bytes = 1024 * 1024;
};

class RequestParser {
 public:
  enum class State { kNeedMore, kComplete, kError };

  explicit RequestParser(RequestLimits limits = {});
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Parses up to len bytes and stops right after a complete request: *consumed says how many
  // bytes were used (the rest is the next request). Copies what it keeps. In kComplete, call
  // Next() before feeding more; in kError nothing more is parsed.
  State Feed(const char* data, std::size_t len, std::size_t* consumed);
  // Takes the completed request and gets ready for the next one on the same connection.
  ServerRequest Take();
  // Forgets the completed request without taking it.
  void Next() { (void)Take(); }

  State state() const { return state_; }
  // Some byte of the current request was seen (request line started).
  bool started() const { return started_; }
  // The headers of the current request are complete (the body may still be coming).
  bool head_complete() const { return head_complete_; }
  // After head_complete(): the client sent "Expect: 100-continue" (HTTP/1.1, body announced).
  bool expects_continue() const { return expects_continue_; }
  // After head_complete(): HEAD request (answers carry no body).
  bool is_head() const { return is_head_; }
  // The request asked for a protocol upgrade (or CONNECT): nothing after it is HTTP; the
  // connection must close after the answer.
  bool upgrade() const { return upgrade_; }
  // In kError: the status to answer (400, 413, 414, 431) and a message for the JSON body.
  int error_status() const { return error_status_; }
  const std::string& error_message() const { return error_message_; }
  // The request under construction (valid fields depend on progress).
  const ServerRequest& request() const { return req_; }

 private:
  static int OnMessageBegin(llhttp_t* p);
  static int OnUrl(llhttp_t* p, const char* at, std::size_t len);
  static int OnHeaderField(llhttp_t* p, const char* at, std::size_t len);
  static int OnHeaderValue(llhttp_t* p, const char* at, std::size_t len);
  static int OnHeaderValueComplete(llhttp_t* p);
  static int OnHeadersComplete(llhttp_t* p);
  static int OnBody(llhttp_t* p, const char* at, std::size_t len);
  static int OnMessageComplete(llhttp_t* p);
  static const llhttp_settings_t& Settings();

  int Fail(int status, std::string message);
  bool CountHeaderBytes(std::size_t len);

  RequestLimits limits_;
  llhttp_t parser_;
  State state_ = State::kNeedMore;
  ServerRequest req_;
  std::size_t header_bytes_ = 0;
  bool started_ = false;
  bool head_complete_ = false;
  bool in_value_ = false;
  bool expects_continue_ = false;
  bool is_head_ = false;
  bool upgrade_ = false;
  int error_status_ = 0;
  std::string error_message_;
};

}  // namespace vigil::http
