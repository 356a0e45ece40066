// HeaderWriter: writes a header list in place, reusing its slots' strings, in order.
#include "core/http/header_writer.hpp"

#include <gtest/gtest.h>

namespace vigil::http {
namespace {

TEST(HeaderWriter, WritesInOrderAndTruncatesTheRest) {
  Headers h = {{"Old-1", "a"}, {"Old-2", "b"}, {"Old-3", "c"}};
  {
    HeaderWriter w(&h);
    w.Add("Content-Type", "application/json");
    w.Append("X-Built") += "in place";
    EXPECT_EQ(w.size(), 2u);
  }  // the destructor finishes
  EXPECT_EQ(h, (Headers{{"Content-Type", "application/json"}, {"X-Built", "in place"}}));
}

TEST(HeaderWriter, GrowsPastTheOldList) {
  Headers h;
  HeaderWriter w(&h);
  for (int i = 0; i < 10; ++i) w.Add("H" + std::to_string(i), std::to_string(i));
  w.Finish();
  ASSERT_EQ(h.size(), 10u);
  EXPECT_EQ(h[9], (Header{"H9", "9"}));
}

TEST(HeaderWriter, SetReplacesAWrittenHeaderOfAnyCaseElseAppends) {
  Headers h = {{"Stale", "must not be matched"}};
  HeaderWriter w(&h);
  w.Add("User-Agent", "sink/1");
  w.Set("user-agent", "custom");
  w.Set("Stale", "new");  // the old list's entries are slots, not headers
  w.Finish();
  EXPECT_EQ(h, (Headers{{"User-Agent", "custom"}, {"Stale", "new"}}));
}

TEST(HeaderWriter, RewritingTheSameShapeReusesEveryString) {
  const std::string long_value(100, 'v');
  Headers h;
  {
    HeaderWriter w(&h);
    w.Add("X-Webhook-Delivery-Id", long_value);
    w.Add("X-Webhook-Signature", long_value);
  }
  const char* name0 = h[0].first.data();
  const char* value1 = h[1].second.data();
  const Header* slots = h.data();
  {
    HeaderWriter w(&h);
    w.Add("X-Webhook-Delivery-Id", std::string(100, 'w'));
    w.Append("X-Webhook-Signature").append(std::string(90, 'x'));
  }
  EXPECT_EQ(h.data(), slots);
  EXPECT_EQ(h[0].first.data(), name0);
  EXPECT_EQ(h[1].second.data(), value1);
  EXPECT_EQ(h[1].second, std::string(90, 'x'));
}

}  // namespace
}  // namespace vigil::http
