// A request as the HTTP server hands it to its handler: method, raw target and path, the
// percent-decoded query, headers, body, peer and keep-alive.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http/headers.hpp"

namespace vigil::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct ServerRequest {
  std::string method;      // as sent, e.g. "GET"
  std::string target;      // request target as sent, e.g. "/v1/alerts?state=firing"
  std::string path;        // target up to '?', raw (not percent-decoded)
  QueryParams query;       // name/value pairs after '?', in order, percent- and '+'-decoded
  Headers headers;         // in order; look up with header()
  std::string body;        // de-chunked
  std::string peer;        // "127.0.0.1:51234" or "[::1]:51234"
  int http_minor = 1;      // 1 for HTTP/1.1, 0 for HTTP/1.0
  bool keep_alive = true;  // the connection stays open after the answer (if nothing fails)

  // First header of that name (any case), or nullptr.
  const std::string* header(std::string_view name) const { return FindHeader(headers, name); }
  // First query parameter of that (decoded, exact) name, or nullptr.
  const std::string* query_param(std::string_view name) const;
};

// Decodes %XX escapes (and '+' as space when plus_is_space). A malformed escape is kept
// literally ("%zz" stays "%zz"): decoding never fails.
std::string PercentDecode(std::string_view s, bool plus_is_space = false);
// Splits "a=1&b=x%20y&c" into {{"a","1"},{"b","x y"},{"c",""}}; empty pieces are skipped.
QueryParams ParseQuery(std::string_view query);

}  // namespace vigil::http
