// Discord's embed fitting on its own (FitEmbed compiled in from the plugin's source): the 25-field
// and 6000-total limits, which a rendered event never reaches with its 2-6 facts.
#include <gtest/gtest.h>

#include "plugins/discord/discord_embed.cpp"  // NOLINT: the unit under test, not a library
#include "tests/unit/plugin/plugin_common_fixture.hpp"

namespace vigil_discord {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(DiscordFit, FieldsAndTotal) {
  Embed e;
  e.title = "t";
  e.footer = "vigil";
  e.description = Repeat("\xc3\xa9", 5000);
  for (int i = 0; i < 40; ++i) e.fields.push_back({"field " + std::to_string(i), Repeat("v", 300)});
  FitEmbed(e);
  EXPECT_LE(e.fields.size(), kMaxFields);
  EXPECT_LE(EmbedChars(e), kEmbedTotalMax);
  // The description is cut to 1024 before fields are dropped.
  EXPECT_EQ(vigil_plugins::CodePoints(e.description), 1024u);
  EXPECT_EQ(e.fields.size(), 16u);  // 1 + 5 + 1024 + 10 * 307 + 6 * 308 = 5948 <= 6000
}

TEST(DiscordFit, AlwaysFits) {
  Embed e;
  e.title = Repeat("\xe2\x82\xac", 1000);
  e.footer = Repeat("f", 3000);
  e.description = Repeat("d", 9000);
  for (int i = 0; i < 30; ++i)
    e.fields.push_back({Repeat("n", 400), Repeat("\xf0\x9f\x94\xa5", 2000)});
  FitEmbed(e);
  EXPECT_LE(EmbedChars(e), kEmbedTotalMax);
  EXPECT_EQ(vigil_plugins::CodePoints(e.title), kTitleMax);
  EXPECT_EQ(vigil_plugins::CodePoints(e.footer), kFooterMax);
  ASSERT_FALSE(e.fields.empty());
  EXPECT_LE(vigil_plugins::CodePoints(e.fields[0].value), kFieldValueMax);
  EXPECT_FALSE(e.fields[0].value.empty());
}

TEST(DiscordFit, SmallEmbedUntouched) {
  Embed e;
  e.title = "memory.critical on cache-1";
  e.description = "Memory usage critical";
  e.footer = "vigil";
  e.fields.push_back({"Usage", "92%"});
  Embed before = e;
  FitEmbed(e);
  EXPECT_EQ(e.description, before.description);
  EXPECT_EQ(e.fields.size(), 1u);
}

}  // namespace
}  // namespace vigil_discord
