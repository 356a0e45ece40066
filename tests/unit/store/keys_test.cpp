// Key encoding: big-endian order is numeric order, prefixes and their exclusive ends.
#include "core/store/keys.hpp"

#include <gtest/gtest.h>

namespace vigil::store {
namespace {

TEST(Keys, BigEndianRoundTripAndOrder) {
  std::string a, b;
  AppendBigEndian64(&a, 255);
  AppendBigEndian64(&b, 256);
  EXPECT_EQ(ReadBigEndian64(a), 255u);
  EXPECT_EQ(ReadBigEndian64(b), 256u);
  EXPECT_LT(a, b);  // byte order is numeric order
  EXPECT_LT(TimeIdKey(1, "zzz"), TimeIdKey(2, "aaa"));
  EXPECT_EQ(TimeIdKey(-5, "x"), TimeIdKey(0, "x"));  // negative times clamp to 0
}

TEST(Keys, ScopedKeysSortPerScopeByTime) {
  EXPECT_LT(ScopedTimeIdKey("wh", 9, "b"), ScopedTimeIdKey("wh", 10, "a"));
  // "wh" and "wh2" never interleave: '\0' ends the scope.
  EXPECT_LT(ScopedTimeIdKey("wh", ~0ull >> 1, "z"), ScopedTimeIdKey("wh2", 0, "a"));
  EXPECT_EQ(ScopedKey("wh", "id"), std::string("wh\0id", 5));
}

TEST(Keys, PrefixEnd) {
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixEnd(std::string("\xff\xff", 2)), "");
  std::string p = ScopePrefix("wh");
  EXPECT_LT(ScopedTimeIdKey("wh", ~0ull >> 1, "\xff\xff"), PrefixEnd(p));
}

}  // namespace
}  // namespace vigil::store
