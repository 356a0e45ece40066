// The loader refuses what it cannot run, one tiny plugin per failure (tests/plugins/*.c), with a
// message naming the file; a good plugin loads and Registry::Describe lists it.
#include <gtest/gtest.h>

#include <string>

#include "core/plugin/registry.hpp"

namespace vigil::plugin {
namespace {

std::string TestPlugin(const std::string& name) {
  return std::string(VIGIL_TEST_PLUGIN_DIR) + "/" + name + ".so";
}

// Loads `name` and returns the refusal message (fails the test when it loads).
std::string Refusal(const std::string& name) {
  auto r = LoadPlugin(TestPlugin(name));
  EXPECT_FALSE(r.ok()) << name << " was accepted";
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
  EXPECT_EQ(r.status().message().rfind(TestPlugin(name) + ": ", 0), 0u)
      << "the message starts with the path: " << r.status().message();
  return r.status().message();
}

TEST(Loader, AcceptsAGoodPlugin) {
  auto r = LoadPlugin(TestPlugin("good"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_STREQ(r.value().descriptor->name, "good");
  EXPECT_EQ(r.value().descriptor->sink_count, 1u);
}

TEST(Loader, RefusesAnotherAbiVersionNamingBoth) {
  std::string m = Refusal("abi_version_mismatch");
  EXPECT_NE(m.find("ABI 99"), std::string::npos) << m;
  EXPECT_NE(m.find("ABI 1"), std::string::npos) << m;
}

TEST(Loader, RefusesADescriptorSmallerThanOurs) {
  std::string m = Refusal("struct_size_too_small");
  EXPECT_NE(m.find("plugin descriptor is"), std::string::npos) << m;
  EXPECT_NE(m.find("rebuild"), std::string::npos) << m;
}

TEST(Loader, RefusesASinkTableSmallerThanOurs) {
  std::string m = Refusal("sink_table_too_small");
  EXPECT_NE(m.find("sink table is"), std::string::npos) << m;
}

TEST(Loader, RefusesAFileWithoutTheInitSymbol) {
  std::string m = Refusal("missing_symbol");
  EXPECT_NE(m.find("no vigil_plugin_init symbol"), std::string::npos) << m;
}

TEST(Loader, RefusesAnInitThatReturnsNull) {
  std::string m = Refusal("init_returns_null");
  EXPECT_NE(m.find("returned NULL"), std::string::npos) << m;
}

TEST(Loader, RefusesABadName) {
  std::string m = Refusal("bad_name");
  EXPECT_NE(m.find("[a-z0-9_-]+"), std::string::npos) << m;
}

TEST(Loader, RefusesAFileThatIsNotASharedObject) {
  auto r = LoadPlugin(std::string(VIGIL_TEST_PLUGIN_DIR) + "/does-not-exist.so");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot load"), std::string::npos);
}

TEST(Registry, RefusesASinkNameTwoPluginsProvide) {
  Registry reg;
  ASSERT_TRUE(reg.LoadFile(TestPlugin("dup_sink_a")).ok());
  Status s = reg.LoadFile(TestPlugin("dup_sink_b"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            TestPlugin("dup_sink_b") + ": sink \"dup\" is already provided by another plugin");
  EXPECT_EQ(reg.plugins().size(), 1u);
}

TEST(Registry, DescribeListsNameVersionAndWhatEachProvides) {
  Registry reg;
  ASSERT_TRUE(reg.LoadFile(TestPlugin("good")).ok());
  ASSERT_TRUE(reg.LoadFile(TestPlugin("probe_source")).ok());
  std::string d = reg.Describe();
  EXPECT_NE(d.find("good 1.2.3 (" + TestPlugin("good") + "): sink good_sink 2.3.4"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("probe 0.1.0"), std::string::npos) << d;
  EXPECT_NE(d.find("source probe 0.1.0"), std::string::npos) << d;
  EXPECT_NE(reg.sink("good_sink"), nullptr);
  EXPECT_NE(reg.source("probe"), nullptr);
}

TEST(Registry, LoadDirsFailsOnTheFirstBadPlugin) {
  Registry reg;
  Status s = reg.LoadDirs({VIGIL_TEST_PLUGIN_DIR});
  EXPECT_FALSE(s.ok());  // the directory holds the broken plugins on purpose
  EXPECT_NE(s.message().find(VIGIL_TEST_PLUGIN_DIR), std::string::npos) << s.message();
}

TEST(Registry, SentinelPluginLoadsWithItsSource) {
  Registry reg;
  ASSERT_TRUE(reg.LoadFile(std::string(VIGIL_BUILD_DIR) + "/plugins/sentinel.so").ok());
  ASSERT_NE(reg.source("sentinel"), nullptr);
  EXPECT_STREQ(reg.source("sentinel")->version, "1.0.0");
}

}  // namespace
}  // namespace vigil::plugin
