// Base64: RFC 4648 vectors, appending, and decoding into a caller's buffer.
#include "core/util/base64.hpp"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(Base64Decode("not*base64"), std::nullopt);
}

TEST(Base64, AppendKeepsWhatWasThere) {
  std::string out = "v1,";
  AppendBase64(&out, "fooba");
  EXPECT_EQ(out, "v1,Zm9vYmE=");
}

TEST(Base64, DecodeIntoABufferThatFitsOrNot) {
  unsigned char buf[16];
  auto n = Base64DecodeInto("Zm9vYmFy", buf, sizeof buf);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf), *n), "foobar");
  EXPECT_EQ(Base64DecodeInto("Zm9vYmFy", buf, 4), std::nullopt);  // might not fit: refused
  EXPECT_EQ(Base64DecodeInto("not*base64", buf, sizeof buf), std::nullopt);
}

}  // namespace
}  // namespace vigil
