// Parsing of the Retry-After response header (RFC 9110 10.2.3): delay-seconds or an HTTP date.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::http {

// Longest wait honoured; a larger Retry-After is clamped to it.
inline constexpr std::int64_t kMaxRetryAfterMs = 3600 * 1000;

// Milliseconds to wait from now_unix_ms; nullopt when malformed. Clamped to [0, kMaxRetryAfterMs].
std::optional<std::int64_t> ParseRetryAfterMs(std::string_view value, std::int64_t now_unix_ms);

}  // namespace vigil::http
