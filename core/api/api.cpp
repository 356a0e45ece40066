// Api::Handle: auth, route match (404/405), content type (415), then the route's handler.
#include "core/api/api.hpp"

#include <cctype>

namespace vigil::api {
namespace {

// Compares without an early exit, so the time taken does not tell how much of a token matched.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

bool IsJsonContentType(const std::string* ct) {
  if (ct == nullptr) return false;
  std::string_view v = *ct;
  v = v.substr(0, v.find(';'));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return http::EqualsNoCase(v, "application/json");
}

}  // namespace

Api::Api(app::Control& control, ApiOptions options)
    : control_(control), options_(std::move(options)) {}

bool Api::Authorized(const http::ServerRequest& req) const {
  if (options_.token.empty()) return true;
  const std::string* h = req.header("Authorization");
  if (h == nullptr) return false;
  std::string_view v = *h;
  if (v.size() < 7 || !http::EqualsNoCase(v.substr(0, 7), "Bearer ")) return false;
  v.remove_prefix(7);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return SameSecret(v, options_.token);
}

void Api::Handle(const http::ServerRequest& req, http::Responder responder) {
  RouteMatch m = MatchRoute(Routes(), req.method, req.path);
  bool open = m.route != nullptr && m.route->pattern == "/health";
  if (!open && !Authorized(req)) {
    SendError(responder, 401, "missing or wrong bearer token (Authorization: Bearer <token>)", {},
              {{"WWW-Authenticate", "Bearer"}});
    return;
  }
  if (m.kind == RouteMatch::Kind::kNotFound) {
    SendError(responder, 404, "no such route: " + req.path);
    return;
  }
  if (m.kind == RouteMatch::Kind::kMethodNotAllowed) {
    SendError(responder, 405, "method " + req.method + " not allowed on " + req.path, {},
              {{"Allow", m.allow}});
    return;
  }
  const std::string* ct = req.header("Content-Type");
  bool needs_json = m.route->json_body || !req.body.empty();
  if (needs_json && (m.route->method == "POST" || m.route->method == "PUT") &&
      !IsJsonContentType(ct)) {
    SendError(responder, 415, "Content-Type must be application/json");
    return;
  }
  Call call{req, std::make_shared<http::Responder>(std::move(responder)), std::move(m.params),
            control_, state_};
  m.route->handler(call);
}

}  // namespace vigil::api
