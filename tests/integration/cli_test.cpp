// The vigil command line: --check-config, exit status 2 naming the key, --version, --help.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/process.hpp"

namespace vigil::testing {
namespace {

TEST(Cli, CheckConfigNamesTheKeyAndExitsTwo) {
  TempDir d;
  std::ofstream(d.file("bad.json"))
      << R"({"webhooks":[{"url":"http://x/","events":["instance.down"],)"
         R"("thresholds":{"memoryCriticalPercent":150}}]})";
  int status = 0;
  std::string out = RunCapture({VIGIL_BINARY, "--check-config", d.file("bad.json")}, &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("webhooks[0].thresholds.memoryCriticalPercent: must be 1..100"),
            std::string::npos)
      << out;
  // The daemon refuses it too, before doing anything.
  out = RunCapture({VIGIL_BINARY, "--config", d.file("bad.json")}, &status);
  EXPECT_EQ(status, 2);
}

TEST(Cli, CheckConfigChecksSinksAgainstThePlugins) {
  TempDir d;
  struct Case {
    const char* webhook;
    const char* error;
  } cases[] = {
      {R"({"events":["*"]})", "webhooks[0].url: required (sink \"generic\" has no default URL)"},
      {R"({"url":"http://x/","events":["*"],"sink":"nosuch"})",
       "webhooks[0].sink: no loaded plugin provides sink \"nosuch\""},
      {R"({"url":"http://x/","events":["*"],"sinkOptions":{"colour":"red"}})",
       "webhooks[0].sinkOptions:"},
  };
  for (const Case& c : cases) {
    std::ofstream(d.file("c.json"), std::ios::trunc)
        << R"({"instances":[],"webhooks":[)" << c.webhook << "]}";
    int status = 0;
    std::string out = RunCapture({VIGIL_BINARY, "--check-config", d.file("c.json")}, &status);
    EXPECT_EQ(status, 2) << out;
    EXPECT_NE(out.find(c.error), std::string::npos) << out;
  }
}

TEST(Cli, ListPluginsShowsTheBuiltInSinks) {
  int status = -1;
  std::string out = RunCapture({VIGIL_BINARY, "--list-plugins"}, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("generic 1.0.0"), std::string::npos) << out;
  EXPECT_NE(out.find("sink generic"), std::string::npos) << out;
}

TEST(Cli, GoodConfigChecksOk) {
  TempDir d;
  std::ofstream(d.file("ok.json")) << R"({"instances":[{"host":"127.0.0.1"}]})";
  int status = -1;
  std::string out = RunCapture({VIGIL_BINARY, "--check-config", d.file("ok.json")}, &status);
  EXPECT_EQ(status, 0) << out;
}

TEST(Cli, VersionHelpAndUnknownFlag) {
  int status = -1;
  EXPECT_NE(RunCapture({VIGIL_BINARY, "--version"}, &status).find("vigil "), std::string::npos);
  EXPECT_EQ(status, 0);
  EXPECT_NE(RunCapture({VIGIL_BINARY, "--help"}, &status).find("--check-config"),
            std::string::npos);
  RunCapture({VIGIL_BINARY, "--bogus"}, &status);
  EXPECT_EQ(status, 2);
}

}  // namespace
}  // namespace vigil::testing
