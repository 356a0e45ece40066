// Retry policy arithmetic: how long a delivery waits before its next retry.
#pragma once

#include <cstdint>
#include <random>

#include "core/config/config.hpp"

namespace vigil::deliver {

// The ceiling of the delay before retry n (1-based): min(initial * multiplier^(n-1), max).
std::int64_t RetryDelayCeilingMs(const config::RetryPolicy& p, std::uint32_t retry);
// The actual delay: full jitter, uniform in [min(initial, ceiling), ceiling], so retries of many
// deliveries spread out but never come sooner than initialDelayMs.
std::int64_t RetryDelayMs(const config::RetryPolicy& p, std::uint32_t retry, std::mt19937_64& rng);

}  // namespace vigil::deliver
