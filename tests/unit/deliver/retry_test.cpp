// Backoff arithmetic, Retry-After parsing and the classification of attempt outcomes.
#include "core/deliver/retry.hpp"

#include <gtest/gtest.h>

#include "core/http/error.hpp"

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

TEST(RetryAfter, SecondsAndHttpDate) {
  EXPECT_EQ(ParseRetryAfterMs("2", 0), 2000);
  EXPECT_EQ(ParseRetryAfterMs(" 120 ", 0), 120000);
  EXPECT_EQ(ParseRetryAfterMs("999999", 0), kMaxRetryAfterMs);  // capped
  // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 - 5000), 5000);
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 + 5000), 0);
  EXPECT_FALSE(ParseRetryAfterMs("soon", 0).has_value());
  EXPECT_FALSE(ParseRetryAfterMs("", 0).has_value());
  EXPECT_FALSE(ParseRetryAfterMs("-3", 0).has_value());
}

http::Response Resp(int code, std::string retry_after = "") {
  http::Response r;
  r.code = code;
  if (!retry_after.empty()) r.headers.emplace_back("Retry-After", retry_after);
  return r;
}

TEST(Classify, StatusTable) {
  EXPECT_EQ(Classify(Resp(200), 0).verdict, Verdict::kSuccess);
  EXPECT_EQ(Classify(Resp(204), 0).verdict, Verdict::kSuccess);
  EXPECT_EQ(Classify(Resp(408), 0).verdict, Verdict::kRetry);
  EXPECT_EQ(Classify(Resp(429), 0).verdict, Verdict::kRetry);
  EXPECT_EQ(Classify(Resp(500), 0).verdict, Verdict::kRetry);
  EXPECT_EQ(Classify(Resp(503), 0).verdict, Verdict::kRetry);
  EXPECT_EQ(Classify(Resp(410), 0).verdict, Verdict::kDisable);
  EXPECT_EQ(Classify(Resp(400), 0).verdict, Verdict::kFail);
  EXPECT_EQ(Classify(Resp(404), 0).verdict, Verdict::kFail);
  EXPECT_EQ(Classify(Resp(301), 0).verdict, Verdict::kFail);
  auto c = Classify(Resp(429, "2"), 0);
  ASSERT_TRUE(c.retry_after_ms.has_value());
  EXPECT_EQ(*c.retry_after_ms, 2000);
  http::Response err;
  err.status = http::MakeStatus(http::ErrorKind::kRefused, "x");
  err.error = http::ErrorKind::kRefused;
  EXPECT_EQ(Classify(err, 0).verdict, Verdict::kRetry);
}

}  // namespace
}  // namespace vigil::deliver
