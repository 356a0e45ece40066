// Connection's push handler against a real redis-server, in RESP3 (pushes) and RESP2 (pub/sub
// arrays while subscribed): SUBSCRIBE, PUBLISH from redis-cli, the message reaches the handler.
#include <gtest/gtest.h>
#include <uv.h>

#include <string>
#include <vector>

#include "core/redis/connection.hpp"
#include "tests/support/process.hpp"

namespace vigil::redis {
namespace {

struct Recorder : Connection::Listener {
  bool ready = false, closed = false;
  void OnReady(Connection&) override { ready = true; }
  void OnClosed(Connection&, CloseReason, const std::string&) override { closed = true; }
};

// Flattens a pub/sub message to its string elements, e.g. {"message", "ch", "hello"}.
std::vector<std::string> Strings(const resp::Value& v) {
  std::vector<std::string> out;
  for (resp::Value c : v) out.emplace_back(c.is_string() ? c.str() : "#" + resp::DebugString(c));
  return out;
}

class ConnectionPush : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    uv_loop_init(&loop_);
    uv_timer_init(&loop_, &tick_);  // wakes the loop so RunUntil can check its predicate
    uv_timer_start(
        &tick_, [](uv_timer_t*) {}, 5, 5);
    timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
    ConnectionOptions o;
    o.host = "127.0.0.1";
    o.port = server_.port();
    o.try_resp3 = GetParam();
    conn_ = std::make_unique<Connection>(*timers_, o, listener_);
    conn_->set_push_handler([this](const resp::Value& m) { pushes_.push_back(Strings(m)); });
    conn_->Connect();
    ASSERT_TRUE(RunUntil([&] { return listener_.ready || listener_.closed; }));
    ASSERT_TRUE(listener_.ready);
    ASSERT_EQ(conn_->protocol(), GetParam() ? 3 : 2);
  }
  void TearDown() override {
    conn_.reset();
    timers_->close();
    uv_close(reinterpret_cast<uv_handle_t*>(&tick_), nullptr);
    uv_run(&loop_, UV_RUN_DEFAULT);
    timers_.reset();
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  bool RunUntil(const std::function<bool()>& pred, std::uint64_t timeout_ms = 5000) {
    std::uint64_t deadline = uv_now(&loop_) + timeout_ms;
    while (!pred() && uv_now(&loop_) < deadline) uv_run(&loop_, UV_RUN_ONCE);
    return pred();
  }
  // Sends a command and waits for its reply, returned as DebugString ("" on a failed status).
  std::string Call(std::initializer_list<std::string_view> args) {
    bool done = false;
    std::string out;
    conn_->Send(args, [&](const Status& s, const resp::Value* r) {
      done = true;
      if (s.ok() && r) out = resp::DebugString(*r);
    });
    EXPECT_TRUE(RunUntil([&] { return done; }));
    return out;
  }

  testing::RedisServer server_;
  uv_loop_t loop_;
  uv_timer_t tick_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  Recorder listener_;
  std::unique_ptr<Connection> conn_;
  std::vector<std::vector<std::string>> pushes_;
};

TEST_P(ConnectionPush, SubscribeThenPublishReachesHandler) {
  // Two channels: two confirmations; the callback takes the first, the second is a push.
  std::string reply = Call({"SUBSCRIBE", "alerts", "other"});
  EXPECT_NE(reply.find("subscribe"), std::string::npos) << reply;
  EXPECT_NE(reply.find("alerts"), std::string::npos) << reply;
  ASSERT_TRUE(RunUntil([&] { return pushes_.size() == 1; }));
  EXPECT_EQ(pushes_[0][0], "subscribe");
  EXPECT_EQ(pushes_[0][1], "other");
  EXPECT_TRUE(conn_->subscribed());

  EXPECT_EQ(server_.Cli({"PUBLISH", "alerts", "hello world"}), "1");
  ASSERT_TRUE(RunUntil([&] { return pushes_.size() == 2; }));
  EXPECT_EQ(pushes_[1], (std::vector<std::string>{"message", "alerts", "hello world"}));
  EXPECT_FALSE(listener_.closed);
  EXPECT_EQ(conn_->pending(), 0u);
}

TEST_P(ConnectionPush, PatternSubscribeGetsPmessage) {
  Call({"PSUBSCRIBE", "+*"});
  EXPECT_EQ(server_.Cli({"PUBLISH", "+sdown", "master mymaster 127.0.0.1 6379"}), "1");
  ASSERT_TRUE(RunUntil([&] { return !pushes_.empty(); }));
  EXPECT_EQ(pushes_[0], (std::vector<std::string>{"pmessage", "+*", "+sdown",
                                                  "master mymaster 127.0.0.1 6379"}));
}

TEST_P(ConnectionPush, UnsubscribeLeavesSubscribedModeAndRepliesFlowAgain) {
  Call({"SUBSCRIBE", "a"});
  EXPECT_TRUE(conn_->subscribed());
  Call({"UNSUBSCRIBE"});
  EXPECT_FALSE(conn_->subscribed());
  EXPECT_EQ(Call({"PING"}), "PONG");
  // Not subscribed: an ordinary array that looks like a message is a reply, not a push.
  server_.Cli({"RPUSH", "l", "message", "x", "y"});
  EXPECT_EQ(Call({"LRANGE", "l", "0", "-1"}), R"(["message" "x" "y"])");
  EXPECT_TRUE(pushes_.empty());
  EXPECT_FALSE(listener_.closed);
}

INSTANTIATE_TEST_SUITE_P(Protocols, ConnectionPush, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Resp3" : "Resp2"; });

}  // namespace
}  // namespace vigil::redis
