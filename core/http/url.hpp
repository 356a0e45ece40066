// Absolute http:// and https:// URLs, parsed once into the parts a client needs to connect
// (scheme, host, port) and to write the request line (target = path + query).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace vigil::http {

enum class Scheme : std::uint8_t { kHttp, kHttps };

struct Url {
  Scheme scheme = Scheme::kHttp;
  std::string host;          // lower-cased; an IPv6 literal without its brackets
  std::uint16_t port = 80;   // explicit, or 80 / 443 by scheme
  std::string target = "/";  // path + "?" + query; never empty; the fragment is dropped

  // Accepts "http://host[:port][/path][?query][#fragment]" (and https). Host may be a name, an
  // IPv4 literal or a bracketed IPv6 literal. Rejects user-info, empty hosts, bad ports, spaces
  // and control characters with Status::Invalid.
  static Result<Url> Parse(std::string_view text);

  bool tls() const { return scheme == Scheme::kHttps; }
  bool ipv6_literal() const { return host.find(':') != std::string::npos; }
  // True when host is an IPv4 or IPv6 literal (no DNS needed).
  bool ip_literal() const;
  std::uint16_t default_port() const { return tls() ? 443 : 80; }
  // "host" or "host:port" (brackets for IPv6), as the Host header wants it.
  std::string authority() const;
  // "https://host:port/target"
  std::string ToString() const;
  bool operator==(const Url&) const = default;
};

}  // namespace vigil::http
