// Tests of the test receiver itself with plain blocking sockets: pipelined requests are
// answered in order on one connection, and delayed answers keep that order.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "tests/support/http_receiver.hpp"

namespace vigil::testing {
namespace {

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

std::string ReadUntil(int fd, const std::string& needle, int occurrences) {
  std::string got;
  char buf[4096];
  auto count = [&] {
    int n = 0;
    for (std::size_t p = got.find(needle); p != std::string::npos; p = got.find(needle, p + 1)) ++n;
    return n;
  };
  while (count() < occurrences) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

TEST(HttpReceiverTest, PipelinedRequestsAnsweredInOrder) {
  HttpReceiver rx([](const RecordedRequest& req) {
    Reply r;
    r.body = req.path;
    r.delay_ms = req.path == "/a" ? 50 : 0;  // the first answer is late, the second waits
    return r;
  });
  int fd = Connect(rx.port());
  std::string two =
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: "
      "3\r\n\r\nxyz";
  ASSERT_EQ(::write(fd, two.data(), two.size()), static_cast<ssize_t>(two.size()));
  std::string got = ReadUntil(fd, "HTTP/1.1 200", 2);
  ::close(fd);
  std::size_t a = got.find("\r\n\r\n/a");
  std::size_t b = got.find("\r\n\r\n/b");
  ASSERT_NE(a, std::string::npos) << got;
  ASSERT_NE(b, std::string::npos) << got;
  EXPECT_LT(a, b);
  ASSERT_TRUE(rx.WaitForCount(2));
  auto reqs = rx.requests();
  EXPECT_EQ(reqs[0].connection_id, reqs[1].connection_id);
  EXPECT_EQ(reqs[1].index_on_connection, 1u);
  EXPECT_EQ(reqs[1].body, "xyz");
  EXPECT_EQ(rx.connections_accepted(), 1u);
}

TEST(HttpReceiverTest, StopWithOpenConnections) {
  auto rx = std::make_unique<HttpReceiver>([](const RecordedRequest&) {
    Reply r;
    r.never_answer = true;
    return r;
  });
  int fd = Connect(rx->port());
  std::string req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::write(fd, req.data(), req.size()), static_cast<ssize_t>(req.size()));
  ASSERT_TRUE(rx->WaitForCount(1));
  rx.reset();  // joins cleanly
  char c;
  EXPECT_LE(::read(fd, &c, 1), 0);
  ::close(fd);
}

}  // namespace
}  // namespace vigil::testing
