// RequestParser: llhttp callbacks copying the request into bounded buffers; the first limit
// crossed decides the error status (431/414 for the head, 413 for the body, 400 otherwise).
#include "core/http/server_parser.hpp"

namespace vigil::http {
namespace {

RequestParser* Self(llhttp_t* p) {
  return static_cast<RequestParser*>(p->data);
}

}  // namespace

const llhttp_settings_t& RequestParser::Settings() {
  static const llhttp_settings_t settings = [] {
    llhttp_settings_t s;
    llhttp_settings_init(&s);
    s.on_message_begin = &RequestParser::OnMessageBegin;
    s.on_url = &RequestParser::OnUrl;
    s.on_header_field = &RequestParser::OnHeaderField;
    s.on_header_value = &RequestParser::OnHeaderValue;
    s.on_header_value_complete = &RequestParser::OnHeaderValueComplete;
    s.on_headers_complete = &RequestParser::OnHeadersComplete;
    s.on_body = &RequestParser::OnBody;
    s.on_message_complete = &RequestParser::OnMessageComplete;
    return s;
  }();
  return settings;
}

RequestParser::RequestParser(RequestLimits limits) : limits_(limits) {
  llhttp_init(&parser_, HTTP_REQUEST, &Settings());
  parser_.data = this;
}

int RequestParser::Fail(int status, std::string message) {
  error_status_ = status;
  error_message_ = std::move(message);
  return -1;
}

bool RequestParser::CountHeaderBytes(std::size_t len) {
  header_bytes_ += len;
  return header_bytes_ <= limits_.max_header_bytes;
}

int RequestParser::OnMessageBegin(llhttp_t* p) {
  Self(p)->started_ = true;
  return 0;
}

int RequestParser::OnUrl(llhttp_t* p, const char* at, std::size_t len) {
  RequestParser* self = Self(p);
  if (!self->CountHeaderBytes(len)) {
    return self->Fail(
        414, "request target over " + std::to_string(self->limits_.max_header_bytes) + " bytes");
  }
  self->req_.target.append(at, len);
  return 0;
}

int RequestParser::OnHeaderField(llhttp_t* p, const char* at, std::size_t len) {
  RequestParser* self = Self(p);
  if (!self->CountHeaderBytes(len)) {
    return self->Fail(
        431, "request headers over " + std::to_string(self->limits_.max_header_bytes) + " bytes");
  }
  Headers& h = self->req_.headers;
  if (h.empty() || self->in_value_) {
    if (h.size() >= self->limits_.max_headers) {
      return self->Fail(431, "more than " + std::to_string(self->limits_.max_headers) + " headers");
    }
    h.emplace_back();
    self->in_value_ = false;
  }
  h.back().first.append(at, len);
  return 0;
}

int RequestParser::OnHeaderValue(llhttp_t* p, const char* at, std::size_t len) {
  RequestParser* self = Self(p);
  if (!self->CountHeaderBytes(len)) {
    return self->Fail(
        431, "request headers over " + std::to_string(self->limits_.max_header_bytes) + " bytes");
  }
  self->in_value_ = true;
  self->req_.headers.back().second.append(at, len);
  return 0;
}

int RequestParser::OnHeaderValueComplete(llhttp_t* p) {
  Self(p)->in_value_ = true;  // an empty value never calls on_header_value
  return 0;
}

int RequestParser::OnHeadersComplete(llhttp_t* p) {
  RequestParser* self = Self(p);
  ServerRequest& r = self->req_;
  self->head_complete_ = true;
  r.method = llhttp_method_name(static_cast<llhttp_method_t>(p->method));
  r.http_minor = p->http_minor;
  std::string_view target = r.target;
  std::size_t q = target.find('?');
  r.path.assign(target.substr(0, q));
  if (q != std::string_view::npos) r.query = ParseQuery(target.substr(q + 1));
  self->is_head_ = p->method == HTTP_HEAD;
  if ((p->flags & F_CONTENT_LENGTH) && p->content_length > self->limits_.max_body_bytes) {
    return self->Fail(
        413, "request body over " + std::to_string(self->limits_.max_body_bytes) + " bytes");
  }
  bool has_body = (p->flags & F_CHUNKED) || ((p->flags & F_CONTENT_LENGTH) && p->content_length);
  const std::string* expect = r.header("Expect");
  self->expects_continue_ = has_body && p->http_major == 1 && p->http_minor >= 1 && expect &&
                            EqualsNoCase(*expect, "100-continue");
  return 0;
}

int RequestParser::OnBody(llhttp_t* p, const char* at, std::size_t len) {
  RequestParser* self = Self(p);
  if (len > self->limits_.max_body_bytes - self->req_.body.size()) {
    return self->Fail(
        413, "request body over " + std::to_string(self->limits_.max_body_bytes) + " bytes");
  }
  self->req_.body.append(at, len);
  return 0;
}

int RequestParser::OnMessageComplete(llhttp_t* p) {
  RequestParser* self = Self(p);
  self->upgrade_ = p->upgrade != 0;
  self->req_.keep_alive = llhttp_should_keep_alive(p) != 0 && !self->upgrade_;
  self->state_ = State::kComplete;
  return HPE_PAUSED;  // one request per Feed: what follows belongs to the next one
}

RequestParser::State RequestParser::Feed(const char* data, std::size_t len, std::size_t* consumed) {
  *consumed = 0;
  if (state_ != State::kNeedMore || len == 0) return state_;
  llhttp_errno_t err = llhttp_execute(&parser_, data, len);
  if (err == HPE_OK) {
    *consumed = len;
    return state_;
  }
  if ((err == HPE_PAUSED || err == HPE_PAUSED_UPGRADE) && state_ == State::kComplete) {
    *consumed = static_cast<std::size_t>(llhttp_get_error_pos(&parser_) - data);
    return state_;
  }
  if (error_status_ == 0) {
    const char* reason = llhttp_get_error_reason(&parser_);
    error_status_ = 400;
    error_message_ =
        std::string("malformed request: ") + (reason ? reason : llhttp_errno_name(err));
  }
  state_ = State::kError;
  const char* pos = llhttp_get_error_pos(&parser_);
  *consumed = pos && pos >= data && pos <= data + len ? static_cast<std::size_t>(pos - data) : len;
  return state_;
}

ServerRequest RequestParser::Take() {
  ServerRequest out = std::move(req_);
  req_ = ServerRequest{};
  header_bytes_ = 0;
  started_ = head_complete_ = in_value_ = expects_continue_ = is_head_ = false;
  if (state_ == State::kComplete) {
    state_ = State::kNeedMore;
    if (upgrade_) {
      state_ = State::kError;  // nothing after an upgrade request is HTTP/1.1
      error_status_ = 400;
      error_message_ = "protocol upgrade not supported";
    } else {
      llhttp_resume(&parser_);
    }
  }
  return out;
}

}  // namespace vigil::http
