// Faults: parsing fault rules and handing them out request by request.
#include "tools/sinkd/faults.hpp"

#include <charconv>

namespace sinkd {
namespace {

bool ToInt(std::string_view s, std::int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

bool Faults::AddFromQuery(std::string_view q, std::string* error) {
  std::string path;
  Fault f;
  while (!q.empty()) {
    std::size_t amp = q.find('&');
    std::string_view kv = q.substr(0, amp);
    q.remove_prefix(amp == std::string_view::npos ? q.size() : amp + 1);
    std::size_t eq = kv.find('=');
    std::string_view k = kv.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? "" : kv.substr(eq + 1);
    std::int64_t n = 0;
    if (k == "path") {
      path = std::string(v);
    } else if (k == "mode") {
      if (v == "reset")
        f.mode = FaultMode::kReset;
      else if (v == "hang")
        f.mode = FaultMode::kHang;
      else if (v == "status")
        f.mode = FaultMode::kStatus;
      else
        return *error = "mode: status|reset|hang", false;
    } else if ((k == "status" || k == "count" || k == "delay_ms") && ToInt(v, &n)) {
      if (k == "status") f.status = static_cast<int>(n);
      if (k == "count") f.count = n;
      if (k == "delay_ms") f.delay_ms = static_cast<std::uint64_t>(n);
    } else {
      return *error = "bad parameter " + std::string(k), false;
    }
  }
  if (path.empty()) return *error = "path= is required", false;
  if (f.status < 100 || f.status > 599) return *error = "status: 100..599", false;
  if (f.count == 0)
    rules_.erase(path);
  else
    rules_[path] = f;
  return true;
}

bool Faults::AddFromFlag(std::string_view spec) {
  std::size_t c1 = spec.find(':');
  if (c1 == std::string_view::npos) return false;
  std::size_t c2 = spec.find(':', c1 + 1);
  std::string q = "path=" + std::string(spec.substr(0, c1)) +
                  "&status=" + std::string(spec.substr(c1 + 1, c2 - c1 - 1));
  if (c2 != std::string_view::npos) q += "&count=" + std::string(spec.substr(c2 + 1));
  std::string err;
  return AddFromQuery(q, &err);
}

std::optional<Fault> Faults::Take(std::string_view path) {
  if (rules_.empty()) return std::nullopt;
  auto it = rules_.find(path);
  if (it == rules_.end()) return std::nullopt;
  Fault f = it->second;
  if (it->second.count > 0 && --it->second.count == 0) rules_.erase(it);
  return f;
}

}  // namespace sinkd
