// The webhook signature against a vector computed independently (Python's hmac module).
#include "core/deliver/signature.hpp"

#include <gtest/gtest.h>

namespace vigil::deliver {
namespace {

TEST(Signature, FixedVector) {
  // python3: hmac.new(b's3cret', b'1706457600000.{"id":"x"}', hashlib.sha256).hexdigest()
  EXPECT_EQ(SignPayload("s3cret", 1706457600000, R"({"id":"x"})"),
            "64626f26e8c6a3bf3cf35a9215872c9dd4b1e61da05c84ce9c4db76cfe61d473");
}

TEST(Signature, DependsOnTimestampAndSecret) {
  auto a = SignPayload("s3cret", 1, "{}");
  EXPECT_NE(a, SignPayload("s3cret", 2, "{}"));
  EXPECT_NE(a, SignPayload("other", 1, "{}"));
  EXPECT_EQ(a.size(), 64u);
}

TEST(Signature, StandardWebhooksSpecExample) {
  // The example of the Standard Webhooks specification.
  EXPECT_EQ(
      SignStandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                           1614265330, R"({"test": 2432232314})"),
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

}  // namespace
}  // namespace vigil::deliver
