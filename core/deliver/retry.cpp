// Backoff arithmetic of the retry policy.
#include "core/deliver/retry.hpp"

#include <algorithm>
#include <cmath>

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

}  // namespace vigil::deliver
