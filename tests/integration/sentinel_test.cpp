// The sentinel source plugin end to end: plugins/sentinel.so driven by a SourceRunner on a libuv
// loop against a real Sentinel (master killed -> instance.down, restarted -> instance.up), and
// against a plain redis-server standing in for one (PUBLISH of Sentinel's messages).
#include <gtest/gtest.h>
#include <uv.h>

#include <fstream>
#include <functional>

#include "core/plugin/registry.hpp"
#include "core/plugin/source_host.hpp"
#include "tests/support/http_receiver.hpp"
#include "tests/support/process.hpp"
#include "tests/support/wait.hpp"

namespace vigil::testing {
namespace {

struct RecordingSink : event::EventSink {
  std::vector<event::EventPtr> events;
  void Publish(event::EventPtr e, const std::vector<std::size_t>*) override {
    events.push_back(std::move(e));
  }
  std::vector<event::EventPtr> OfType(event::Type t) const {
    std::vector<event::EventPtr> out;
    for (const auto& e : events)
      if (e->type == t) out.push_back(e);
    return out;
  }
};

// A Sentinel monitoring one master, on a free port, killed on destruction.
class Sentinel {
 public:
  explicit Sentinel(int master_port) : port_(FreeTcpPort()) {
    std::ofstream(dir_.file("sentinel.conf"))
        << "port " << port_ << "\nbind 127.0.0.1\ndir " << dir_.path()
        << "\nsentinel monitor mymaster 127.0.0.1 " << master_port << " 1\n"
        << "sentinel down-after-milliseconds mymaster 500\n"
        << "sentinel failover-timeout mymaster 60000\n";
    pid_ = Spawn({VIGIL_REDIS_SERVER, dir_.file("sentinel.conf"), "--sentinel"},
                 dir_.file("sentinel.log"));
    bool up = WaitFor([&] {
      return RunCapture({"/usr/bin/redis-cli", "-p", std::to_string(port_), "PING"}) == "PONG\n";
    });
    if (!up) throw std::runtime_error("sentinel did not start");
  }
  ~Sentinel() { KillAndWait(pid_, SIGKILL); }
  int port() const { return port_; }

 private:
  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

class SentinelSource : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(registry_.LoadFile(std::string(VIGIL_BUILD_DIR) + "/plugins/sentinel.so").ok());
    vt_ = registry_.source("sentinel");
    ASSERT_NE(vt_, nullptr);
    uv_loop_init(&loop_);
    uv_timer_init(&loop_, &tick_);  // wakes the loop so RunUntil checks its predicate
    uv_timer_start(
        &tick_, [](uv_timer_t*) {}, 5, 5);
    timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
  }
  void TearDown() override {
    runner_.reset();
    timers_->close();
    uv_close(reinterpret_cast<uv_handle_t*>(&tick_), nullptr);
    uv_run(&loop_, UV_RUN_DEFAULT);
    timers_.reset();
    EXPECT_EQ(uv_loop_close(&loop_), 0) << "the source left handles on the loop";
  }
  Status StartSource(const std::string& options) {
    runner_ = std::make_unique<plugin::SourceRunner>(*timers_, sink_, vt_, "s1", options);
    return runner_->Start();
  }
  bool RunUntil(const std::function<bool()>& pred, std::uint64_t timeout_ms = 10000) {
    uv_update_time(&loop_);
    std::uint64_t deadline = uv_now(&loop_) + timeout_ms;
    while (!pred() && uv_now(&loop_) < deadline) uv_run(&loop_, UV_RUN_ONCE);
    return pred();
  }
  // Runs the loop until `server` reports a subscriber on +sdown (the source is subscribed).
  bool WaitSubscribed(const RedisServer& server) {
    return RunUntil([&] { return server.Cli({"PUBSUB", "NUMSUB", "+sdown"}) == "+sdown\n1"; });
  }

  plugin::Registry registry_;
  const vigil_source_vtable* vt_ = nullptr;
  uv_loop_t loop_;
  uv_timer_t tick_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  RecordingSink sink_;
  std::unique_ptr<plugin::SourceRunner> runner_;
};

TEST_F(SentinelSource, RealSentinelMasterDownThenUp) {
  RedisServer master;
  Sentinel sentinel(master.port());
  ASSERT_TRUE(StartSource(R"({"host":"127.0.0.1","port":)" + std::to_string(sentinel.port()) +
                          R"(,"masters":["mymaster"]})")
                  .ok());
  // Sentinel has no PUBSUB command: its CLIENT LIST shows our 5 subscriptions instead.
  ASSERT_TRUE(RunUntil([&] {
    return RunCapture(
               {"/usr/bin/redis-cli", "-p", std::to_string(sentinel.port()), "CLIENT", "LIST"})
               .find(" sub=5 ") != std::string::npos;
  }));

  master.Kill();
  ASSERT_TRUE(RunUntil([&] { return !sink_.OfType(event::Type::kInstanceDown).empty(); }))
      << "no instance.down within 10 s";
  event::EventPtr down = sink_.OfType(event::Type::kInstanceDown)[0];
  EXPECT_FALSE(down->resolved);
  EXPECT_EQ(down->instance.name, "mymaster");
  EXPECT_EQ(down->instance.host, "127.0.0.1");
  EXPECT_EQ(down->instance.port, master.port());
  EXPECT_EQ(down->alert_key, "sentinel/mymaster/down");
  EXPECT_NE(down->data_json.find(R"("source":"sentinel")"), std::string::npos) << down->data_json;
  EXPECT_NE(down->data_json.find(R"("role":"master")"), std::string::npos) << down->data_json;
  EXPECT_NE(down->data_json.find(R"("reason":"sdown")"), std::string::npos) << down->data_json;
  EXPECT_NE(down->data_json.find(R"("sentinel":"127.0.0.1:)" + std::to_string(sentinel.port())),
            std::string::npos);

  master.Start();
  ASSERT_TRUE(RunUntil([&] { return !sink_.OfType(event::Type::kInstanceUp).empty(); }))
      << "no instance.up within 10 s";
  event::EventPtr up = sink_.OfType(event::Type::kInstanceUp)[0];
  EXPECT_TRUE(up->resolved);
  EXPECT_EQ(up->alert_key, down->alert_key);
  EXPECT_EQ(up->instance.name, "mymaster");
  EXPECT_EQ(sink_.OfType(event::Type::kInstanceUp).size(), 1u) << "one resolution per episode";
  EXPECT_EQ(runner_->emitted(), sink_.events.size());
}

// A plain redis-server carries Sentinel's channels: PUBLISH plays the Sentinel.
TEST_F(SentinelSource, ReplicaDownFailoverAndMasterFilter) {
  RedisServer fake;
  ASSERT_TRUE(
      StartSource(R"({"port":)" + std::to_string(fake.port()) + R"(,"masters":["mymaster"]})")
          .ok());
  ASSERT_TRUE(WaitSubscribed(fake));
  fake.Cli({"PUBLISH", "+sdown", "master other 10.0.0.9 6379"});  // not in "masters"
  fake.Cli({"PUBLISH", "+sdown", "slave 127.0.0.1:7001 127.0.0.1 7001 @ mymaster 127.0.0.1 7000"});
  fake.Cli({"PUBLISH", "+sdown", "master mymaster 127.0.0.1 7000"});
  fake.Cli({"PUBLISH", "+odown", "master mymaster 127.0.0.1 7000 #quorum 1/1"});
  fake.Cli({"PUBLISH", "+switch-master", "mymaster 127.0.0.1 7000 127.0.0.1 7001"});
  ASSERT_TRUE(RunUntil([&] { return sink_.events.size() >= 5; }));
  ASSERT_EQ(sink_.events.size(), 5u);

  const event::Event& replica = *sink_.events[0];
  EXPECT_EQ(replica.type, event::Type::kInstanceDown);
  EXPECT_EQ(replica.instance.name, "127.0.0.1:7001");
  EXPECT_EQ(replica.instance.port, 7001);
  EXPECT_EQ(replica.alert_key, "sentinel/127.0.0.1:7001/down");
  EXPECT_NE(replica.data_json.find(R"("role":"replica","master":"mymaster")"), std::string::npos)
      << replica.data_json;
  EXPECT_NE(sink_.events[2]->data_json.find(R"("reason":"odown")"), std::string::npos);

  const event::Event& failover = *sink_.events[3];
  EXPECT_EQ(failover.type, event::Type::kFailover);
  EXPECT_EQ(failover.instance.name, "mymaster");
  EXPECT_EQ(failover.instance.port, 7001);
  EXPECT_NE(failover.data_json.find(R"("from":"127.0.0.1:7000","to":"127.0.0.1:7001")"),
            std::string::npos)
      << failover.data_json;
  // The master set that was down is served again: its alert resolves.
  EXPECT_EQ(sink_.events[4]->type, event::Type::kInstanceUp);
  EXPECT_EQ(sink_.events[4]->alert_key, "sentinel/mymaster/down");
}

TEST_F(SentinelSource, ReconnectsAndResubscribesAfterTheSentinelRestarts) {
  RedisServer fake;
  ASSERT_TRUE(StartSource(R"({"port":)" + std::to_string(fake.port()) + "}").ok());
  ASSERT_TRUE(WaitSubscribed(fake));
  fake.Kill();
  RunUntil([] { return false; }, 300);  // the source sees the loss and backs off
  fake.Start();
  ASSERT_TRUE(WaitSubscribed(fake));
  fake.Cli({"PUBLISH", "-sdown", "master m 127.0.0.1 7000"});
  ASSERT_TRUE(RunUntil([&] { return sink_.events.size() == 1; }));
  EXPECT_TRUE(sink_.events[0]->resolved);
  EXPECT_EQ(runner_->open_connections(), 1u);
}

TEST_F(SentinelSource, BadOptionsAreRefusedNamingTheOption) {
  Status s = StartSource(R"({"port":"26379"})");
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_EQ(s.message(), "sources[s1]: options.port: must be an integer from 1 to 65535");
  s = StartSource(R"({"hots":"x"})");
  EXPECT_NE(s.message().find("options.hots: unknown option"), std::string::npos) << s.message();
  s = StartSource(R"({"masters":[]})");
  EXPECT_NE(s.message().find("options.masters"), std::string::npos) << s.message();
  s = StartSource("[1]");
  EXPECT_NE(s.message().find("options: must be a JSON object"), std::string::npos);
  EXPECT_EQ(runner_->open_connections(), 0u);
}

TEST_F(SentinelSource, StopReleasesConnectionsAndTimers) {
  // Nothing listens on this port: the source keeps retrying with a timer.
  ASSERT_TRUE(StartSource(R"({"port":)" + std::to_string(FreeTcpPort()) + "}").ok());
  RunUntil([] { return false; }, 300);
  EXPECT_TRUE(runner_->open_connections() + runner_->pending_timers() > 0);
  runner_->Stop();
  EXPECT_EQ(runner_->open_connections(), 0u);
  EXPECT_EQ(runner_->pending_timers(), 0u);
  EXPECT_FALSE(runner_->running());
}

// The source configured in vigil's file: its events reach a webhook, end to end.
TEST(SentinelEndToEnd, VigilDeliversSentinelEventsToAWebhook) {
  RedisServer master;
  Sentinel sentinel(master.port());
  HttpReceiver rx;
  TempDir data;
  VigilProcess vigil(
      R"({"dataDir":")" + data.path() + R"(","instances":[],)" +
      R"("sources":[{"plugin":"sentinel","name":"s1","options":{"host":"127.0.0.1",)" +
      R"("port":)" + std::to_string(sentinel.port()) + R"(}}],)" + R"("webhooks":[{"url":")" +
      rx.url("/hook") + R"(","events":["instance.down","instance.up"]}]})");
  ASSERT_TRUE(WaitFor([&] {
    return RunCapture(
               {"/usr/bin/redis-cli", "-p", std::to_string(sentinel.port()), "CLIENT", "LIST"})
               .find(" sub=5 ") != std::string::npos;
  })) << vigil.Log();
  master.Kill();
  ASSERT_TRUE(rx.WaitForCount(1, std::chrono::seconds(15))) << vigil.Log();
  RecordedRequest r = rx.requests()[0];
  EXPECT_EQ(*r.header("X-Webhook-Event"), "instance.down");
  EXPECT_NE(r.body.find(R"("source":"sentinel")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("name":"mymaster")"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace vigil::testing
