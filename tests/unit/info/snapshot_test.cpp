// ExtractSnapshot on the real redis 7.0 fixtures (master with a replica, and the replica), with
// LF endings, missing and malformed fields, valkey's version line and section skipping.
#include "core/info/snapshot.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/info/info.hpp"
#include "tests/unit/info/fixture.hpp"

namespace vigil::info {
namespace {

TEST(Snapshot, RealMaster) {
  const std::string text = testing::LoadFixture("redis7_master.txt");
  InfoSnapshot s = ExtractSnapshot(text);
  InfoView v(text);  // the slow path is the reference
  EXPECT_EQ(s.redis_version, (Version{7, 0, 15}));
  EXPECT_FALSE(s.valkey_version.has_value());
  EXPECT_EQ(s.uptime_in_seconds, v.GetInt("uptime_in_seconds"));
  EXPECT_EQ(s.connected_clients, v.GetInt("connected_clients"));
  EXPECT_EQ(s.maxclients, 10000);
  EXPECT_EQ(s.blocked_clients, 0);
  EXPECT_EQ(s.used_memory, v.GetInt("used_memory"));
  EXPECT_EQ(s.used_memory_rss, v.GetInt("used_memory_rss"));
  EXPECT_EQ(s.maxmemory, 0);
  EXPECT_EQ(s.mem_fragmentation_ratio, v.GetDouble("mem_fragmentation_ratio"));
  EXPECT_EQ(s.total_connections_received, v.GetInt("total_connections_received"));
  EXPECT_EQ(s.instantaneous_ops_per_sec, v.GetInt("instantaneous_ops_per_sec"));
  EXPECT_EQ(s.rejected_connections, 0);
  EXPECT_FALSE(s.acl_access_denied_auth.has_value());  // redis 7.0 does not report it
  EXPECT_EQ(s.role, Role::kMaster);
  EXPECT_EQ(s.connected_slaves, 1);
  EXPECT_EQ(s.master_repl_offset, v.GetInt("master_repl_offset"));
  EXPECT_TRUE(s.used_memory.has_value() && s.uptime_in_seconds.has_value());
}

TEST(Snapshot, RealReplica) {
  InfoSnapshot s = ExtractSnapshot(testing::LoadFixture("redis7_replica.txt"));
  EXPECT_EQ(s.role, Role::kReplica);
  EXPECT_EQ(s.connected_slaves, 0);
  EXPECT_TRUE(s.master_repl_offset.has_value());
}

TEST(Snapshot, LfEndingsGiveTheSameSnapshot) {
  std::string crlf = testing::LoadFixture("redis7_master.txt");
  std::string lf = crlf;
  std::erase(lf, '\r');
  InfoSnapshot a = ExtractSnapshot(crlf);
  InfoSnapshot b = ExtractSnapshot(lf);
  EXPECT_EQ(a.used_memory, b.used_memory);
  EXPECT_EQ(a.mem_fragmentation_ratio, b.mem_fragmentation_ratio);
  EXPECT_EQ(a.role, b.role);
  EXPECT_EQ(a.redis_version, b.redis_version);
  EXPECT_EQ(a.master_repl_offset, b.master_repl_offset);
}

TEST(Snapshot, MissingAndMalformedFields) {
  InfoSnapshot s = ExtractSnapshot(
      "# Clients\r\n"
      "connected_clients:5\r\n"
      "blocked_clients:lots\r\n"
      "# Memory\r\n"
      "used_memory:\r\n"
      "mem_fragmentation_ratio:1.25");
  EXPECT_EQ(s.connected_clients, 5);
  EXPECT_FALSE(s.blocked_clients.has_value());
  EXPECT_FALSE(s.used_memory.has_value());
  EXPECT_EQ(s.mem_fragmentation_ratio, 1.25);
  EXPECT_FALSE(s.maxclients.has_value());
  EXPECT_FALSE(s.redis_version.has_value());
  EXPECT_EQ(s.role, Role::kUnknown);
  InfoSnapshot empty = ExtractSnapshot("");
  EXPECT_FALSE(empty.used_memory.has_value());
}

TEST(Snapshot, ValkeyAndNewerRedisFields) {
  InfoSnapshot s = ExtractSnapshot(
      "# Server\n"
      "redis_version:7.2.4\n"
      "server_name:valkey\n"
      "valkey_version:8.0.1\n"
      "# Stats\n"
      "acl_access_denied_auth:3\n"
      "# Replication\n"
      "role:slave\n");
  EXPECT_EQ(s.redis_version, (Version{7, 2, 4}));
  EXPECT_EQ(s.valkey_version, (Version{8, 0, 1}));
  EXPECT_EQ(s.acl_access_denied_auth, 3);
  EXPECT_EQ(s.role, Role::kReplica);
}

TEST(Snapshot, OnlyDetectorSectionsAreRead) {
  InfoSnapshot s = ExtractSnapshot(
      "# Server\n"
      "uptime_in_seconds:10\n"
      "# Keyspace\n"
      "used_memory:1\n"  // not in Memory: ignored
      "# Memory\n"
      "used_memory:2\n");
  EXPECT_EQ(s.uptime_in_seconds, 10);
  EXPECT_EQ(s.used_memory, 2);
  // Lines before any section header (no header at all) are read.
  EXPECT_EQ(ExtractSnapshot("maxmemory:100\n").maxmemory, 100);
}

TEST(Snapshot, ParseVersion) {
  EXPECT_EQ(ParseVersion("7.0.15"), (Version{7, 0, 15}));
  EXPECT_EQ(ParseVersion("8.0"), (Version{8, 0, 0}));
  EXPECT_EQ(ParseVersion("6"), (Version{6, 0, 0}));
  EXPECT_FALSE(ParseVersion("").has_value());
  EXPECT_FALSE(ParseVersion("7.0.").has_value());
  EXPECT_FALSE(ParseVersion("7.0.1.2").has_value());
  EXPECT_FALSE(ParseVersion("7.x").has_value());
  EXPECT_FALSE(ParseVersion("99999.0").has_value());
  EXPECT_LT((Version{7, 0, 15}), (Version{7, 2, 0}));
}

}  // namespace
}  // namespace vigil::info
