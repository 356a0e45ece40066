// HttpClient against the independent test receiver: responses, keep-alive, the per-origin
// cap, errors (refused, timeout, reset), the stale-connection retry, DNS, limits and Close().
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "tests/support/http_receiver.hpp"
#include "tests/support/wait.hpp"
#include "tests/unit/http/client_fixture.hpp"

namespace vigil::http {
namespace {

using vigil::testing::HttpReceiver;
using vigil::testing::RecordedRequest;
using vigil::testing::Reply;

TEST_F(ClientTest, PostGets200WithBody) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.body = "hello";
    r.headers = {{"X-Test", "yes"}};
    return r;
  });
  Response r = SendAndWait(Post(rx.url("/hook?x=1"), R"({"a":1})"));
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.error, ErrorKind::kNone);
  EXPECT_EQ(r.code, 200);
  EXPECT_EQ(r.body, "hello");
  ASSERT_NE(r.header("x-test"), nullptr);
  EXPECT_EQ(*r.header("X-TEST"), "yes");
  EXPECT_FALSE(r.truncated);
  EXPECT_FALSE(r.reused_connection);
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].path, "/hook?x=1");
  EXPECT_EQ(reqs[0].body, R"({"a":1})");
  ASSERT_NE(reqs[0].header("host"), nullptr);
  EXPECT_EQ(*reqs[0].header("host"), "127.0.0.1:" + std::to_string(rx.port()));
  EXPECT_EQ(*reqs[0].header("content-type"), "application/json");
}

TEST_F(ClientTest, KeepAliveReusesOneConnection) {
  HttpReceiver rx;
  for (int i = 0; i < 3; ++i) {
    Response r = SendAndWait(Post(rx.url("/k")));
    ASSERT_TRUE(r.ok()) << r.status.message();
    EXPECT_EQ(r.reused_connection, i > 0);
  }
  EXPECT_EQ(rx.connections_accepted(), 1u);
  EXPECT_EQ(client().stats().idle_connections, 1u);
}

TEST_F(ClientTest, PerOriginCapHonored) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.delay_ms = 30;
    return r;
  });
  ClientOptions opts;
  opts.max_connections_per_origin = 2;
  HttpClient& c = client(opts);
  int done = 0, ok = 0;
  std::size_t max_open = 0;
  for (int i = 0; i < 8; ++i) {
    c.Send(Post(rx.url("/cap")), {}, [&](Response r) {
      ++done;
      ok += r.ok() && r.code == 200;
    });
    max_open = std::max(max_open, c.stats().open_connections);
  }
  EXPECT_EQ(c.stats().queued, 6u);
  ASSERT_TRUE(RunUntil([&] {
    max_open = std::max(max_open, c.stats().open_connections);
    return done == 8;
  }));
  EXPECT_EQ(ok, 8);
  EXPECT_LE(max_open, 2u);
  EXPECT_LE(rx.connections_accepted(), 2u);
  EXPECT_EQ(rx.count(), 8u);
}

TEST_F(ClientTest, ConnectionRefusedFast) {
  int port = vigil::testing::FreeTcpPort();
  Response r = SendAndWait(Post("http://127.0.0.1:" + std::to_string(port) + "/"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, ErrorKind::kRefused) << r.status.message();
  EXPECT_TRUE(IsRetryable(r.error));
  EXPECT_LT(r.duration_ms, 2000u);
  EXPECT_EQ(r.code, 0);
}

TEST_F(ClientTest, ConnectTimeoutWhenSynsAreDropped) {
  // A listener with a full accept queue (backlog 0, one connection never accepted) makes the
  // kernel drop further SYNs: the next connect hangs until our connect timeout.
  int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(lfd, 0), 0);
  ASSERT_EQ(::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 2; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    fillers.push_back(fd);
  }
  RequestOptions opts;
  opts.connect_timeout_ms = 200;
  auto start = std::chrono::steady_clock::now();
  Response r =
      SendAndWait(Post("http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/"), opts);
  auto elapsed = std::chrono::steady_clock::now() - start;
  for (int fd : fillers) ::close(fd);
  ::close(lfd);
  EXPECT_EQ(r.error, ErrorKind::kConnectTimeout) << r.status.message();
  EXPECT_GE(elapsed, std::chrono::milliseconds(180));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_F(ClientTest, NeverAnsweredTimesOut) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.never_answer = true;
    return r;
  });
  RequestOptions opts;
  opts.timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  Response r = SendAndWait(Post(rx.url("/slow")), opts);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.error, ErrorKind::kResponseTimeout) << r.status.message();
  EXPECT_EQ(r.status.code(), Status::Code::kTimeout);
  EXPECT_GE(elapsed, std::chrono::milliseconds(280));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_EQ(client().stats().open_connections, 0u);  // a half-done exchange is not reused
}

TEST_F(ClientTest, ServerResetIsResetError) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.reset = true;
    return r;
  });
  Response r = SendAndWait(Post(rx.url("/rst")));
  EXPECT_EQ(r.error, ErrorKind::kReset) << r.status.message();
  EXPECT_EQ(rx.count(), 1u);  // a fresh connection is never retried
}

TEST_F(ClientTest, ServerClosingWithoutAnswerIsClosedError) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.drop = true;
    return r;
  });
  Response r = SendAndWait(Post(rx.url("/drop")));
  EXPECT_EQ(r.error, ErrorKind::kPeerClosed) << r.status.message();
  EXPECT_EQ(rx.count(), 1u);
}

TEST_F(ClientTest, StaleKeepAliveRetriedTransparently) {
  // The second request on any connection finds it closed by the server (no answer).
  HttpReceiver rx([](const RecordedRequest& req) {
    Reply r;
    r.drop = req.index_on_connection == 1;
    return r;
  });
  ASSERT_TRUE(SendAndWait(Post(rx.url("/1"))).ok());
  Response r = SendAndWait(Post(rx.url("/2")));
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.code, 200);
  EXPECT_FALSE(r.reused_connection);
  EXPECT_EQ(rx.count(), 3u);
  EXPECT_EQ(rx.connections_accepted(), 2u);
}

TEST_F(ClientTest, RetryHappensOnlyOnce) {
  HttpReceiver rx([](const RecordedRequest& req) {
    Reply r;
    r.drop = req.index_on_connection >= 1 || req.connection_id >= 2;
    return r;
  });
  ASSERT_TRUE(SendAndWait(Post(rx.url("/1"))).ok());
  Response r = SendAndWait(Post(rx.url("/2")));
  EXPECT_EQ(r.error, ErrorKind::kPeerClosed) << r.status.message();
  EXPECT_EQ(rx.count(), 3u);
}

TEST_F(ClientTest, ServerClosingIdleConnectionIsHandled) {
  HttpReceiver rx;
  ASSERT_TRUE(SendAndWait(Post(rx.url("/1"))).ok());
  rx.CloseAllConnections();
  Response r = SendAndWait(Post(rx.url("/2")));
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(rx.connections_accepted(), 2u);
}

TEST_F(ClientTest, RetryAfterAndStatusExposed) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.status = 503;
    r.headers = {{"Retry-After", "7"}};
    r.body = "busy";
    return r;
  });
  Response r = SendAndWait(Post(rx.url("/")));
  ASSERT_TRUE(r.ok()) << "a 503 is a transport success";
  EXPECT_EQ(r.code, 503);
  EXPECT_TRUE(IsRetryableHttpStatus(r.code));
  ASSERT_NE(r.header("retry-after"), nullptr);
  EXPECT_EQ(*r.header("retry-after"), "7");
  EXPECT_EQ(r.body, "busy");
}

TEST_F(ClientTest, ChunkedResponse) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.headers = {{"Transfer-Encoding", "chunked"}};
    r.body = "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
    return r;
  });
  Response r = SendAndWait(Post(rx.url("/")));
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.body, "abcde");
  ASSERT_TRUE(SendAndWait(Post(rx.url("/"))).reused_connection);
}

TEST_F(ClientTest, DnsLocalhostResolves) {
  HttpReceiver rx;
  Response r = SendAndWait(Post(rx.url("/dns", "localhost")));
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.code, 200);
  EXPECT_EQ(*rx.requests().at(0).header("host"), "localhost:" + std::to_string(rx.port()));
}

TEST_F(ClientTest, UnknownHostIsDnsError) {
  Response r = SendAndWait(Post("http://no-such-host.invalid/"));
  EXPECT_EQ(r.error, ErrorKind::kDns) << r.status.message();
}

TEST_F(ClientTest, BodyOverLimitTruncated) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.body = std::string(1000, 'x');
    return r;
  });
  ClientOptions opts;
  opts.max_body_bytes = 10;
  client(opts);
  Response r = SendAndWait(Post(rx.url("/")));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.body, std::string(10, 'x'));
  EXPECT_TRUE(SendAndWait(Post(rx.url("/"))).reused_connection);
}

TEST_F(ClientTest, TooManyHeadersIsTooLarge) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    for (int i = 0; i < 20; ++i) r.headers.emplace_back("X-H" + std::to_string(i), "v");
    return r;
  });
  ClientOptions opts;
  opts.max_headers = 5;
  client(opts);
  Response r = SendAndWait(Post(rx.url("/")));
  EXPECT_EQ(r.error, ErrorKind::kTooLarge) << r.status.message();
}

TEST_F(ClientTest, IdleConnectionsExpire) {
  HttpReceiver rx;
  ClientOptions opts;
  opts.idle_timeout_ms = 50;
  client(opts);
  ASSERT_TRUE(SendAndWait(Post(rx.url("/"))).ok());
  EXPECT_EQ(client().stats().idle_connections, 1u);
  ASSERT_TRUE(RunUntil([&] { return client().stats().open_connections == 0; }));
  ASSERT_TRUE(RunUntil([&] { return rx.open_connections() == 0; }));
}

TEST_F(ClientTest, CallbacksNeverRunInsideSend) {
  bool called = false;
  Request bad = Post("http://127.0.0.1:1/");
  bad.headers = {{"X", "a\r\nb"}};
  client().Send(bad, {}, [&](Response r) {
    called = true;
    EXPECT_EQ(r.error, ErrorKind::kInvalidRequest);
  });
  EXPECT_FALSE(called);
  ASSERT_TRUE(RunUntil([&] { return called; }));
}

TEST_F(ClientTest, CloseCancelsPending) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.never_answer = true;
    return r;
  });
  std::vector<ErrorKind> errors;
  for (int i = 0; i < 3; ++i) {
    client().Send(Post(rx.url("/")), {}, [&](Response r) { errors.push_back(r.error); });
  }
  ASSERT_TRUE(RunUntil([&] { return rx.count() == 3; }));
  client().Close();
  ASSERT_EQ(errors.size(), 3u);
  for (ErrorKind e : errors) EXPECT_EQ(e, ErrorKind::kClientClosed);
  bool after = false;
  client().Send(Post(rx.url("/")), {}, [&](Response r) {
    after = true;
    EXPECT_EQ(r.error, ErrorKind::kClientClosed);
  });
  ASSERT_TRUE(RunUntil([&] { return after; }));
  ASSERT_TRUE(vigil::testing::WaitFor([&] { return rx.open_connections() == 0; }));
}

TEST_F(ClientTest, CallbackMaySendAgain) {
  HttpReceiver rx;
  int done = 0;
  std::function<void(Response)> next = [&](Response r) {
    EXPECT_TRUE(r.ok());
    if (++done < 5) client().Send(Post(rx.url("/chain")), {}, next);
  };
  client().Send(Post(rx.url("/chain")), {}, next);
  ASSERT_TRUE(RunUntil([&] { return done == 5; }));
  EXPECT_EQ(rx.connections_accepted(), 1u);
}

}  // namespace
}  // namespace vigil::http
