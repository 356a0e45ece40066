// The documentation's examples, run for real: docs/examples/receiver.py and receiver.js verify
// vigil's signed deliveries and refuse forged ones; the payloads in docs/events.md parse and
// carry the same `data` fields as the events vigil sends; the sample request in
// docs/webhooks.md carries a correct signature.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/deliver/signature.hpp"
#include "core/event/catalog.hpp"
#include "tests/integration/harness.hpp"

namespace vigil::testing {
namespace {

const std::string kSecret = "docs-example-secret";

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// An executable named `name` in $PATH, or "" when there is none.
std::string FindInPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

std::string FindPython() {
  if (::access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return FindInPath("python3");
}

// POSTs body to 127.0.0.1:port with the given extra headers, on a fresh connection; returns the
// HTTP status code, or -1 when no status line came back.
int RawPost(int port, const std::vector<std::pair<std::string, std::string>>& headers,
            const std::string& body) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  std::string req = "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  for (std::size_t off = 0; off < req.size();) {
    ssize_t n = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
  std::string resp;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    resp.append(buf, static_cast<std::size_t>(n));
    if (resp.find("\r\n") != std::string::npos) break;  // the status line is all we need
  }
  ::close(fd);
  if (resp.rfind("HTTP/1.", 0) != 0 || resp.size() < 12) return -1;
  return std::atoi(resp.c_str() + 9);
}

// One example receiver run as a child process: `program script` with the secret and port in its
// environment, stdout and stderr in one log file.
class ExampleReceiver {
 public:
  ExampleReceiver(const std::string& program, const std::string& script)
      : port_(FreeTcpPort()), log_(dir_.file("receiver.log")) {
    pid_ = Spawn({"/usr/bin/env", "WEBHOOK_SECRET=" + kSecret, "PORT=" + std::to_string(port_),
                  "HOST=127.0.0.1", program, script},
                 log_);
  }
  ~ExampleReceiver() { KillAndWait(pid_, SIGTERM); }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::string Log() const { return ReadFile(log_); }
  bool WaitForLog(const std::string& needle,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    return WaitFor([&] { return Log().find(needle) != std::string::npos; }, timeout);
  }

 private:
  TempDir dir_;
  int port_;
  std::string log_;
  pid_t pid_ = -1;
};

// A vigil config with one instance nothing listens on (instance.down at once) and one signed
// webhook. dataDir is private to the test, so no state is shared between runs.
std::string GhostConfig(const TempDir& data, int closed_port, const std::string& url) {
  return R"({"dataDir":")" + data.file("vigil-data") +
         R"(","instances":[{"name":"ghost","host":"127.0.0.1","port":)" +
         std::to_string(closed_port) + R"(}],"webhooks":[{"id":"docs","url":")" + url +
         R"(","secret":")" + kSecret + R"(","events":["instance.down"]}]})";
}

void CheckReceiver(const std::string& program, const std::string& script) {
  ExampleReceiver receiver(program, script);
  ASSERT_TRUE(receiver.WaitForLog("listening on")) << receiver.Log();

  // Forged requests are refused with 401: a wrong signature, and none at all.
  std::string body =
      R"({"id":"00000000-0000-4000-8000-000000000000","event":"instance.down",)"
      R"("timestamp":1700000000000,"instance":{"name":"selftest","host":"127.0.0.1","port":1},)"
      R"("data":{"message":"hand-made"}})";
  EXPECT_EQ(RawPost(receiver.port(),
                    {{"X-Webhook-Timestamp", "1700000000000"},
                     {"X-Webhook-Signature", std::string(64, 'a')},
                     {"X-Webhook-Delivery-Id", "forged-1"}},
                    body),
            401)
      << receiver.Log();
  EXPECT_EQ(
      RawPost(receiver.port(),
              {{"X-Webhook-Timestamp", "1700000000000"}, {"X-Webhook-Delivery-Id", "f-2"}}, body),
      401)
      << receiver.Log();
  // A signature over other bytes (the body altered after signing) is refused too.
  EXPECT_EQ(
      RawPost(receiver.port(),
              {{"X-Webhook-Timestamp", "1700000000000"},
               {"X-Webhook-Signature", deliver::SignPayload(kSecret, 1700000000000, body + " ")},
               {"X-Webhook-Delivery-Id", "forged-3"}},
              body),
      401)
      << receiver.Log();
  EXPECT_TRUE(receiver.WaitForLog("rejected: bad signature")) << receiver.Log();
  EXPECT_TRUE(receiver.WaitForLog("rejected: no X-Webhook-Signature")) << receiver.Log();
  EXPECT_EQ(receiver.Log().find("verified"), std::string::npos) << receiver.Log();

  // A correctly signed request is accepted; the same delivery id again is a duplicate.
  std::vector<std::pair<std::string, std::string>> good = {
      {"X-Webhook-Timestamp", "1700000000000"},
      {"X-Webhook-Signature", deliver::SignPayload(kSecret, 1700000000000, body)},
      {"X-Webhook-Delivery-Id", "hand-made-1"}};
  EXPECT_EQ(RawPost(receiver.port(), good, body), 200) << receiver.Log();
  EXPECT_TRUE(receiver.WaitForLog("verified event=instance.down instance=selftest"))
      << receiver.Log();
  EXPECT_EQ(RawPost(receiver.port(), good, body), 200) << receiver.Log();
  EXPECT_TRUE(receiver.WaitForLog("duplicate: delivery=hand-made-1")) << receiver.Log();

  // vigil itself: an instance nothing listens on is down at once; the receiver verifies it.
  TempDir data;
  VigilProcess vigil(GhostConfig(data, FreeTcpPort(), receiver.url()));
  ASSERT_TRUE(receiver.WaitForLog("verified event=instance.down instance=ghost"))
      << receiver.Log() << vigil.Log();
  EXPECT_TRUE(receiver.WaitForLog("Instance ghost is down (refused)")) << receiver.Log();
  EXPECT_TRUE(vigil.WaitForLog("\"outcome\":\"success\"")) << vigil.Log();
}

TEST(DocsExamples, PythonReceiverVerifiesVigilAndRefusesForgeries) {
  std::string python = FindPython();
  if (python.empty()) GTEST_SKIP() << "python3 is not installed";
  CheckReceiver(python, std::string(VIGIL_SOURCE_DIR) + "/docs/examples/receiver.py");
}

TEST(DocsExamples, NodeReceiverVerifiesVigilAndRefusesForgeries) {
  std::string node = FindInPath("node");
  if (node.empty()) GTEST_SKIP() << "node is not installed (apt-get install nodejs)";
  CheckReceiver(node, std::string(VIGIL_SOURCE_DIR) + "/docs/examples/receiver.js");
}

// The ```json blocks of docs/events.md that are full payloads, by event name.
std::map<std::string, std::string> DocumentedPayloads() {
  std::string md = ReadFile(std::string(VIGIL_SOURCE_DIR) + "/docs/events.md");
  std::map<std::string, std::string> out;
  simdjson::dom::parser parser;
  for (std::size_t p = md.find("```json\n"); p != std::string::npos;
       p = md.find("```json\n", p + 1)) {
    std::size_t start = p + 8, end = md.find("```", start);
    if (end == std::string::npos) break;
    std::string block = md.substr(start, end - start);
    simdjson::dom::element doc;
    EXPECT_EQ(parser.parse(block).get(doc), simdjson::SUCCESS) << block;
    std::string_view name;
    if (doc["event"].get_string().get(name) == simdjson::SUCCESS)
      out[std::string(name)] = std::move(block);
  }
  return out;
}

std::set<std::string> Keys(simdjson::dom::element obj) {
  std::set<std::string> keys;
  simdjson::dom::object o;
  if (obj.get_object().get(o) != simdjson::SUCCESS) return keys;
  for (auto field : o) keys.insert(std::string(field.key));
  return keys;
}

TEST(DocsExamples, EventsDocHasAFullPayloadForEveryEmittedEvent) {
  auto payloads = DocumentedPayloads();
  simdjson::dom::parser parser;
  for (const auto& info : event::kCatalog) {
    if (info.type == event::Type::kTest) continue;  // never emitted by the engine
    auto it = payloads.find(std::string(info.name));
    ASSERT_NE(it, payloads.end()) << "docs/events.md has no payload for " << info.name;
    simdjson::dom::element doc = parser.parse(it->second).value();
    EXPECT_EQ(Keys(doc),
              (std::set<std::string>{"id", "event", "timestamp", "status", "instance", "data"}))
        << info.name;
    EXPECT_EQ(Keys(doc["instance"]), (std::set<std::string>{"name", "host", "port"}));
    EXPECT_TRUE(doc["data"]["message"].is_string()) << info.name;
  }
}

TEST(DocsExamples, WebhooksDocSampleRequestIsSignedCorrectly) {
  std::string md = ReadFile(std::string(VIGIL_SOURCE_DIR) + "/docs/webhooks.md");
  std::size_t start = md.find("```http\n");
  ASSERT_NE(start, std::string::npos);
  std::string block = md.substr(start + 8, md.find("```", start + 8) - start - 8);
  auto header = [&](const std::string& name) {
    std::size_t p = block.find(name + ": ");
    if (p == std::string::npos) return std::string();
    p += name.size() + 2;
    return block.substr(p, block.find('\n', p) - p);
  };
  std::size_t sep = block.find("\n\n");
  ASSERT_NE(sep, std::string::npos);
  std::string body = block.substr(sep + 2);
  body.pop_back();  // the newline before the closing fence
  EXPECT_EQ(header("Content-Length"), std::to_string(body.size()));
  std::int64_t ts = std::stoll(header("X-Webhook-Timestamp"));
  EXPECT_EQ(header("X-Webhook-Signature"), deliver::SignPayload("a-long-random-string", ts, body));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(body).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(doc["timestamp"].get_int64().value(), ts);
}

TEST(DocsExamples, DocumentedInstanceDownMatchesWhatVigilSends) {
  HttpReceiver receiver;
  TempDir data;
  VigilProcess vigil(GhostConfig(data, FreeTcpPort(), receiver.url("/hook")));
  ASSERT_TRUE(WaitForEvents(receiver, "instance.down", 1)) << vigil.Log();
  simdjson::dom::parser live_parser, doc_parser;
  simdjson::dom::element live = live_parser.parse(receiver.requests()[0].body).value();
  auto payloads = DocumentedPayloads();
  ASSERT_TRUE(payloads.count("instance.down"));
  simdjson::dom::element documented = doc_parser.parse(payloads["instance.down"]).value();
  EXPECT_EQ(Keys(live), Keys(documented));
  EXPECT_EQ(Keys(live["data"]), Keys(documented["data"]));
}

}  // namespace
}  // namespace vigil::testing
