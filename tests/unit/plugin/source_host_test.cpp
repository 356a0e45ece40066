// The host functions sources reach through vigil_host_api, driven through the probe source
// (tests/plugins/probe_source.c, which only keeps its ctx): emit, timers, RESP connections, Stop.
#include "core/plugin/source_host.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <uv.h>

#include <functional>

#include "core/plugin/registry.hpp"
#include "core/plugin/request_builder.hpp"  // struct vigil_error
#include "tests/support/process.hpp"
#include "tests/support/wait.hpp"

namespace vigil::plugin {
namespace {

struct Recorder : event::EventSink {
  std::vector<event::EventPtr> events;
  void Publish(event::EventPtr e, const std::vector<std::size_t>*) override {
    events.push_back(std::move(e));
  }
};

vigil_str S(std::string_view s) {
  return vigil_str{s.data(), s.size()};
}

class SourceHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path = std::string(VIGIL_TEST_PLUGIN_DIR) + "/probe_source.so";
    ASSERT_TRUE(reg_.LoadFile(path).ok());
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    ASSERT_NE(h, nullptr);
    probe_ctx_ = reinterpret_cast<void* (*)()>(dlsym(h, "probe_ctx"));
    probe_destroyed_ = reinterpret_cast<int (*)()>(dlsym(h, "probe_destroyed"));
    ASSERT_TRUE(probe_ctx_ && probe_destroyed_);
    uv_loop_init(&loop_);
    uv_timer_init(&loop_, &tick_);
    uv_timer_start(
        &tick_, [](uv_timer_t*) {}, 5, 5);
    timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
    runner_ = std::make_unique<SourceRunner>(*timers_, sink_, reg_.source("probe"), "p1", "{}");
    ASSERT_TRUE(runner_->Start().ok());
    ctx_ = probe_ctx_();
    ASSERT_NE(ctx_, nullptr);
  }
  void TearDown() override {
    runner_.reset();
    timers_->close();
    uv_close(reinterpret_cast<uv_handle_t*>(&tick_), nullptr);
    uv_run(&loop_, UV_RUN_DEFAULT);
    timers_.reset();
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  bool RunUntil(const std::function<bool()>& pred, std::uint64_t timeout_ms = 5000) {
    uv_update_time(&loop_);
    std::uint64_t deadline = uv_now(&loop_) + timeout_ms;
    while (!pred() && uv_now(&loop_) < deadline) uv_run(&loop_, UV_RUN_ONCE);
    return pred();
  }

  const vigil_host_api* host_ = HostApi();
  Registry reg_;
  void* (*probe_ctx_)() = nullptr;
  int (*probe_destroyed_)() = nullptr;
  uv_loop_t loop_;
  uv_timer_t tick_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  Recorder sink_;
  std::unique_ptr<SourceRunner> runner_;
  void* ctx_ = nullptr;
};

vigil_emit Emit(std::string_view type, std::string_view data = "") {
  vigil_emit e{};
  e.struct_size = sizeof e;
  e.type = S(type);
  e.instance_name = S("cache-1");
  e.instance_host = S("10.0.0.1");
  e.instance_port = 6379;
  e.message = S("cache-1 is down");
  e.data_json = S(data);
  e.alert_key = S("k/cache-1/down");
  return e;
}

TEST_F(SourceHostTest, CreateRefusalNamesTheSource) {
  SourceRunner r(*timers_, sink_, reg_.source("probe"), "p2", "\"fail\"");
  Status s = r.Start();
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_EQ(s.message(), "sources[p2]: options: told to fail");
}

TEST_F(SourceHostTest, EmitPublishesAnEventWithTheSourceFields) {
  vigil_emit e = Emit("instance.down", R"({"reason":"sdown"})");
  ASSERT_EQ(host_->emit(ctx_, &e, nullptr), VIGIL_OK);
  e = Emit("instance.up");
  e.resolved = 1;
  ASSERT_EQ(host_->emit(ctx_, &e, nullptr), VIGIL_OK);
  ASSERT_EQ(sink_.events.size(), 2u);
  const event::Event& down = *sink_.events[0];
  EXPECT_EQ(down.type, event::Type::kInstanceDown);
  EXPECT_FALSE(down.resolved);
  EXPECT_EQ(down.instance.name, "cache-1");
  EXPECT_EQ(down.instance.host, "10.0.0.1");
  EXPECT_EQ(down.instance.port, 6379);
  EXPECT_EQ(down.message, "cache-1 is down");
  EXPECT_EQ(down.data_json, R"({"reason":"sdown"})");
  EXPECT_EQ(down.alert_key, "k/cache-1/down");
  EXPECT_FALSE(down.id.empty());
  EXPECT_TRUE(sink_.events[1]->resolved);
  EXPECT_EQ(sink_.events[1]->data_json, "{}");
  EXPECT_EQ(runner_->emitted(), 2u);
}

TEST_F(SourceHostTest, EmitRefusesWhatItCannotPublish) {
  vigil_error err;
  vigil_emit e = Emit("instance.exploded");
  EXPECT_EQ(host_->emit(ctx_, &e, &err), VIGIL_ERR_INVALID);
  EXPECT_NE(err.message.find("unknown event type \"instance.exploded\""), std::string::npos)
      << err.message;
  for (std::string_view bad : {"[1]", "{", R"({"a":})", R"({"a":1} x)", "nope"}) {
    vigil_error e2;
    vigil_emit d = Emit("instance.down", bad);
    EXPECT_EQ(host_->emit(ctx_, &d, &e2), VIGIL_ERR_INVALID) << bad;
    EXPECT_NE(e2.message.find("not a JSON object"), std::string::npos) << e2.message;
  }
  EXPECT_EQ(host_->emit(ctx_, nullptr, nullptr), VIGIL_ERR_INVALID);
  e = Emit("instance.down");
  EXPECT_EQ(host_->emit(nullptr, &e, nullptr), VIGIL_ERR_INVALID);
  int not_a_runner = 0;
  EXPECT_EQ(host_->emit(&not_a_runner, &e, nullptr), VIGIL_ERR_INVALID);
  e.struct_size = 8;
  EXPECT_EQ(host_->emit(ctx_, &e, nullptr), VIGIL_ERR_INVALID);
  EXPECT_TRUE(sink_.events.empty());
}

TEST_F(SourceHostTest, TimersFireOnceAndCancelIsHarmless) {
  int fired = 0, cancelled = 0;
  auto bump = [](void* arg) { ++*static_cast<int*>(arg); };
  std::uint64_t a = host_->timer_start(ctx_, 1, bump, &fired);
  std::uint64_t b = host_->timer_start(ctx_, 1, bump, &cancelled);
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
  host_->timer_cancel(ctx_, b);
  ASSERT_TRUE(RunUntil([&] { return fired == 1; }));
  RunUntil([] { return false; }, 20);
  EXPECT_EQ(cancelled, 0);
  host_->timer_cancel(ctx_, a);  // after it fired
  host_->timer_cancel(ctx_, 987654);
  host_->timer_cancel(nullptr, a);
  EXPECT_EQ(host_->timer_start(nullptr, 1, bump, &fired), 0u);
  EXPECT_EQ(host_->timer_start(ctx_, 1, nullptr, nullptr), 0u);
  // Stop cancels what is still pending.
  host_->timer_start(ctx_, 10, bump, &fired);
  EXPECT_EQ(runner_->pending_timers(), 1u);
  runner_->Stop();
  EXPECT_EQ(probe_destroyed_() > 0, true);
  EXPECT_EQ(runner_->pending_timers(), 0u);
  RunUntil([] { return false; }, 30);
  EXPECT_EQ(fired, 1);
}

struct ConnProbe {
  const vigil_host_api* host;
  vigil_resp_conn* conn = nullptr;
  bool ready = false, closed = false, close_on_push = false;
  std::vector<std::string> pushes;
  std::string reply;  // a rendering of the last reply
};

std::string Render(const vigil_resp_value* v) {
  if (!v) return "<null>";
  switch (v->type) {
    case VIGIL_RESP_STRING:
      return std::string(v->str.ptr, v->str.len);
    case VIGIL_RESP_ERROR:
      return "-" + std::string(v->str.ptr, v->str.len);
    case VIGIL_RESP_INTEGER:
      return std::to_string(v->integer);
    case VIGIL_RESP_NULL:
      return "nil";
    default: {
      std::string out = v->type == VIGIL_RESP_MAP ? "{" : "[";
      for (size_t i = 0; i < v->count; ++i) out += (i ? " " : "") + Render(&v->elements[i]);
      return out + (v->type == VIGIL_RESP_MAP ? "}" : "]");
    }
  }
}

vigil_resp_callbacks Callbacks() {
  return {[](void* a, vigil_resp_conn*) { static_cast<ConnProbe*>(a)->ready = true; },
          [](void* a, vigil_resp_conn*, vigil_str) { static_cast<ConnProbe*>(a)->closed = true; },
          [](void* a, vigil_resp_conn* c, const vigil_resp_value* m) {
            auto* p = static_cast<ConnProbe*>(a);
            p->pushes.push_back(Render(m));
            if (p->close_on_push) p->host->resp_close(c);  // from inside its own callback
          }};
}

void OnReply(void* a, const vigil_resp_value* r) {
  static_cast<ConnProbe*>(a)->reply = Render(r);
}

TEST_F(SourceHostTest, RespConnectionCommandsRepliesPushesAndClose) {
  testing::RedisServer server;
  ConnProbe p{host_};
  vigil_resp_options o{};
  o.struct_size = sizeof o;
  o.host = S("127.0.0.1");
  o.port = server.port();
  p.conn = host_->resp_open(ctx_, &o, Callbacks(), &p);
  ASSERT_NE(p.conn, nullptr);
  ASSERT_TRUE(RunUntil([&] { return p.ready || p.closed; }));
  ASSERT_TRUE(p.ready);

  server.Cli({"RPUSH", "l", "a", "b"});
  vigil_str lrange[] = {S("LRANGE"), S("l"), S("0"), S("-1")};
  ASSERT_EQ(host_->resp_command(p.conn, lrange, 4, OnReply, &p), VIGIL_OK);
  ASSERT_TRUE(RunUntil([&] { return !p.reply.empty(); }));
  EXPECT_EQ(p.reply, "[a b]");
  p.reply.clear();
  vigil_str cfg[] = {S("CONFIG"), S("GET"), S("maxmemory")};  // a map in RESP3
  ASSERT_EQ(host_->resp_command(p.conn, cfg, 3, OnReply, &p), VIGIL_OK);
  ASSERT_TRUE(RunUntil([&] { return !p.reply.empty(); }));
  EXPECT_EQ(p.reply, "{maxmemory 0}");

  p.close_on_push = true;
  vigil_str sub[] = {S("SUBSCRIBE"), S("ch")};
  ASSERT_EQ(host_->resp_command(p.conn, sub, 2, nullptr, nullptr), VIGIL_OK);
  ASSERT_TRUE(RunUntil([&] { return server.Cli({"PUBSUB", "NUMSUB", "ch"}) == "ch\n1"; }));
  server.Cli({"PUBLISH", "ch", "hello"});
  ASSERT_TRUE(RunUntil([&] { return !p.pushes.empty(); }));
  EXPECT_EQ(p.pushes[0], "[message ch hello]");
  // Closed from inside on_push: refused from now on, no callback, freed on a later turn.
  EXPECT_EQ(host_->resp_command(p.conn, lrange, 4, OnReply, &p), VIGIL_ERR_INVALID);
  RunUntil([] { return false; }, 20);
  EXPECT_FALSE(p.closed);
  EXPECT_EQ(runner_->open_connections(), 0u);
  host_->resp_close(p.conn);  // twice: harmless
}

TEST_F(SourceHostTest, RespRefusesBadOptionsAndHandles) {
  ConnProbe p{host_};
  vigil_resp_options o{};
  o.struct_size = sizeof o;
  o.host = S("127.0.0.1");
  o.port = 0;
  EXPECT_EQ(host_->resp_open(ctx_, &o, Callbacks(), &p), nullptr);
  EXPECT_EQ(host_->resp_open(ctx_, nullptr, Callbacks(), &p), nullptr);
  o.port = 6379;
  EXPECT_EQ(host_->resp_open(nullptr, &o, Callbacks(), &p), nullptr);
  vigil_str ping[] = {S("PING")};
  EXPECT_EQ(host_->resp_command(nullptr, ping, 1, nullptr, nullptr), VIGIL_ERR_INVALID);
  int bogus = 0;
  EXPECT_EQ(
      host_->resp_command(reinterpret_cast<vigil_resp_conn*>(&bogus), ping, 1, nullptr, nullptr),
      VIGIL_ERR_INVALID);
  host_->resp_close(nullptr);
  host_->resp_close(reinterpret_cast<vigil_resp_conn*>(&bogus));
}

TEST_F(SourceHostTest, RefusedConnectionReportsClosedAndStopReleasesIt) {
  ConnProbe p{host_};
  vigil_resp_options o{};
  o.struct_size = sizeof o;
  o.host = S("127.0.0.1");
  o.port = testing::FreeTcpPort();  // nothing listens
  p.conn = host_->resp_open(ctx_, &o, Callbacks(), &p);
  ASSERT_NE(p.conn, nullptr);
  ASSERT_TRUE(RunUntil([&] { return p.closed; }));
  vigil_str ping[] = {S("PING")};
  EXPECT_EQ(host_->resp_command(p.conn, ping, 1, nullptr, nullptr), VIGIL_ERR_INVALID);
  EXPECT_EQ(runner_->open_connections(), 1u);  // dead but held until resp_close or Stop
  runner_->Stop();
  EXPECT_EQ(runner_->open_connections(), 0u);
}

}  // namespace
}  // namespace vigil::plugin
