// Backoff, Retry-After parsing and response classification.
#include "core/deliver/retry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace vigil::deliver {

std::int64_t RetryDelayCeilingMs(const config::RetryPolicy& p, std::uint32_t retry) {
  double d = static_cast<double>(p.initial_delay_ms) *
             std::pow(p.backoff_multiplier, static_cast<double>(retry > 0 ? retry - 1 : 0));
  if (!(d < static_cast<double>(p.max_delay_ms))) return p.max_delay_ms;
  return static_cast<std::int64_t>(d);
}

std::int64_t RetryDelayMs(const config::RetryPolicy& p, std::uint32_t retry, std::mt19937_64& rng) {
  std::int64_t hi = RetryDelayCeilingMs(p, retry);
  std::int64_t lo = std::min(p.initial_delay_ms, hi);
  if (hi <= lo) return hi;
  return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

std::optional<std::int64_t> ParseRetryAfterMs(std::string_view v, std::int64_t now_unix_ms) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  if (v.front() >= '0' && v.front() <= '9') {
    std::int64_t secs = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return std::min<std::int64_t>(secs, kMaxRetryAfterMs / 1000) * 1000;
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  std::tm tm{};
  std::string s(v);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  std::int64_t at_ms = static_cast<std::int64_t>(timegm(&tm)) * 1000;
  return std::clamp<std::int64_t>(at_ms - now_unix_ms, 0, kMaxRetryAfterMs);
}

Classification Classify(const http::Response& r, std::int64_t now_unix_ms) {
  if (!r.ok()) return {Verdict::kRetry, std::nullopt};
  int c = r.code;
  if (c >= 200 && c < 300) return {Verdict::kSuccess, std::nullopt};
  if (c == 410) return {Verdict::kDisable, std::nullopt};
  if (c == 408 || c == 429 || c >= 500) {
    std::optional<std::int64_t> after;
    if (const std::string* h = r.header("Retry-After")) after = ParseRetryAfterMs(*h, now_unix_ms);
    return {Verdict::kRetry, after};
  }
  return {Verdict::kFail, std::nullopt};
}

}  // namespace vigil::deliver
