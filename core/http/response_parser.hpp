// Incremental HTTP/1.1 response parser over llhttp: feed bytes split anywhere, get the status,
// bounded headers, a body capped at a limit (the excess is read and dropped) and keep-alive.
// Header strings of a response the parser forgets (Reset, SwapResult) are kept as spares and
// reused by the next response's headers, so a keep-alive connection's same-shaped responses
// allocate nothing once warm.
#pragma once

#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/http/headers.hpp"

namespace vigil::http {

struct ParserLimits {
  // Most header lines accepted. Default: 100.
  std::size_t max_headers = 100;
  // Most bytes of status line reason + header names + values. Default: 16 KiB.
  std::size_t max_header_bytes = 16 * 1024;
  // Most body bytes kept; later bytes are consumed and dropped, truncated() is set.
  // Default: 64 KiB.
  std::size_t max_body_bytes = 64 * 1024;
};

class ResponseParser {
 public:
  enum class State { kNeedMore, kComplete, kError };
  enum class Error { kNone, kProtocol, kTooLarge };

  explicit ResponseParser(ParserLimits limits = {});
  ResponseParser(const ResponseParser&) = delete;
  ResponseParser& operator=(const ResponseParser&) = delete;

  // Forgets everything and gets ready for the next response. head: the request was HEAD
  // (the response has no body whatever its headers say).
  void Reset(bool head = false);

  // Parses up to len bytes. Stops right after a complete response: *consumed (if given) says
  // how many bytes were used; the rest belongs to whatever follows. The parser copies what it
  // keeps; data may be freed after the call. Once kComplete or kError, Feed does nothing more.
  State Feed(const char* data, std::size_t len, std::size_t* consumed = nullptr);
  // The peer closed the connection: completes an EOF-delimited body, else an error
  // (unless the response was already complete).
  State FeedEof();

  State state() const { return state_; }
  Error error() const { return error_; }
  const std::string& error_message() const { return error_message_; }
  // True once any byte of a response was fed (tells "closed before answering" apart).
  bool started() const { return started_; }

  int status_code() const { return status_code_; }
  const Headers& headers() const { return headers_; }
  const std::string* header(std::string_view name) const { return FindHeader(headers_, name); }
  const std::string& body() const { return body_; }
  std::string TakeBody() { return std::move(body_); }
  Headers TakeHeaders() { return std::move(headers_); }
  // Exchanges this response's headers and body with *headers and *body: the caller gets them,
  // the parser keeps the caller's containers (whatever they held) to reuse their memory.
  // headers() and body() are empty afterwards.
  void SwapResult(Headers* headers, std::string* body);
  bool truncated() const { return truncated_; }
  // Total body bytes received, kept or not.
  std::uint64_t body_bytes() const { return body_bytes_; }
  // After kComplete: the connection may carry another request.
  bool keep_alive() const { return keep_alive_; }

 private:
  static int OnMessageBegin(llhttp_t* p);
  static int OnStatus(llhttp_t* p, const char* at, std::size_t len);
  static int OnHeaderField(llhttp_t* p, const char* at, std::size_t len);
  static int OnHeaderValue(llhttp_t* p, const char* at, std::size_t len);
  static int OnHeaderValueComplete(llhttp_t* p);
  static int OnHeadersComplete(llhttp_t* p);
  static int OnBody(llhttp_t* p, const char* at, std::size_t len);
  static int OnMessageComplete(llhttp_t* p);
  static const llhttp_settings_t& Settings();

  int Fail(Error e, std::string msg);
  bool CountHeaderBytes(std::size_t len);
  // Moves every header into spare_headers_ and empties headers_ (keeping its capacity).
  void RecycleHeaders();

  ParserLimits limits_;
  llhttp_t parser_;
  State state_ = State::kNeedMore;
  Error error_ = Error::kNone;
  std::string error_message_;
  bool head_ = false;
  bool started_ = false;
  bool in_value_ = false;
  int status_code_ = 0;
  Headers headers_;
  Headers spare_headers_;  // forgotten headers, last to be reused first; contents stale
  std::size_t header_bytes_ = 0;
  std::string body_;
  std::uint64_t body_bytes_ = 0;
  bool truncated_ = false;
  bool keep_alive_ = false;
};

}  // namespace vigil::http
