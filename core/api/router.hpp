// Route matching for the REST API: patterns like "/webhooks/:id/deliveries" matched segment by
// segment, literal segments before parameters, with 404 and 405 (+ the Allow list) decided here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::api {

struct Call;

// One route: method, pattern (":name" segments capture), and the function that answers it.
struct RouteSpec {
  std::string_view method;   // "GET", "POST", "PUT", "DELETE"
  std::string_view pattern;  // "/webhooks/:id"
  std::string_view summary;  // one line, for the OpenAPI document and docs
  bool json_body = false;    // requires Content-Type: application/json (415 otherwise)
  void (*handler)(Call&) = nullptr;
};

struct RouteMatch {
  enum class Kind { kFound, kMethodNotAllowed, kNotFound };
  Kind kind = Kind::kNotFound;
  const RouteSpec* route = nullptr;  // kFound
  std::vector<std::string> params;   // kFound: captured segments, percent-decoded, in order
  std::string allow;                 // kMethodNotAllowed: "GET, PUT, DELETE"
};

// Matches method (HEAD counts as GET) and raw path against routes. Among the patterns that fit
// the path, the one with the most literal segments (then the earliest) decides: its methods
// answer or give 405. A trailing slash is ignored ("/webhooks/" is "/webhooks").
RouteMatch MatchRoute(const std::vector<RouteSpec>& routes, std::string_view method,
                      std::string_view path);

}  // namespace vigil::api
