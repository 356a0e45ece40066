// Smoke tests of the benchmark tools: vigil watches 5 fakefleet servers (so vigil's INFO parser
// accepts fakefleet's INFO) and delivers to sinkd, which verifies the signatures it counts.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/integration/harness.hpp"

namespace vigil::testing {
namespace {

std::string ToolPath(const std::string& name) {
  std::string vigil = VIGIL_BINARY;
  return vigil.substr(0, vigil.rfind('/')) + "/tools/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Sends `request` to 127.0.0.1:port and reads until `done(answer)` or the peer closes.
std::string Exchange(int port, const std::string& request,
                     const std::function<bool(const std::string&)>& done) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    char buf[4096];
    ssize_t n;
    while (!done(out) && (n = read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
  }
  close(fd);
  return out;
}

std::string Control(int port, const std::string& line) {
  return Exchange(port, line + "\n", [](const std::string& s) { return s.find('\n') != s.npos; });
}

std::string SinkStats(int port) {
  std::string r = Exchange(port, "GET /_stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                           [](const std::string&) { return false; });
  std::size_t body = r.find("\r\n\r\n");
  return body == std::string::npos ? "" : r.substr(body + 4);
}

// Starts a tool and returns the port number it printed after `prefix` (e.g. "control_port=").
int StartTool(const std::vector<std::string>& argv, const std::string& log,
              const std::string& prefix, pid_t* pid) {
  *pid = Spawn(argv, log);
  int port = -1;
  WaitFor([&] {
    std::string s = ReadFile(log);
    std::size_t p = s.find(prefix);
    if (p == std::string::npos) return false;
    port = std::atoi(s.c_str() + p + prefix.size());
    return port > 0;
  });
  return port;
}

TEST(Tools, VigilPollsFakefleetAndSinkdCountsSignedInstanceDown) {
  TempDir dir;
  pid_t fleet_pid = -1, sink_pid = -1;
  int base = FreeTcpPort();
  int control =
      StartTool({ToolPath("fakefleet"), "--count", "5", "--mapping", "addrs", "--base-port",
                 std::to_string(base), "--emit-config", dir.file("fleet.json")},
                dir.file("fakefleet.log"), "control_port=", &fleet_pid);
  int sink = StartTool({ToolPath("sinkd"), "--secret", "s3cret"}, dir.file("sinkd.log"),
                       "listening 127.0.0.1:", &sink_pid);
  ASSERT_GT(control, 0) << ReadFile(dir.file("fakefleet.log"));
  ASSERT_GT(sink, 0) << ReadFile(dir.file("sinkd.log"));

  // The emitted config, with pollIntervalMs and webhooks filled in as bench/run does.
  std::string config = ReadFile(dir.file("fleet.json"));
  ASSERT_NE(config.find("\"webhooks\": []"), std::string::npos) << config;
  config.replace(config.find("\"pollIntervalMs\": 1000"), 22, "\"pollIntervalMs\": 100");
  config.replace(config.find("\"webhooks\": []"), 14,
                 R"("webhooks": [{"id":"sink","url":"http://127.0.0.1:)" + std::to_string(sink) +
                     R"(/hook","secret":"s3cret","events":["*"]}])");
  VigilProcess vigil(config, {"--log-level", "debug"});
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(WaitForPolls(vigil, "fake-" + std::to_string(i), 2)) << vigil.Log();
  EXPECT_EQ(vigil.Log().find("poll failed"), std::string::npos) << vigil.Log();

  // memory.critical proves the parsed INFO carries used_memory and maxmemory.
  EXPECT_EQ(Control(control, "set 3 maxmemory 1000000000").substr(0, 2), "ok");
  EXPECT_EQ(Control(control, "set 3 used_memory 950000000").substr(0, 2), "ok");
  EXPECT_EQ(Control(control, "kill 1").substr(0, 4), "ok n");
  std::string stats;
  EXPECT_TRUE(WaitFor([&] {
    stats = SinkStats(sink);
    return stats.find("\"instance.down\":1") != std::string::npos &&
           stats.find("\"memory.critical\":1") != std::string::npos;
  })) << stats
      << "\n"
      << vigil.Log();
  EXPECT_NE(stats.find("\"bad_signature\":0"), std::string::npos) << stats;
  EXPECT_NE(stats.find("\"duplicates\":0"), std::string::npos) << stats;
  std::string fleet = Control(control, "stats");
  EXPECT_NE(fleet.find("\"alive\":4"), std::string::npos) << fleet;
  EXPECT_EQ(fleet.find("\"INFO\":0"), std::string::npos) << fleet;

  KillAndWait(fleet_pid, SIGTERM);
  KillAndWait(sink_pid, SIGTERM);
}

}  // namespace
}  // namespace vigil::testing
