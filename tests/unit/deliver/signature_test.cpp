// The webhook signature against a vector computed independently (Python's hmac module).
#include "core/deliver/signature.hpp"

#include <gtest/gtest.h>

#include "core/util/base64.hpp"

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

TEST(Signature, ToVariantsAppendTheSameSignatures) {
  std::string out = "prefix ";
  SignPayloadTo(&out, "s3cret", 1706457600000, R"({"id":"x"})");
  EXPECT_EQ(out, "prefix 64626f26e8c6a3bf3cf35a9215872c9dd4b1e61da05c84ce9c4db76cfe61d473");
  out += ' ';
  // python3: hmac.new(b'old', b'1706457600000.{"id":"x"}', hashlib.sha256).hexdigest()
  SignPayloadTo(&out, "old", 1706457600000, R"({"id":"x"})");
  EXPECT_EQ(out.substr(out.size() - 64),
            "d0c9f311f2892b3d408138564f19ab14020a43d0fd991bdcd53eead789d11e5b");

  std::string sw;
  SignStandardWebhooksTo(&sw, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                         "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})");
  EXPECT_EQ(sw, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(Signature, ToVariantReusesTheStringsCapacity) {
  std::string out;
  SignPayloadTo(&out, "s3cret", 1, "{}");
  const char* data = out.data();
  out.clear();
  SignPayloadTo(&out, "s3cret", 2, "{}");
  EXPECT_EQ(out.data(), data);
  EXPECT_EQ(out, SignPayload("s3cret", 2, "{}"));
}

TEST(Signature, StandardWebhooksKeyTooLargeForTheStackIsDecodedToo) {
  std::string key;
  for (int i = 0; i < 512; ++i) key.push_back(static_cast<char>(i & 0xff));
  // python3: key = bytes(range(256)) * 2
  //   base64.b64encode(hmac.new(key, b'msg_1.1614265330.{}', hashlib.sha256).digest())
  EXPECT_EQ(SignStandardWebhooks("whsec_" + Base64Encode(key), "msg_1", 1614265330, "{}"),
            "v1,awinNXXMyK/EIg//OXclYkaA0OZoM0lIdhet5aB/+BM=");
}

TEST(Signature, StandardWebhooksSecretThatIsNotBase64IsUsedAsIs) {
  // python3: base64.b64encode(hmac.new(b'whsec_not*base64', b'msg_1.1614265330.{}',
  //   hashlib.sha256).digest())
  EXPECT_EQ(SignStandardWebhooks("whsec_not*base64", "msg_1", 1614265330, "{}"),
            "v1,UZRu2BFBGuS+OXqdQJgTCr17b7vfC9IrkXH3JSEir3M=");
}

}  // namespace
}  // namespace vigil::deliver
