// ResponseParser: llhttp callbacks that copy what we keep into bounded buffers.
#include "core/http/response_parser.hpp"

#include <algorithm>

namespace vigil::http {
namespace {

ResponseParser* Self(llhttp_t* p) {
  return static_cast<ResponseParser*>(p->data);
}

}  // namespace

const llhttp_settings_t& ResponseParser::Settings() {
  static const llhttp_settings_t settings = [] {
    llhttp_settings_t s;
    llhttp_settings_init(&s);
    s.on_message_begin = &ResponseParser::OnMessageBegin;
    s.on_status = &ResponseParser::OnStatus;
    s.on_header_field = &ResponseParser::OnHeaderField;
    s.on_header_value = &ResponseParser::OnHeaderValue;
    s.on_header_value_complete = &ResponseParser::OnHeaderValueComplete;
    s.on_headers_complete = &ResponseParser::OnHeadersComplete;
    s.on_body = &ResponseParser::OnBody;
    s.on_message_complete = &ResponseParser::OnMessageComplete;
    return s;
  }();
  return settings;
}

ResponseParser::ResponseParser(ParserLimits limits) : limits_(limits) {
  Reset();
}

void ResponseParser::Reset(bool head) {
  llhttp_init(&parser_, HTTP_RESPONSE, &Settings());
  parser_.data = this;
  state_ = State::kNeedMore;
  error_ = Error::kNone;
  error_message_.clear();
  head_ = head;
  started_ = false;
  in_value_ = false;
  status_code_ = 0;
  RecycleHeaders();
  header_bytes_ = 0;
  body_.clear();
  body_bytes_ = 0;
  truncated_ = false;
  keep_alive_ = false;
}

void ResponseParser::RecycleHeaders() {
  // In reverse, so the first header is reused first: a same-shaped response then gets each
  // string back at the same position, with capacity enough for it. No more spares than one
  // response may have headers.
  for (auto it = headers_.rbegin(); it != headers_.rend(); ++it) {
    if (spare_headers_.size() >= limits_.max_headers) break;
    spare_headers_.push_back(std::move(*it));
  }
  headers_.clear();
}

void ResponseParser::SwapResult(Headers* headers, std::string* body) {
  headers_.swap(*headers);
  RecycleHeaders();
  body_.swap(*body);
  body_.clear();
}

int ResponseParser::Fail(Error e, std::string msg) {
  error_ = e;
  error_message_ = std::move(msg);
  return -1;
}

bool ResponseParser::CountHeaderBytes(std::size_t len) {
  header_bytes_ += len;
  return header_bytes_ <= limits_.max_header_bytes;
}

int ResponseParser::OnMessageBegin(llhttp_t* p) {
  Self(p)->started_ = true;
  return 0;
}

int ResponseParser::OnStatus(llhttp_t* p, const char*, std::size_t len) {
  ResponseParser* self = Self(p);
  if (!self->CountHeaderBytes(len)) return self->Fail(Error::kTooLarge, "status line too long");
  return 0;
}

int ResponseParser::OnHeaderField(llhttp_t* p, const char* at, std::size_t len) {
  ResponseParser* self = Self(p);
  if (!self->CountHeaderBytes(len)) {
    return self->Fail(
        Error::kTooLarge,
        "response headers exceed " + std::to_string(self->limits_.max_header_bytes) + " bytes");
  }
  if (self->headers_.empty() || self->in_value_) {
    if (self->headers_.size() >= self->limits_.max_headers) {
      return self->Fail(Error::kTooLarge, "more than " + std::to_string(self->limits_.max_headers) +
                                              " response headers");
    }
    // One allocation for a typical response's headers instead of growing 1, 2, 4, 8 (the
    // vector is handed over with the response, so each response starts from none).
    if (self->headers_.capacity() == 0) {
      self->headers_.reserve(std::min<std::size_t>(8, self->limits_.max_headers));
    }
    if (self->spare_headers_.empty()) {
      self->headers_.emplace_back();
    } else {
      Header& h = self->headers_.emplace_back(std::move(self->spare_headers_.back()));
      self->spare_headers_.pop_back();
      h.first.clear();
      h.second.clear();
    }
    self->in_value_ = false;
  }
  self->headers_.back().first.append(at, len);
  return 0;
}

int ResponseParser::OnHeaderValue(llhttp_t* p, const char* at, std::size_t len) {
  ResponseParser* self = Self(p);
  if (!self->CountHeaderBytes(len)) {
    return self->Fail(
        Error::kTooLarge,
        "response headers exceed " + std::to_string(self->limits_.max_header_bytes) + " bytes");
  }
  self->in_value_ = true;
  self->headers_.back().second.append(at, len);
  return 0;
}

int ResponseParser::OnHeaderValueComplete(llhttp_t* p) {
  // An empty value never calls on_header_value: mark the field done here too.
  Self(p)->in_value_ = true;
  return 0;
}

int ResponseParser::OnHeadersComplete(llhttp_t* p) {
  ResponseParser* self = Self(p);
  self->status_code_ = p->status_code;
  // HEAD, 1xx, 204 and 304 responses never carry a body, whatever their Content-Length says
  // (llhttp would otherwise read one for a 304 that announces a length).
  int code = self->status_code_;
  bool no_body = self->head_ || code == 204 || code == 304 || (code >= 100 && code < 200);
  return no_body ? 1 : 0;
}

int ResponseParser::OnBody(llhttp_t* p, const char* at, std::size_t len) {
  ResponseParser* self = Self(p);
  self->body_bytes_ += len;
  std::size_t room = self->limits_.max_body_bytes - self->body_.size();
  if (len > room) {
    self->truncated_ = true;
    len = room;
  }
  self->body_.append(at, len);
  return 0;
}

int ResponseParser::OnMessageComplete(llhttp_t* p) {
  ResponseParser* self = Self(p);
  int code = p->status_code;
  if (code >= 100 && code < 200 && code != 101) {
    // An interim response (100 Continue, 103 Early Hints): forget it and wait for the final one.
    self->RecycleHeaders();
    self->header_bytes_ = 0;
    self->in_value_ = false;
    self->status_code_ = 0;
    return 0;
  }
  self->keep_alive_ = llhttp_should_keep_alive(p) != 0;
  self->state_ = State::kComplete;
  return HPE_PAUSED;  // stop right here: what follows is not part of this response
}

ResponseParser::State ResponseParser::Feed(const char* data, std::size_t len,
                                           std::size_t* consumed) {
  if (consumed) *consumed = 0;
  if (state_ != State::kNeedMore || len == 0) return state_;
  llhttp_errno_t err = llhttp_execute(&parser_, data, len);
  if (err == HPE_OK) {
    if (consumed) *consumed = len;
    return state_;
  }
  if (err == HPE_PAUSED && state_ == State::kComplete) {
    if (consumed) *consumed = static_cast<std::size_t>(llhttp_get_error_pos(&parser_) - data);
    return state_;
  }
  if (err == HPE_PAUSED_UPGRADE) {
    error_ = Error::kProtocol;
    error_message_ = "unexpected protocol upgrade";
  } else if (error_ == Error::kNone) {
    error_ = Error::kProtocol;
    error_message_ = std::string("malformed HTTP response: ") + llhttp_errno_name(err) + " (" +
                     (llhttp_get_error_reason(&parser_) ? llhttp_get_error_reason(&parser_) : "") +
                     ")";
  }
  state_ = State::kError;
  if (consumed) {
    const char* pos = llhttp_get_error_pos(&parser_);
    *consumed = pos ? static_cast<std::size_t>(pos - data) : len;
  }
  return state_;
}

ResponseParser::State ResponseParser::FeedEof() {
  if (state_ != State::kNeedMore) return state_;
  if (!started_) {
    error_ = Error::kProtocol;
    error_message_ = "connection closed before any response byte";
    state_ = State::kError;
    return state_;
  }
  llhttp_errno_t err = llhttp_finish(&parser_);
  if ((err == HPE_OK || err == HPE_PAUSED) && state_ == State::kComplete) {
    keep_alive_ = false;
    return state_;
  }
  error_ = Error::kProtocol;
  error_message_ = "connection closed in the middle of the response";
  state_ = State::kError;
  return state_;
}

}  // namespace vigil::http
