// String checks used by the declaration tables (see checks.hpp), and ParseHostPort.
#include "core/config/checks.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "core/config/config.hpp"

namespace vigil::config {
namespace {

bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool AllOf(std::string_view v, std::string_view extra) {
  return std::all_of(v.begin(), v.end(),
                     [&](char c) { return IsAlnum(c) || extra.find(c) != std::string_view::npos; });
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<int> ParsePort(std::string_view s) {
  int port = 0;
  if (s.empty() || s.size() > 5) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
  if (ec != std::errc() || end != s.data() + s.size() || port < 1 || port > 65535)
    return std::nullopt;
  return port;
}

}  // namespace

std::optional<HostPort> ParseHostPort(std::string_view text) {
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    if (host.empty() || !AllOf(host, ":.%")) return std::nullopt;
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.empty() || !AllOf(host, ".-_")) return std::nullopt;  // IPv6 needs brackets
  }
  auto p = ParsePort(port);
  if (!p) return std::nullopt;
  return HostPort{std::string(host), *p};
}

namespace detail {

const char* CheckNonEmpty(std::string_view v) {
  return v.empty() ? "must not be empty" : nullptr;
}

const char* CheckListen(std::string_view v) {
  return ParseHostPort(v) ? nullptr : "expected host:port with port 1..65535 (IPv6 as [addr]:port)";
}

const char* CheckInstanceName(std::string_view v) {
  if (v.empty() || v.size() > 128 || !AllOf(v, "._:-"))
    return "must be 1..128 characters of A-Z a-z 0-9 . _ : -";
  return nullptr;
}

const char* CheckWebhookId(std::string_view v) {
  if (v.empty() || v.size() > 64 || !AllOf(v, "._-"))
    return "must be 1..64 characters of A-Z a-z 0-9 . _ -";
  return nullptr;
}

const char* CheckUrl(std::string_view v) {
  std::string_view rest;
  if (v.starts_with("http://"))
    rest = v.substr(7);
  else if (v.starts_with("https://"))
    rest = v.substr(8);
  else
    return "must start with http:// or https://";
  if (std::any_of(v.begin(), v.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c < 0x20; }))
    return "must not contain spaces or control characters";
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  std::string_view host = authority;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return "has an unterminated [IPv6] host";
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && (after.front() != ':' || !ParsePort(after.substr(1))))
      return "has an invalid port";
  } else if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    if (!ParsePort(authority.substr(colon + 1))) return "has an invalid port";
  }
  if (host.empty()) return "must name a host";
  return nullptr;
}

const char* CheckHeaderName(std::string_view v) {
  if (v.empty() || !AllOf(v, "!#$%&'*+-.^_`|~")) return "not a valid header name";
  for (std::string_view owned :
       {"Content-Type", "Content-Length", "Host", "Connection", "Transfer-Encoding"})
    if (IEquals(v, owned)) return "reserved header";
  if (v.size() >= 10 && IEquals(v.substr(0, 10), "X-Webhook-")) return "reserved header";
  return nullptr;
}

const char* CheckHeaderValue(std::string_view v) {
  for (char c : v)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
      return "value must not contain control characters";
  return nullptr;
}

const char* CheckPluginName(std::string_view v) {
  if (v.empty() || v.size() > 64) return "must be 1..64 characters";
  for (char c : v)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return "may hold only a-z 0-9 _ -";
  return nullptr;
}

}  // namespace detail
}  // namespace vigil::config
