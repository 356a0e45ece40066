// MatchRoute: splits the path into segments and scores each fitting pattern by its literals.
#include "core/api/router.hpp"

#include "core/http/server_request.hpp"

namespace vigil::api {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    std::size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

// Number of literal segments when pattern fits the path's segments, else -1.
int Fit(const std::vector<std::string_view>& pattern, const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) return -1;
  int literals = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].starts_with(':')) continue;
    if (pattern[i] != path[i]) return -1;
    ++literals;
  }
  return literals;
}

}  // namespace

RouteMatch MatchRoute(const std::vector<RouteSpec>& routes, std::string_view method,
                      std::string_view path) {
  if (method == "HEAD") method = "GET";
  std::vector<std::string_view> segs = Split(path);
  int best = -1;
  std::string_view best_pattern;
  for (const auto& r : routes) {
    int fit = Fit(Split(r.pattern), segs);
    if (fit > best) {
      best = fit;
      best_pattern = r.pattern;
    }
  }
  RouteMatch m;
  if (best < 0) return m;
  for (const auto& r : routes) {
    if (r.pattern != best_pattern) continue;
    if (r.method == method) {
      m.kind = RouteMatch::Kind::kFound;
      m.route = &r;
      std::vector<std::string_view> pat = Split(r.pattern);
      for (std::size_t i = 0; i < pat.size(); ++i)
        if (pat[i].starts_with(':')) m.params.push_back(http::PercentDecode(segs[i]));
      return m;
    }
    m.allow += (m.allow.empty() ? "" : ", ") + std::string(r.method);
  }
  m.kind = RouteMatch::Kind::kMethodNotAllowed;
  if (m.allow.find("GET") != std::string::npos) m.allow += ", HEAD";
  return m;
}

}  // namespace vigil::api
