// InfoView and SubFields on real redis 7.0 INFO text and on hand-written edge cases.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/info/info.hpp"
#include "tests/unit/info/fixture.hpp"

namespace vigil::info {
namespace {

std::string StripCr(std::string s) {
  std::erase(s, '\r');
  return s;
}

TEST(InfoView, RealFixture) {
  const std::string text = testing::LoadFixture("redis7_master.txt");
  ASSERT_GT(text.size(), 4000u);
  ASSERT_NE(text.find("\r\n"), std::string::npos);
  InfoView info(text);
  EXPECT_GT(info.fields().size(), 180u);
  EXPECT_EQ(info.Get("redis_version"), "7.0.15");
  EXPECT_EQ(info.Get("executable"), "/tmp/redis-server");  // value holding ':'-free path
  EXPECT_EQ(info.Get("os").value_or("").substr(0, 5), "Linux");
  EXPECT_EQ(info.Get("config_file"), "");  // present but empty
  // On redis 7.0 maxclients is reported in the Clients section.
  EXPECT_EQ(info.Get("Clients", "maxclients"), "10000");
  EXPECT_EQ(info.Get("clients", "maxclients"), "10000");
  EXPECT_FALSE(info.Get("Server", "maxclients").has_value());
  EXPECT_EQ(info.GetInt("maxclients"), 10000);
  EXPECT_GT(info.GetInt("used_memory").value_or(0), 100000);
  EXPECT_GT(info.GetDouble("mem_fragmentation_ratio").value_or(0), 0.0);
  EXPECT_EQ(info.GetInt("second_repl_offset"), -1);
  EXPECT_FALSE(info.GetInt("redis_mode").has_value());           // "standalone" is not a number
  EXPECT_FALSE(info.Get("acl_access_denied_auth").has_value());  // added in redis 7.2
  EXPECT_FALSE(info.Get("no_such_key").has_value());

  for (const InfoField& f : info.fields()) {
    EXPECT_FALSE(f.key.empty());
    EXPECT_EQ(f.value.find('\r'), std::string_view::npos) << f.key;
    if (f.key == "role") {
      EXPECT_EQ(f.section, "Replication");
    }
    if (f.key == "db0") {
      EXPECT_EQ(f.section, "Keyspace");
    }
  }
}

TEST(InfoView, CompositeLinesFromTheFixture) {
  const std::string text = testing::LoadFixture("redis7_master.txt");
  InfoView info(text);

  SubFields slave(info.Get("slave0").value_or(""));
  EXPECT_EQ(slave.Get("ip"), "127.0.0.1");
  EXPECT_GT(slave.GetInt("port").value_or(0), 0);
  EXPECT_EQ(slave.Get("state"), "online");
  EXPECT_TRUE(slave.GetInt("offset").has_value());
  EXPECT_EQ(slave.GetInt("lag"), 0);

  SubFields db0(info.Get("db0").value_or(""));
  EXPECT_EQ(db0.GetInt("keys"), 3);
  EXPECT_EQ(db0.GetInt("expires"), 1);
  EXPECT_TRUE(db0.GetInt("avg_ttl").has_value());

  SubFields get(info.Get("Commandstats", "cmdstat_get").value_or(""));
  EXPECT_EQ(get.GetInt("calls"), 2);
  EXPECT_DOUBLE_EQ(get.GetDouble("usec_per_call").value_or(0), 3.5);
  EXPECT_EQ(get.GetInt("failed_calls"), 0);

  EXPECT_EQ(SubFields(info.Get("errorstat_ERR").value_or("")).GetInt("count"), 1);

  // Sub-field names may contain dots.
  SubFields lat(info.Get("latency_percentiles_usec_get").value_or(""));
  EXPECT_TRUE(lat.GetDouble("p99.9").has_value());
}

TEST(InfoView, CrlfAndLfGiveTheSameFields) {
  const std::string crlf = testing::LoadFixture("redis7_master.txt");
  const std::string lf = StripCr(crlf);
  InfoView a(crlf);
  InfoView b(lf);
  ASSERT_EQ(a.fields().size(), b.fields().size());
  for (std::size_t i = 0; i < a.fields().size(); ++i) {
    EXPECT_EQ(a.fields()[i].section, b.fields()[i].section);
    EXPECT_EQ(a.fields()[i].key, b.fields()[i].key);
    EXPECT_EQ(a.fields()[i].value, b.fields()[i].value);
  }
}

TEST(InfoView, EdgeCases) {
  InfoView info;
  info.Parse(
      "early:1\n"
      "\n"
      "#Server\r\n"
      "a:1:2\r\n"
      "no colon here\r\n"
      "\r\n"
      "#  Memory\n"
      "neg:-12\n"
      "dbl:1e3\n"
      "big:99999999999999999999\n"
      "last:tail");  // no final newline
  EXPECT_EQ(info.fields().size(), 6u);
  EXPECT_EQ(info.fields()[0].section, "");
  EXPECT_EQ(info.Get("early"), "1");
  EXPECT_EQ(info.Get("Server", "a"), "1:2");  // split at the first ':'
  EXPECT_EQ(info.Get("memory", "neg"), "-12");
  EXPECT_EQ(info.GetInt("neg"), -12);
  EXPECT_EQ(info.GetDouble("dbl"), 1000.0);
  EXPECT_FALSE(info.GetInt("big").has_value());  // out of range
  EXPECT_EQ(info.Get("last"), "tail");
  info.Parse("");
  EXPECT_TRUE(info.fields().empty());
}

TEST(SubFields, Splitting) {
  std::vector<std::pair<std::string, std::string>> got;
  for (const SubField& f : SubFields("a=1,flag,,b=x=y,c=")) got.emplace_back(f.name, f.value);
  std::vector<std::pair<std::string, std::string>> want{
      {"a", "1"}, {"flag", ""}, {"", ""}, {"b", "x=y"}, {"c", ""}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(SubFields("").begin(), SubFields("").end());
  EXPECT_EQ(std::distance(SubFields("x=1").begin(), SubFields("x=1").end()), 1);
  EXPECT_FALSE(SubFields("a=1").Get("b").has_value());
  EXPECT_FALSE(SubFields("a=z").GetInt("a").has_value());
}

TEST(ParseNumbers, Strict) {
  EXPECT_EQ(ParseInt("42"), 42);
  EXPECT_FALSE(ParseInt("").has_value());
  EXPECT_FALSE(ParseInt("4 2").has_value());
  EXPECT_FALSE(ParseInt("42K").has_value());
  EXPECT_EQ(ParseDouble("13.96"), 13.96);
  EXPECT_FALSE(ParseDouble("1.5x").has_value());
}

}  // namespace
}  // namespace vigil::info
