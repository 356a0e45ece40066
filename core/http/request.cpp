// Request validation and HTTP/1.1 serialization into one contiguous buffer, sized once and
// written with memcpy (no append per piece).
#include "core/http/request.hpp"

#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
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

// Eight bytes at a time: only a byte below 14 can be CR, LF or NUL, and one word test finds
// whether any of the eight is (the exact check runs only for such a word: rare in headers).
bool IsSafeValue(std::string_view s) {
  auto bad = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    if (((x - kOnes * 14) & ~x & kHigh) == 0) continue;
    for (int i = 0; i < 8; ++i) {
      if (bad(p[i])) return false;
    }
  }
  for (; n > 0; ++p, --n) {
    if (bad(*p)) return false;
  }
  return true;
}

// Url::authority() written in place (no temporary string per request).
std::size_t AuthoritySize(const Url& url, char* port, std::size_t* port_len) {
  *port_len = 0;
  if (url.port != url.default_port()) {
    auto [end, ec] = std::to_chars(port, port + 8, url.port);
    (void)ec;
    *port_len = static_cast<std::size_t>(end - port);
  }
  return url.host.size() + (url.ipv6_literal() ? 2 : 0) + (*port_len ? 1 + *port_len : 0);
}

// Writes pieces into a buffer sized for them beforehand: one bounds check per request instead
// of one per append.
class Cursor {
 public:
  explicit Cursor(char* p) : p_(p) {}
  Cursor& operator<<(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
    return *this;
  }
  char* get() const { return p_; }

 private:
  char* p_;
};

// Validate(), and whether req.headers has a Host header, in one pass over the headers.
Status Check(const Request& req, bool* has_host) {
  *has_host = false;
  if (!IsToken(req.method)) return Status::Invalid("invalid HTTP method '" + req.method + "'");
  if (req.url.host.empty()) return Status::Invalid("request has no URL host");
  if (req.url.target.empty() || (req.url.target.front() != '/') || !IsSafeValue(req.url.target)) {
    return Status::Invalid("invalid request target");
  }
  for (const auto& [name, value] : req.headers) {
    if (!IsToken(name)) return Status::Invalid("invalid header name '" + name + "'");
    if (!IsSafeValue(value)) return Status::Invalid("header '" + name + "' has CR, LF or NUL");
    bool owned = false;
    switch (name.size()) {  // compare only names of the right length
      case 4:
        if (EqualsNoCase(name, "host")) *has_host = true;
        break;
      case 10:
        owned = EqualsNoCase(name, "connection");
        break;
      case 14:
        owned = EqualsNoCase(name, "content-length");
        break;
      case 17:
        owned = EqualsNoCase(name, "transfer-encoding");
        break;
      default:
        break;
    }
    if (owned) return Status::Invalid("header '" + name + "' is set by the HTTP client");
  }
  return Status::Ok();
}

}  // namespace

Status Validate(const Request& req) {
  bool has_host = false;
  return Check(req, &has_host);
}

Status SerializeTo(const Request& req, std::string* out) {
  bool has_host = false;
  Status st = Check(req, &has_host);
  if (!st.ok()) return st;
  constexpr std::string_view kVersion = " HTTP/1.1\r\n";
  constexpr std::string_view kHost = "Host: ";
  constexpr std::string_view kLength = "Content-Length: ";
  constexpr std::string_view kEnd = "\r\nConnection: keep-alive\r\n\r\n";
  char port[8];
  std::size_t port_len = 0;
  std::size_t authority = has_host ? 0 : AuthoritySize(req.url, port, &port_len);
  char length[24];
  auto [length_end, ec] = std::to_chars(length, length + sizeof length, req.body.size());
  (void)ec;
  std::string_view length_text(length, static_cast<std::size_t>(length_end - length));

  std::size_t size = req.method.size() + 1 + req.url.target.size() + kVersion.size() +
                     (has_host ? 0 : kHost.size() + authority + 2) + kLength.size() +
                     length_text.size() + kEnd.size() + req.body.size();
  for (const auto& [n, v] : req.headers) size += n.size() + 2 + v.size() + 2;
  std::size_t at = out->size();
  out->resize(at + size);
  Cursor w(out->data() + at);
  w << req.method << " " << req.url.target << kVersion;
  if (!has_host) {
    w << kHost;
    if (req.url.ipv6_literal()) {
      w << "[" << req.url.host << "]";
    } else {
      w << req.url.host;
    }
    if (port_len) w << ":" << std::string_view(port, port_len);
    w << "\r\n";
  }
  for (const auto& [n, v] : req.headers) w << n << ": " << v << "\r\n";
  w << kLength << length_text << kEnd << req.body;
  assert(w.get() == out->data() + out->size());
  return Status::Ok();
}

Result<std::string> Serialize(const Request& req) {
  std::string out;
  Status st = SerializeTo(req, &out);
  if (!st.ok()) return st;
  return out;
}

}  // namespace vigil::http
