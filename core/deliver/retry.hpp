// Retry policy arithmetic and the classification of an attempt's outcome: what a response or a
// transport error means for the delivery (success, retry when, fail, or disable the webhook).
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "core/config/config.hpp"
#include "core/http/response.hpp"

namespace vigil::deliver {

// The ceiling of the delay before retry n (1-based): min(initial * multiplier^(n-1), max).
std::int64_t RetryDelayCeilingMs(const config::RetryPolicy& p, std::uint32_t retry);
// The actual delay: full jitter, uniform in [min(initial, ceiling), ceiling], so retries of many
// deliveries spread out but never come sooner than initialDelayMs.
std::int64_t RetryDelayMs(const config::RetryPolicy& p, std::uint32_t retry, std::mt19937_64& rng);

// Retry-After as seconds or an HTTP date, in milliseconds from now_unix_ms; nullopt when absent
// or malformed. The result is clamped to [0, kMaxRetryAfterMs].
inline constexpr std::int64_t kMaxRetryAfterMs = 3600 * 1000;
std::optional<std::int64_t> ParseRetryAfterMs(std::string_view value, std::int64_t now_unix_ms);

enum class Verdict { kSuccess, kRetry, kFail, kDisable };
struct Classification {
  Verdict verdict;
  std::optional<std::int64_t> retry_after_ms;  // honoured for kRetry when the receiver said so
};

// 2xx success; 408, 429, 5xx and transport errors retry (Retry-After honoured); 410 disables
// the webhook; any other status fails the delivery at once.
Classification Classify(const http::Response& r, std::int64_t now_unix_ms);

}  // namespace vigil::deliver
