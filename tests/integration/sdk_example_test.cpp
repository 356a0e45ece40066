// The SDK as a plugin author gets it: install this build into a temp prefix, build
// sdk/examples/hello_sink out of tree with find_package(vigil) and with pkg-config, load the
// result and render an event through BoundSink.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

#include "core/plugin/registry.hpp"
#include "core/plugin/sink.hpp"
#include "tests/support/http_receiver.hpp"
#include "tests/support/process.hpp"
#include "tests/support/wait.hpp"

namespace vigil::testing {
namespace {

// Runs a command found on PATH; returns its exit status, output in *out.
int Sh(std::vector<std::string> argv, std::string* out = nullptr) {
  argv.insert(argv.begin(), "/usr/bin/env");
  int status = -1;
  std::string o = RunCapture(argv, &status);
  if (out) *out = o;
  return status;
}

class SdkExample : public ::testing::Test {
 protected:
  // Installs the build and builds the example once for the suite (a few seconds).
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string out;
    if (Sh({"cmake", "--install", VIGIL_BUILD_DIR, "--prefix", Prefix()}, &out) != 0) {
      error_ = "cmake --install failed:\n" + out;
      return;
    }
    std::string src = std::string(VIGIL_SOURCE_DIR) + "/sdk/examples/hello_sink";
    if (Sh({"cmake", "-S", src, "-B", dir_->file("build"), "-DCMAKE_PREFIX_PATH=" + Prefix()},
           &out) != 0 ||
        Sh({"cmake", "--build", dir_->file("build")}, &out) != 0 ||
        Sh({"cmake", "--install", dir_->file("build")}, &out) != 0) {
      error_ = "building the example failed:\n" + out;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }

  static std::string Prefix() { return dir_->file("prefix"); }
  // The example sink built with CMake, and its installed copy in the prefix's plugin dir (a
  // pluginDirs entry for end-to-end tests).
  static std::string HelloSinkPath() { return dir_->file("build") + "/hello.so"; }
  static std::string InstalledPluginDir() { return Prefix() + "/lib/vigil/plugins"; }

  // Renders one event through the hello sink of the plugin at `path`.
  static http::Request RenderWith(const std::string& path, const std::string& message) {
    plugin::Registry reg;
    Status s = reg.LoadFile(path);
    EXPECT_TRUE(s.ok()) << s.message();
    const vigil_sink_vtable* vt = reg.sink("hello");
    EXPECT_NE(vt, nullptr);
    if (!vt) return {};
    auto sink = plugin::BoundSink::Create(vt, {"w1", "chat", "http://127.0.0.1:9/hook", "{}"});
    EXPECT_TRUE(sink.ok());
    plugin::EventInfo e;
    e.id = "e1";
    e.type = "instance.down";
    e.message = message;
    auto req = sink.value()->Render(e);
    EXPECT_TRUE(req.ok()) << req.status().message();
    return req.ok() ? req.value() : http::Request{};
  }

  static TempDir* dir_;
  static std::string error_;
};
TempDir* SdkExample::dir_ = nullptr;
std::string SdkExample::error_;

TEST_F(SdkExample, InstallLaysOutBinaryPluginsHeadersAndPackageFiles) {
  namespace fs = std::filesystem;
  for (const char* f :
       {"bin/vigil", "include/vigil/abi.h", "include/vigil/plugin.h", "include/vigil/sink.h",
        "include/vigil/source.h", "lib/cmake/vigil/vigilConfig.cmake",
        "lib/cmake/vigil/vigilConfigVersion.cmake", "lib/pkgconfig/vigil-sdk.pc",
        "lib/vigil/plugins/generic.so", "lib/vigil/plugins/sentinel.so"})
    EXPECT_TRUE(fs::exists(Prefix() + "/" + f)) << f;
  EXPECT_TRUE(fs::exists(InstalledPluginDir() + "/hello.so")) << "installed to VIGIL_PLUGIN_DIR";
}

TEST_F(SdkExample, CMakeBuiltSinkRendersTheMessageAsJsonText) {
  http::Request req = RenderWith(HelloSinkPath(), "Instance \"cache-1\" is down\n(refused)");
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.body, R"x({"text":"Instance \"cache-1\" is down\u000a(refused)"})x");
  ASSERT_EQ(req.headers.size(), 1u);
  EXPECT_EQ(req.headers[0].first, "Content-Type");
  EXPECT_EQ(req.headers[0].second, "application/json");
}

TEST_F(SdkExample, PkgConfigCflagsAreEnoughToCompileIt) {
  std::string pc_path = Prefix() + "/lib/pkgconfig";
  std::string cflags;
  ASSERT_EQ(Sh({"PKG_CONFIG_PATH=" + pc_path, "pkg-config", "--cflags", "vigil-sdk"}, &cflags), 0)
      << cflags;
  EXPECT_NE(cflags.find("-I"), std::string::npos) << cflags;
  std::vector<std::string> cc = {"cc",    "-shared", "-fPIC", "-fvisibility=hidden",
                                 "-Wall", "-Werror"};
  std::istringstream words(cflags);
  for (std::string w; words >> w;) cc.push_back(w);
  std::string so = dir_->file("hello_pc.so");
  cc.insert(cc.end(),
            {"-o", so, std::string(VIGIL_SOURCE_DIR) + "/sdk/examples/hello_sink/hello_sink.c"});
  std::string out;
  ASSERT_EQ(Sh(cc, &out), 0) << out;
  EXPECT_EQ(RenderWith(so, "hi").body, R"({"text":"hi"})");
}

TEST_F(SdkExample, PackageVersionAndPluginDirAreExported) {
  std::string pc_path = Prefix() + "/lib/pkgconfig", out;
  ASSERT_EQ(Sh({"PKG_CONFIG_PATH=" + pc_path, "pkg-config", "--modversion", "vigil-sdk"}, &out), 0);
  EXPECT_EQ(out, std::string(VIGIL_VERSION) + "\n");
  ASSERT_EQ(
      Sh({"PKG_CONFIG_PATH=" + pc_path, "pkg-config", "--variable=plugindir", "vigil-sdk"}, &out),
      0);
  EXPECT_EQ(std::filesystem::canonical(out.substr(0, out.size() - 1)),
            std::filesystem::canonical(InstalledPluginDir()));
}

// The out-of-tree sink, loaded by the vigil binary from a pluginDirs entry, delivers for real.
TEST_F(SdkExample, VigilDeliversThroughTheOutOfTreeSink) {
  HttpReceiver rx;
  TempDir data;
  std::string cfg = R"({"dataDir":")" + data.path() + R"(","pluginDirs":[")" +
                    InstalledPluginDir() +
                    R"("],"instances":[{"name":"ghost","host":"127.0.0.1",)" + R"("port":)" +
                    std::to_string(FreeTcpPort()) + R"(}],"webhooks":[{"url":")" + rx.url("/chat") +
                    R"(","events":["instance.down"],"sink":"hello"}]})";
  VigilProcess vigil(cfg);
  ASSERT_TRUE(rx.WaitForCount(1)) << vigil.Log();
  auto r = rx.requests()[0];
  EXPECT_EQ(r.path, "/chat");
  EXPECT_EQ(r.body, R"x({"text":"Instance ghost is down (refused)"})x");
  EXPECT_EQ(r.header("X-Webhook-Signature"), nullptr);  // not a signing sink
}

}  // namespace
}  // namespace vigil::testing
