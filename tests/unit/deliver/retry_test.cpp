// Backoff arithmetic of the retry policy.
#include "core/deliver/retry.hpp"

#include <gtest/gtest.h>

namespace vigil::deliver {
namespace {

TEST(Backoff, CeilingGrowsAndCaps) {
  config::RetryPolicy p{
      .max_retries = 5, .initial_delay_ms = 1000, .backoff_multiplier = 2, .max_delay_ms = 60000};
  EXPECT_EQ(RetryDelayCeilingMs(p, 1), 1000);
  EXPECT_EQ(RetryDelayCeilingMs(p, 2), 2000);
  EXPECT_EQ(RetryDelayCeilingMs(p, 3), 4000);
  EXPECT_EQ(RetryDelayCeilingMs(p, 7), 60000);
  EXPECT_EQ(RetryDelayCeilingMs(p, 1000), 60000);  // no overflow
}

TEST(Backoff, FullJitterStaysBetweenInitialAndCeiling) {
  config::RetryPolicy p{
      .max_retries = 5, .initial_delay_ms = 100, .backoff_multiplier = 3, .max_delay_ms = 5000};
  std::mt19937_64 rng(42);
  bool saw_low = false, saw_high = false;
  for (int i = 0; i < 2000; ++i) {
    std::int64_t d = RetryDelayMs(p, 3, rng);  // ceiling 900
    ASSERT_GE(d, 100);
    ASSERT_LE(d, 900);
    saw_low |= d < 300;
    saw_high |= d > 700;
  }
  EXPECT_TRUE(saw_low && saw_high);  // spread, not a constant
}

}  // namespace
}  // namespace vigil::deliver
