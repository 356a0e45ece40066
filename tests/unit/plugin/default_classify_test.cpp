// vigil's default classification of attempt outcomes and Retry-After parsing.
#include <gtest/gtest.h>

#include "core/http/error.hpp"
#include "core/http/retry_after.hpp"
#include "core/plugin/sink.hpp"

namespace vigil::plugin {
namespace {

TEST(RetryAfter, SecondsAndHttpDate) {
  EXPECT_EQ(http::ParseRetryAfterMs("2", 0), 2000);
  EXPECT_EQ(http::ParseRetryAfterMs(" 120 ", 0), 120000);
  EXPECT_EQ(http::ParseRetryAfterMs("999999", 0), http::kMaxRetryAfterMs);  // capped
  // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s
  EXPECT_EQ(http::ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 - 5000), 5000);
  EXPECT_EQ(http::ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 + 5000), 0);
  EXPECT_FALSE(http::ParseRetryAfterMs("soon", 0).has_value());
  EXPECT_FALSE(http::ParseRetryAfterMs("", 0).has_value());
  EXPECT_FALSE(http::ParseRetryAfterMs("-3", 0).has_value());
}

http::Response Resp(int code, std::string retry_after = "") {
  http::Response r;
  r.code = code;
  if (!retry_after.empty()) r.headers.emplace_back("Retry-After", retry_after);
  return r;
}

TEST(Classify, StatusTable) {
  EXPECT_EQ(DefaultClassify(Resp(200), 0).kind, VerdictKind::kSuccess);
  EXPECT_EQ(DefaultClassify(Resp(204), 0).kind, VerdictKind::kSuccess);
  EXPECT_EQ(DefaultClassify(Resp(408), 0).kind, VerdictKind::kRetry);
  EXPECT_EQ(DefaultClassify(Resp(429), 0).kind, VerdictKind::kRetry);
  EXPECT_EQ(DefaultClassify(Resp(500), 0).kind, VerdictKind::kRetry);
  EXPECT_EQ(DefaultClassify(Resp(503), 0).kind, VerdictKind::kRetry);
  EXPECT_EQ(DefaultClassify(Resp(410), 0).kind, VerdictKind::kDisable);
  EXPECT_EQ(DefaultClassify(Resp(400), 0).kind, VerdictKind::kFail);
  EXPECT_EQ(DefaultClassify(Resp(404), 0).kind, VerdictKind::kFail);
  EXPECT_EQ(DefaultClassify(Resp(301), 0).kind, VerdictKind::kFail);
  auto c = DefaultClassify(Resp(429, "2"), 0);
  EXPECT_EQ(c.retry_after_ms, 2000);
  http::Response err;
  err.status = http::MakeStatus(http::ErrorKind::kRefused, "x");
  err.error = http::ErrorKind::kRefused;
  EXPECT_EQ(DefaultClassify(err, 0).kind, VerdictKind::kRetry);
}

}  // namespace
}  // namespace vigil::plugin
