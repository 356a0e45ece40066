// HttpClient transport details against the independent test receiver: a request larger than
// the socket buffers (written partly at once, the rest queued) arrives whole over HTTP and
// HTTPS, and the lazy idle timer closes idle connections after the idle timeout but never a
// connection that was reused in the meantime or is busy when the timer fires.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/http_receiver.hpp"
#include "tests/support/pki.hpp"
#include "tests/support/wait.hpp"
#include "tests/unit/http/client_fixture.hpp"

namespace vigil::http {
namespace {

using namespace std::chrono_literals;
using vigil::testing::HttpReceiver;
using vigil::testing::MakePki;
using vigil::testing::ReceiverOptions;
using vigil::testing::RecordedRequest;
using vigil::testing::Reply;

// 12 MiB: more than a loopback socket takes in one write (send buffer at most 4 MiB), less
// than the receiver's 16 MiB body limit. Not periodic in the socket's chunk sizes, so a
// reordered or repeated chunk shows.
std::string BigBody() {
  std::string body(12 * 1024 * 1024, '\0');
  std::uint32_t x = 12345;
  for (char& c : body) {
    x = x * 1103515245 + 12345;
    c = static_cast<char>('a' + (x >> 16) % 26);
  }
  return body;
}

class TransportTest : public ClientTest {
 protected:
  // Runs the loop for d (the client's timers keep running).
  void RunFor(std::chrono::milliseconds d) {
    auto until = std::chrono::steady_clock::now() + d;
    RunUntil([&] { return std::chrono::steady_clock::now() >= until; }, d + 1s);
  }
};

TEST_F(TransportTest, RequestLargerThanTheSocketBufferArrivesWhole) {
  HttpReceiver rx;
  const std::string body = BigBody();
  RequestOptions opts;
  opts.timeout_ms = 60000;
  for (int i = 0; i < 2; ++i) {  // the second one on the connection the first one left idle
    Response r = SendAndWait(Post(rx.url("/big"), body), opts);
    ASSERT_TRUE(r.ok()) << r.status.message();
    EXPECT_EQ(r.code, 200);
    EXPECT_EQ(r.reused_connection, i > 0);
  }
  ASSERT_TRUE(rx.WaitForCount(2));
  auto reqs = rx.requests();
  for (const RecordedRequest& req : reqs) {
    ASSERT_EQ(req.body.size(), body.size());
    EXPECT_TRUE(req.body == body) << "body bytes differ";
  }
  EXPECT_EQ(rx.connections_accepted(), 1u);
}

TEST_F(TransportTest, SmallRequestAfterALargeOneOnTheSameConnection) {
  HttpReceiver rx;
  RequestOptions opts;
  opts.timeout_ms = 60000;
  ASSERT_TRUE(SendAndWait(Post(rx.url("/big"), BigBody()), opts).ok());
  Response r = SendAndWait(Post(rx.url("/small"), "tiny"));
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_TRUE(r.reused_connection);
  ASSERT_TRUE(rx.WaitForCount(2));
  EXPECT_EQ(rx.requests()[1].body, "tiny");
}

TEST_F(TransportTest, LargeRequestOverTlsArrivesWhole) {
  const auto* pki = MakePki();
  ASSERT_NE(pki, nullptr) << "openssl could not make the test certificates";
  ReceiverOptions o;
  o.cert_file = pki->server_crt;
  o.key_file = pki->server_key;
  HttpReceiver rx(o);
  const std::string body = BigBody();
  RequestOptions opts;
  opts.timeout_ms = 60000;
  opts.tls.ca_file = pki->ca_crt;
  Response r = SendAndWait(Post(rx.url("/big", "localhost"), body), opts);
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.code, 200);
  ASSERT_TRUE(rx.WaitForCount(1));
  auto reqs = rx.requests();
  ASSERT_EQ(reqs[0].body.size(), body.size());
  EXPECT_TRUE(reqs[0].body == body) << "body bytes differ";
}

TEST_F(TransportTest, IdleConnectionClosedAfterTheIdleTimeout) {
  HttpReceiver rx;
  ClientOptions opts;
  opts.idle_timeout_ms = 300;
  client(opts);
  ASSERT_TRUE(SendAndWait(Post(rx.url("/"))).ok());
  auto idle_from = std::chrono::steady_clock::now();
  ASSERT_TRUE(RunUntil([&] { return client().stats().open_connections == 0; }, 5s));
  EXPECT_GE(std::chrono::steady_clock::now() - idle_from, 250ms) << "closed too early";
  ASSERT_TRUE(vigil::testing::WaitFor([&] { return rx.open_connections() == 0; }));
}

TEST_F(TransportTest, ConnectionReusedWithinTheTimeoutStaysOpen) {
  // Requests every 150 ms with a 400 ms idle timeout: the timer armed by the first idle period
  // fires while the connection is idle for less than the timeout, and re-arms for the rest.
  HttpReceiver rx;
  ClientOptions opts;
  opts.idle_timeout_ms = 400;
  client(opts);
  for (int i = 0; i < 8; ++i) {
    Response r = SendAndWait(Post(rx.url("/again")));
    ASSERT_TRUE(r.ok()) << r.status.message();
    EXPECT_EQ(r.reused_connection, i > 0) << i;
    RunFor(150ms);
  }
  EXPECT_EQ(rx.connections_accepted(), 1u);
  EXPECT_EQ(client().stats().open_connections, 1u);
  ASSERT_TRUE(RunUntil([&] { return client().stats().open_connections == 0; }, 5s));
}

TEST_F(TransportTest, BusyConnectionNotClosedWhenItsIdleTimerFires) {
  // The idle timer (300 ms from the first response) fires while the second request is still
  // waiting for its slow answer: the connection must survive, then get a full idle period.
  HttpReceiver rx([](const RecordedRequest& req) {
    Reply r;
    if (req.path == "/slow") r.delay_ms = 500;
    return r;
  });
  ClientOptions opts;
  opts.idle_timeout_ms = 300;
  client(opts);
  ASSERT_TRUE(SendAndWait(Post(rx.url("/fast"))).ok());
  RunFor(100ms);
  Response slow = SendAndWait(Post(rx.url("/slow")));
  ASSERT_TRUE(slow.ok()) << slow.status.message();
  EXPECT_TRUE(slow.reused_connection);
  auto idle_from = std::chrono::steady_clock::now();
  EXPECT_EQ(client().stats().idle_connections, 1u);
  ASSERT_TRUE(RunUntil([&] { return client().stats().open_connections == 0; }, 5s));
  EXPECT_GE(std::chrono::steady_clock::now() - idle_from, 250ms) << "closed too early";
  EXPECT_EQ(rx.connections_accepted(), 1u);
  // And a request after that opens a new connection, which works as usual.
  Response again = SendAndWait(Post(rx.url("/fast")));
  ASSERT_TRUE(again.ok()) << again.status.message();
  EXPECT_FALSE(again.reused_connection);
  EXPECT_EQ(rx.connections_accepted(), 2u);
}

}  // namespace
}  // namespace vigil::http
