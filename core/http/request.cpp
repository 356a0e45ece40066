// Request validation and HTTP/1.1 serialization into one contiguous buffer.
#include "core/http/request.hpp"

#include <array>
#include <charconv>
#include <string_view>

namespace vigil::http {
namespace {

// RFC 9110 tchar: ALPHA, DIGIT and !#$%&'*+-.^_`|~.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (unsigned char c : std::string_view("!#$%&'*+-.^_`|~")) t[c] = true;
  return t;
}();

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!kTokenChars[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

bool IsSafeValue(std::string_view s) {
  for (char c : s) {
    // One compare per byte on the common path: CR, LF and NUL are all below 14.
    if (static_cast<unsigned char>(c) < 14 && (c == '\r' || c == '\n' || c == '\0')) return false;
  }
  return true;
}

// Url::authority() appended in place (no temporary string per request).
void AppendAuthority(const Url& url, std::string* out) {
  if (url.ipv6_literal()) {
    out->append("[").append(url.host).append("]");
  } else {
    out->append(url.host);
  }
  if (url.port != url.default_port()) {
    char num[8];
    auto [end, ec] = std::to_chars(num, num + sizeof num, url.port);
    (void)ec;
    out->append(":").append(num, end);
  }
}

}  // namespace

Status Validate(const Request& req) {
  if (!IsToken(req.method)) return Status::Invalid("invalid HTTP method '" + req.method + "'");
  if (req.url.host.empty()) return Status::Invalid("request has no URL host");
  if (req.url.target.empty() || (req.url.target.front() != '/') || !IsSafeValue(req.url.target)) {
    return Status::Invalid("invalid request target");
  }
  for (const auto& [name, value] : req.headers) {
    if (!IsToken(name)) return Status::Invalid("invalid header name '" + name + "'");
    if (!IsSafeValue(value)) return Status::Invalid("header '" + name + "' has CR, LF or NUL");
    if (EqualsNoCase(name, "content-length") || EqualsNoCase(name, "transfer-encoding") ||
        EqualsNoCase(name, "connection")) {
      return Status::Invalid("header '" + name + "' is set by the HTTP client");
    }
  }
  return Status::Ok();
}

Status SerializeTo(const Request& req, std::string* out) {
  Status st = Validate(req);
  if (!st.ok()) return st;
  std::size_t need =
      req.method.size() + req.url.target.size() + req.url.host.size() + 96 + req.body.size();
  for (const auto& [n, v] : req.headers) need += n.size() + v.size() + 4;
  out->reserve(out->size() + need);

  out->append(req.method).append(" ").append(req.url.target).append(" HTTP/1.1\r\n");
  if (!FindHeader(req.headers, "host")) {
    out->append("Host: ");
    AppendAuthority(req.url, out);
    out->append("\r\n");
  }
  for (const auto& [n, v] : req.headers) out->append(n).append(": ").append(v).append("\r\n");
  char num[24];
  auto [end, ec] = std::to_chars(num, num + sizeof num, req.body.size());
  (void)ec;
  out->append("Content-Length: ").append(num, end).append("\r\nConnection: keep-alive\r\n\r\n");
  out->append(req.body);
  return Status::Ok();
}

Result<std::string> Serialize(const Request& req) {
  std::string out;
  Status st = SerializeTo(req, &out);
  if (!st.ok()) return st;
  return out;
}

}  // namespace vigil::http
