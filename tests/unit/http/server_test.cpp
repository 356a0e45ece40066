// HttpServer against real sockets: the server runs its loop on a thread, each test talks to it
// with a tiny blocking client (parsed with core/http's ResponseParser) and checks the loop
// ends clean.
#include "core/http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/http/response_parser.hpp"
#include "core/reactor/timer_queue.hpp"
#include "tests/support/wait.hpp"

namespace vigil::http {
namespace {

using namespace std::chrono_literals;

struct Reply {
  int status = 0;  // 0: no complete response (closed or timed out)
  Headers headers;
  std::string body;
  const std::string* header(std::string_view n) const { return FindHeader(headers, n); }
};

// A blocking loopback client with 5 s socket timeouts, so no test can hang.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }
  void SetRecvBuffer(int bytes) { setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes); }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Reads raw bytes until `count` are there (or EOF/timeout).
  std::string ReadRaw(std::size_t count) {
    while (buf_.size() < count && Fill()) {
    }
    std::string out = buf_.substr(0, count);
    buf_.erase(0, out.size());
    return out;
  }
  // Reads one response (interim 1xx responses are skipped by the parser).
  Reply Read(bool head = false) {
    ResponseParser p(ParserLimits{100, 64 * 1024, 16 * 1024 * 1024});
    p.Reset(head);
    for (;;) {
      std::size_t used = 0;
      if (!buf_.empty()) {
        p.Feed(buf_.data(), buf_.size(), &used);
        buf_.erase(0, used);
      }
      if (p.state() == ResponseParser::State::kComplete) {
        return Reply{p.status_code(), p.TakeHeaders(), p.TakeBody()};
      }
      if (p.state() == ResponseParser::State::kError || !Fill()) return {};
    }
  }
  // True when the server closed the connection (EOF or reset) with nothing more to read.
  bool Closed() {
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return buf_.empty() && (n == 0 || (n < 0 && errno == ECONNRESET));
  }

 private:
  bool Fill() {
    char tmp[64 * 1024];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

std::string Get(std::string_view path, std::string_view extra = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extra) + "\r\n";
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options, HttpServer::Handler handler) {
    ASSERT_EQ(uv_loop_init(&loop_), 0);
    timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
    server_ = std::make_unique<HttpServer>(&loop_, *timers_, options);
    server_->SetHandler(std::move(handler));
    ASSERT_TRUE(server_->Listen("127.0.0.1", 0).ok());
    port_ = server_->port();
    uv_async_init(&loop_, &async_,
                  [](uv_async_t* a) { static_cast<ServerTest*>(a->data)->RunPosted(); });
    async_.data = this;
    thread_ = std::thread([this] { uv_run(&loop_, UV_RUN_DEFAULT); });
  }

  void TearDown() override {
    if (!thread_.joinable()) return;
    OnLoop([this] {
      held_.clear();
      server_->Close();
      timers_->close();
      uv_close(reinterpret_cast<uv_handle_t*>(&async_), nullptr);
    });
    thread_.join();
    server_.reset();
    timers_.reset();
    EXPECT_EQ(uv_loop_close(&loop_), 0) << "handles left open on the loop";
  }

  // Runs fn on the loop thread and waits for it.
  void OnLoop(std::function<void()> fn) {
    std::promise<void> done;
    {
      std::lock_guard<std::mutex> lock(mu_);
      posted_.push_back([&] {
        fn();
        done.set_value();
      });
    }
    uv_async_send(&async_);
    done.get_future().wait();
  }
  ServerStats Stats() {
    ServerStats s;
    OnLoop([&] { s = server_->stats(); });
    return s;
  }

  uv_loop_t loop_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
  std::vector<Responder> held_;  // loop thread only

 private:
  void RunPosted() {
    std::vector<std::function<void()>> fns;
    {
      std::lock_guard<std::mutex> lock(mu_);
      fns.swap(posted_);
    }
    for (auto& f : fns) f();
  }
  uv_async_t async_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::function<void()>> posted_;
};

// Answers "<method> <path> q=<query a> h=<X-Test> body=<body> peer-ok=<0|1>".
void Echo(const ServerRequest& req, Responder r) {
  const std::string* q = req.query_param("a");
  const std::string* h = req.header("x-test");
  r.Send(200, {{"X-Echo", "1"}},
         req.method + " " + req.path + " q=" + (q ? *q : "-") + " h=" + (h ? *h : "-") + " body=" +
             req.body + " peer-ok=" + (req.peer.rfind("127.0.0.1:", 0) == 0 ? "1" : "0"));
}

TEST_F(ServerTest, KeepAliveServesThreeRequestsOnOneConnection) {
  Start({}, Echo);
  Client c(port_);
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(Get("/v1/x%20y?a=b%20c+d&z", "X-TEST: v" + std::to_string(i) + "\r\n")));
    Reply r = c.Read();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "GET /v1/x%20y q=b c d h=v" + std::to_string(i) + " body= peer-ok=1");
    ASSERT_NE(r.header("Content-Length"), nullptr);
    EXPECT_EQ(r.header("Connection"), nullptr);
    EXPECT_NE(r.header("Date"), nullptr);
    EXPECT_EQ(*r.header("Content-Type"), "text/plain; charset=utf-8");
  }
  ServerStats s = Stats();
  EXPECT_EQ(s.accepted_connections, 1u);
  EXPECT_EQ(s.open_connections, 1u);
  EXPECT_EQ(s.requests, 3u);
  EXPECT_EQ(s.responses[2], 3u);
}

TEST_F(ServerTest, PipelinedAnswersKeepRequestOrderWhenHandlersAnswerBackwards) {
  Start({}, [this](const ServerRequest& req, Responder r) {
    (void)req;
    held_.push_back(std::move(r));
    if (held_.size() < 3) return;
    for (int i = 2; i >= 0; --i)
      held_[static_cast<std::size_t>(i)].Send(200, {}, std::to_string(i + 1));
    held_.clear();
  });
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/1") + Get("/2") + Get("/3")));
  EXPECT_EQ(c.Read().body, "1");
  EXPECT_EQ(c.Read().body, "2");
  EXPECT_EQ(c.Read().body, "3");
}

TEST_F(ServerTest, PipelinedPostsWithBodiesInOneWrite) {
  Start({}, Echo);
  Client c(port_);
  std::string post = "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc";
  std::string chunked =
      "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2\r\nxy\r\n1;ext=1\r\nz\r\n0\r\n\r\n";
  ASSERT_TRUE(c.Send(post + chunked + Get("/g")));
  EXPECT_EQ(c.Read().body, "POST /p q=- h=- body=abc peer-ok=1");
  EXPECT_EQ(c.Read().body, "POST /c q=- h=- body=xyz peer-ok=1");
  EXPECT_EQ(c.Read().body, "GET /g q=- h=- body= peer-ok=1");
}

TEST_F(ServerTest, PipelineBoundHoldsLaterRequestsUntilAnswered) {
  ServerOptions o;
  o.max_pipelined = 2;
  std::size_t* seen = new std::size_t(0);
  std::unique_ptr<std::size_t> owner(seen);
  Start(o, [this, seen](const ServerRequest&, Responder r) {
    ++*seen;
    held_.push_back(std::move(r));
  });
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/1") + Get("/2") + Get("/3") + Get("/4")));
  ASSERT_TRUE(testing::WaitFor([&] { return Stats().requests == 2; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(Stats().requests, 2u) << "only max_pipelined requests are parsed";
  OnLoop([this] {
    std::vector<Responder> first;
    first.swap(held_);  // answering lets the server parse (and hold) requests 3 and 4
    for (auto& r : first) r.Send(200, {}, "x");
  });
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(c.Read().status, 200);
  ASSERT_TRUE(testing::WaitFor([&] { return Stats().requests == 4; }));
  OnLoop([this] { held_.clear(); });  // dropped: 500 each
  EXPECT_EQ(c.Read().status, 500);
  EXPECT_EQ(c.Read().status, 500);
}

TEST_F(ServerTest, AsynchronousResponderAnswersFromATimer) {
  Start({}, [this](const ServerRequest& req, Responder r) {
    auto shared = std::make_shared<Responder>(std::move(r));
    std::string path = req.path;  // the request lives for the call only
    timers_->schedule(30, [shared, path] { shared->Json(202, "{\"path\":\"" + path + "\"}"); });
  });
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/later")));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "{\"path\":\"/later\"}");
  EXPECT_EQ(*r.header("Content-Type"), "application/json");
}

TEST_F(ServerTest, DroppedResponderAnswers500) {
  Start({}, [](const ServerRequest&, Responder) {});
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/")));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "{\"error\":\"handler did not respond\",\"field\":null}");
  ASSERT_TRUE(c.Send(Get("/")));  // still usable
  EXPECT_EQ(c.Read().status, 500);
  EXPECT_EQ(Stats().responses[5], 2u);
}

TEST_F(ServerTest, SecondSendOfAResponderIsIgnored) {
  Start({}, [](const ServerRequest&, Responder r) {
    r.Send(201, {}, "first");
    r.Send(500, {}, "second");
    EXPECT_FALSE(r.pending());
  });
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/") + Get("/")));
  EXPECT_EQ(c.Read().body, "first");
  EXPECT_EQ(c.Read().body, "first");
}

TEST_F(ServerTest, BodyOverLimitByContentLengthIs413BeforeTheBody) {
  Start({}, Echo);
  Client c(port_);
  ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n"));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, "{\"error\":\"request body over 1048576 bytes\",\"field\":null}");
  EXPECT_EQ(*r.header("Connection"), "close");
  EXPECT_EQ(*r.header("Content-Type"), "application/json");
  EXPECT_TRUE(c.Closed());
  EXPECT_EQ(Stats().requests, 0u);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  Start({}, Echo);
  Client c(port_);
  std::string req = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  for (int i = 0; i < 17; ++i) req += chunk;  // 17 x 64 KiB > 1 MiB
  req += "0\r\n\r\n";
  c.Send(req);  // the server may stop reading after the limit: a failed send is fine
  Reply r = c.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, "{\"error\":\"request body over 1048576 bytes\",\"field\":null}");
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, HugeHeadersAre431) {
  Start({}, Echo);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/", "X-Big: " + std::string(20000, 'h') + "\r\n")));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(r.body, "{\"error\":\"request headers over 16384 bytes\",\"field\":null}");
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, GarbageIs400AndClosed) {
  Start({}, Echo);
  Client c(port_);
  ASSERT_TRUE(
      c.Send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 22)));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"error\":\"malformed request: "), std::string::npos) << r.body;
  EXPECT_TRUE(c.Closed());
  EXPECT_EQ(Stats().rejected_requests, 1u);
}

TEST_F(ServerTest, SlowHeadersGet408AfterTheHeaderTimeout) {
  ServerOptions o;
  o.header_timeout_ms = 100;
  Start(o, Echo);
  Client c(port_);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: "));  // never finished
  Reply r = c.Read();
  EXPECT_EQ(r.status, 408);
  EXPECT_TRUE(c.Closed());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 90ms);
  EXPECT_EQ(Stats().timeouts, 1u);
}

TEST_F(ServerTest, SilentNewConnectionGets408) {
  ServerOptions o;
  o.header_timeout_ms = 50;
  Start(o, Echo);
  Client c(port_);
  EXPECT_EQ(c.Read().status, 408);
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, IdleKeptAliveConnectionIsClosedSilently) {
  ServerOptions o;
  o.idle_timeout_ms = 100;
  Start(o, Echo);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/")));
  EXPECT_EQ(c.Read().status, 200);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.Closed());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 80ms);
  EXPECT_TRUE(testing::WaitFor([&] { return Stats().open_connections == 0; }));
}

TEST_F(ServerTest, ConnectionsOverTheLimitAreAcceptedAndClosed) {
  ServerOptions o;
  o.max_connections = 2;
  Start(o, Echo);
  Client a(port_), b(port_);
  ASSERT_TRUE(a.Send(Get("/")));
  ASSERT_TRUE(b.Send(Get("/")));
  EXPECT_EQ(a.Read().status, 200);
  EXPECT_EQ(b.Read().status, 200);
  Client c(port_);
  EXPECT_TRUE(c.Closed());
  EXPECT_EQ(Stats().rejected_connections, 1u);
  ASSERT_TRUE(a.Send(Get("/")));
  EXPECT_EQ(a.Read().status, 200);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  Start({}, Echo);
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/", "Connection: close\r\n") + Get("/ignored")));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.header("Connection"), "close");
  EXPECT_TRUE(c.Closed());
  EXPECT_EQ(Stats().requests, 1u);
}

TEST_F(ServerTest, HandlerMayAskToClose) {
  Start({}, [](const ServerRequest&, Responder r) {
    r.Send(200, {{"Connection", "close"}}, "bye");
  });
  Client c(port_);
  ASSERT_TRUE(c.Send(Get("/")));
  Reply r = c.Read();
  EXPECT_EQ(*r.header("Connection"), "close");
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAliveAsked) {
  Start({}, Echo);
  {
    Client c(port_);
    ASSERT_TRUE(c.Send("GET /old HTTP/1.0\r\n\r\n"));
    Reply r = c.Read();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(*r.header("Connection"), "close");
    EXPECT_TRUE(c.Closed());
  }
  Client c(port_);
  ASSERT_TRUE(c.Send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  Reply r = c.Read();
  EXPECT_EQ(*r.header("Connection"), "keep-alive");
  ASSERT_TRUE(c.Send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(c.Read().body, "GET /again q=- h=- body= peer-ok=1");
}

TEST_F(ServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  Start({}, Echo);
  Client c(port_);
  ASSERT_TRUE(
      c.Send("PUT /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  EXPECT_EQ(c.ReadRaw(25), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(c.Send("hello"));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "PUT /e q=- h=- body=hello peer-ok=1");
}

TEST_F(ServerTest, HeadAnswerHasLengthButNoBody) {
  Start({}, Echo);
  Client c(port_);
  ASSERT_TRUE(c.Send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n" + Get("/g")));
  Reply r = c.Read(/*head=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.header("Content-Length"),
            std::to_string(std::string("HEAD /h q=- h=- body= peer-ok=1").size()));
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(c.Read().body, "GET /g q=- h=- body= peer-ok=1");
}

TEST_F(ServerTest, ClientThatNeverReadsIsClosedAtTheOutputBound) {
  ServerOptions o;
  o.max_output_bytes = 1024 * 1024;
  Start(o,
        [](const ServerRequest&, Responder r) { r.Send(200, {}, std::string(256 * 1024, 'r')); });
  Client c(port_);
  c.SetRecvBuffer(4096);
  std::string many;
  for (int i = 0; i < 200; ++i) many += Get("/");
  c.Send(many);  // never read: 200 x 256 KiB would be 50 MiB
  ASSERT_TRUE(testing::WaitFor([&] { return Stats().output_overflows == 1; }, 3s))
      << Stats().requests << " " << Stats().open_connections << " " << Stats().responses[2];
  EXPECT_TRUE(testing::WaitFor([&] { return Stats().open_connections == 0; }));
  EXPECT_LT(Stats().requests, 200u);
}

TEST_F(ServerTest, CloseWithRequestsInFlightLeavesTheLoopClean) {
  Start({}, [this](const ServerRequest&, Responder r) { held_.push_back(std::move(r)); });
  Client a(port_), b(port_);
  ASSERT_TRUE(a.Send(Get("/1") + Get("/2")));
  ASSERT_TRUE(b.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));  // partial
  ASSERT_TRUE(testing::WaitFor([&] { return Stats().requests == 2; }));
  OnLoop([this] {
    server_->Close();
    server_->Close();  // idempotent
    for (auto& r : held_) {
      EXPECT_FALSE(r.alive());
      r.Send(200, {}, "too late");  // a harmless no-op
    }
  });
  EXPECT_TRUE(a.Closed());
  EXPECT_TRUE(b.Closed());
  // TearDown runs the loop to its end and checks uv_loop_close() == 0.
}

TEST(ServerListen, RejectsBadAddressesAndBindsIpv6) {
  uv_loop_t loop;
  ASSERT_EQ(uv_loop_init(&loop), 0);
  {
    reactor::TimerQueue timers(&loop);
    HttpServer bad(&loop, timers);
    Status s = bad.Listen("not-an-ip", 0);
    EXPECT_EQ(s.code(), Status::Code::kInvalid);
    HttpServer v6(&loop, timers);
    Status s6 = v6.Listen("::1", 0);
    if (s6.ok()) {
      EXPECT_NE(v6.port(), 0);
      EXPECT_FALSE(v6.Listen("::1", 0).ok());
    }
    HttpServer taken(&loop, timers);
    if (s6.ok()) {
      EXPECT_EQ(taken.Listen("::1", v6.port()).code(), Status::Code::kIo);
    }
    v6.Close();
    timers.close();
  }
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(uv_loop_close(&loop), 0);
}

}  // namespace
}  // namespace vigil::http
