// Response serialization for the HTTP server, with a Date header cached per second.
#include "core/http/server_response.hpp"

#include <charconv>
#include <ctime>

#include "core/util/json_writer.hpp"

namespace vigil::http {
namespace {

bool CleanToken(std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

void AppendNumber(std::string* out, std::size_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

// "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", formatted at most once per second.
void AppendDate(std::string* out) {
  static std::time_t cached_at = 0;
  static char cached[64];
  static std::size_t cached_len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_at || cached_len == 0) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    cached_len = std::strftime(cached, sizeof cached, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached_at = now;
  }
  out->append(cached, cached_len);
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

std::string JsonErrorBody(std::string_view message) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("error", message).key("field").null().end_object();
  return out;
}

bool AsksToClose(const Headers& headers) {
  for (const auto& [n, v] : headers) {
    if (EqualsNoCase(n, "Connection") && EqualsNoCase(v, "close")) return true;
  }
  return false;
}

void SerializeResponse(int status, const Headers& headers, std::string_view content_type,
                       std::string_view body, const ResponseFraming& framing, std::string* out) {
  if (status < 200 || status > 999) status = 500;
  bool no_body = status == 204 || status == 304;
  std::string_view reason = ReasonPhrase(status);
  out->reserve(out->size() + 128 + body.size() + headers.size() * 32);
  out->append("HTTP/1.1 ");
  AppendNumber(out, static_cast<std::size_t>(status));
  out->push_back(' ');
  out->append(reason);
  out->append("\r\n");
  AppendDate(out);
  if (!framing.keep_alive) {
    out->append("Connection: close\r\n");
  } else if (framing.http_minor == 0) {
    out->append("Connection: keep-alive\r\n");
  }
  if (!content_type.empty() && CleanToken(content_type) && !no_body) {
    out->append("Content-Type: ");
    out->append(content_type);
    out->append("\r\n");
  }
  if (!no_body) {
    out->append("Content-Length: ");
    AppendNumber(out, body.size());
    out->append("\r\n");
  }
  for (const auto& [n, v] : headers) {
    if (n.empty() || !CleanToken(n) || !CleanToken(v) || EqualsNoCase(n, "Content-Length") ||
        EqualsNoCase(n, "Transfer-Encoding") || EqualsNoCase(n, "Connection") ||
        (!content_type.empty() && EqualsNoCase(n, "Content-Type"))) {
      continue;
    }
    out->append(n);
    out->append(": ");
    out->append(v);
    out->append("\r\n");
  }
  out->append("\r\n");
  if (!no_body && !framing.head_request) out->append(body);
}

}  // namespace vigil::http
