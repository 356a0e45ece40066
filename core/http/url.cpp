// Url::Parse: a strict, allocation-light parser for the absolute URLs vigil posts to.
#include "core/http/url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace vigil::http {
namespace {

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

Result<Url> Url::Parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Status::Invalid("invalid URL '" + std::string(text.substr(0, 200)) +
                           "': " + std::string(why));
  };
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return bad("contains a space or control character");
    }
  }
  Url url;
  std::string_view rest;
  if (StartsWithNoCase(text, "http://")) {
    url.scheme = Scheme::kHttp;
    rest = text.substr(7);
  } else if (StartsWithNoCase(text, "https://")) {
    url.scheme = Scheme::kHttps;
    rest = text.substr(8);
  } else {
    return bad("scheme must be http:// or https://");
  }
  // Authority ends at the first '/', '?' or '#'.
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (authority.find('@') != std::string_view::npos) return bad("user-info is not supported");
  if (authority.empty()) return bad("empty host");

  std::string_view host;
  std::string_view port;
  if (authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 literal");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after IPv6 literal");
      port = after.substr(1);
      if (port.empty()) return bad("empty port");
    }
    in6_addr a6;
    if (host.empty() || host.size() >= 64 ||
        inet_pton(AF_INET6, std::string(host).c_str(), &a6) != 1) {
      return bad("invalid IPv6 literal");
    }
  } else {
    std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return bad("empty port");
    }
    if (host.empty()) return bad("empty host");
    if (host.size() > 253) return bad("host name too long");
    if (!std::all_of(host.begin(), host.end(), IsHostChar)) return bad("invalid host name");
  }
  url.host = Lower(host);
  url.port = url.default_port();
  if (!port.empty()) {
    if (port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad("invalid port");
    }
    unsigned long p = std::stoul(std::string(port));
    if (p == 0 || p > 65535) return bad("port out of range");
    url.port = static_cast<std::uint16_t>(p);
  }
  std::string_view target = tail.substr(0, tail.find('#'));
  if (target.empty()) {
    url.target = "/";
  } else if (target.front() == '?') {
    url.target = "/" + std::string(target);
  } else {
    url.target = std::string(target);
  }
  return url;
}

bool Url::ip_literal() const {
  if (ipv6_literal()) return true;
  in_addr a4;
  return inet_pton(AF_INET, host.c_str(), &a4) == 1;
}

std::string Url::authority() const {
  std::string out = ipv6_literal() ? "[" + host + "]" : host;
  if (port != default_port()) out += ":" + std::to_string(port);
  return out;
}

std::string Url::ToString() const {
  return std::string(tls() ? "https://" : "http://") + authority() + target;
}

}  // namespace vigil::http
