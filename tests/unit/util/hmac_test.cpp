// HMAC-SHA256 against the published RFC-style vector, JSON writer and UUID shape.
#include "core/util/hmac.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <vector>

#include "core/util/ids.hpp"
#include "core/util/json_writer.hpp"

namespace vigil {
namespace {

TEST(Hmac, KnownVector) {
  EXPECT_EQ(ToHex(HmacSha256("key", {"The quick brown fox jumps over the lazy dog"})),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST(Hmac, AppendHexAppends) {
  const std::uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  std::string out = "x=";
  AppendHex(&out, bytes, sizeof bytes);
  EXPECT_EQ(out, "x=000fa5ff");
  EXPECT_EQ(ToHex(bytes, sizeof bytes), "000fa5ff");
}

TEST(Hmac, KeyLongerThanABlockIsHashedFirst) {  // RFC 4231 test case 6
  EXPECT_EQ(ToHex(HmacSha256(std::string(131, '\xaa'),
                             {"Test Using Larger Than Block-Size Key - Hash Key First"})),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Hmac, KeyOfExactlyOneBlockIsUsedAsIs) {
  std::string key;
  for (int i = 0; i < 64; ++i) key.push_back(static_cast<char>(i));
  EXPECT_EQ(ToHex(HmacSha256(key, {"sixty-four"})),
            "ddc89972fd68037feaba8b86463cb6e993dc97072bfa393bd87ef0bfa9a82028");
}

TEST(Hmac, PartsAreConcatenated) {
  EXPECT_EQ(ToHex(HmacSha256("key", {"The quick ", "brown fox", " jumps over the lazy dog"})),
            ToHex(HmacSha256("key", {"The quick brown fox jumps over the lazy dog"})));
}

TEST(Uuid, Version4Shape) {
  std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = NewUuid();
    ASSERT_TRUE(std::regex_match(u, re)) << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Uuid, Version7ShapeAndTimestamp) {
  std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::int64_t ms = 0x0123456789abLL;
  std::string u = NewUuidV7(ms);
  ASSERT_TRUE(std::regex_match(u, re)) << u;
  EXPECT_EQ(u.substr(0, 13), "01234567-89ab");  // the 48 bits of milliseconds, big-endian
}

TEST(Uuid, Version7SortsInCreationOrder) {
  // Many ids in one millisecond (more than the 12-bit counter holds), then later milliseconds,
  // then a clock step backwards: every id sorts after the previous one and none repeats.
  std::vector<std::int64_t> times(10000, 1'800'000'000'000LL);
  times.push_back(1'800'000'000'005LL);
  times.push_back(1'800'000'000'006LL);
  times.push_back(1'799'999'999'000LL);
  std::string prev;
  std::set<std::string> seen;
  for (std::int64_t t : times) {
    std::string u = NewUuidV7(t);
    ASSERT_GT(u, prev);
    seen.insert(u);
    prev = u;
  }
  EXPECT_EQ(seen.size(), times.size());
}

TEST(JsonWriter, NestedObjectsAndEscapes) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("a", 1);
  w.key("b").begin_object().field("c", "x\"y\n").end_object();
  w.key("d").begin_array().value(1.5).value(true).null().end_array();
  w.field("e", 92.5);
  w.field("f", 90.0);
  w.end_object();
  EXPECT_EQ(out, R"({"a":1,"b":{"c":"x\"y\n"},"d":[1.5,true,null],"e":92.5,"f":90})");
}

}  // namespace
}  // namespace vigil
