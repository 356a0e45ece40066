// ParseRetryAfterMs: digits, or an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT".
#include "core/http/retry_after.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace vigil::http {

std::optional<std::int64_t> ParseRetryAfterMs(std::string_view v, std::int64_t now_unix_ms) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  if (v.front() >= '0' && v.front() <= '9') {
    std::int64_t secs = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
    if (ec == std::errc::result_out_of_range) return kMaxRetryAfterMs;
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return std::min<std::int64_t>(secs, kMaxRetryAfterMs / 1000) * 1000;
  }
  std::tm tm{};
  std::string s(v);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  std::int64_t at_ms = static_cast<std::int64_t>(timegm(&tm)) * 1000;
  return std::clamp<std::int64_t>(at_ms - now_unix_ms, 0, kMaxRetryAfterMs);
}

}  // namespace vigil::http
