// Test fixture for HttpClient: a libuv loop on the test thread with a TimerQueue and a client,
// helpers to send and run the loop until the callback, and a check that the loop ends clean.
#pragma once

#include <gtest/gtest.h>
#include <uv.h>

#include <chrono>
#include <memory>
#include <optional>

#include "core/http/client.hpp"
#include "core/reactor/timer_queue.hpp"

namespace vigil::http {

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(uv_loop_init(&loop_), 0);
    timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
  }

  void TearDown() override {
    if (client_) client_->Close();
    client_.reset();
    timers_->close();
    timers_.reset();
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop_), 0) << "handles left open on the loop";
  }

  HttpClient& client(ClientOptions options = {}) {
    if (!client_) client_ = std::make_unique<HttpClient>(&loop_, *timers_, std::move(options));
    return *client_;
  }

  // Runs the loop until pred holds or timeout passes. A prepare handle checks pred before the
  // loop would block (so a callback run from a timer ends the wait at once) and a 2 ms tick
  // notices conditions set by other threads (the receiver).
  bool RunUntil(const std::function<bool()>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    struct Waiter {
      const std::function<bool()>* pred;
      std::chrono::steady_clock::time_point deadline;
      void Check(uv_loop_t* loop) const {
        if ((*pred)() || std::chrono::steady_clock::now() >= deadline) uv_stop(loop);
      }
    } waiter{&pred, std::chrono::steady_clock::now() + timeout};
    if (pred()) return true;
    uv_prepare_t prepare;
    uv_timer_t tick;
    uv_prepare_init(&loop_, &prepare);
    uv_timer_init(&loop_, &tick);
    prepare.data = tick.data = &waiter;
    uv_prepare_start(&prepare,
                     [](uv_prepare_t* h) { static_cast<Waiter*>(h->data)->Check(h->loop); });
    uv_timer_start(
        &tick, [](uv_timer_t* h) { static_cast<Waiter*>(h->data)->Check(h->loop); }, 2, 2);
    uv_run(&loop_, UV_RUN_DEFAULT);
    uv_close(reinterpret_cast<uv_handle_t*>(&prepare), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&tick), nullptr);
    uv_run(&loop_, UV_RUN_NOWAIT);  // runs the close callbacks
    return pred();
  }

  static Request Post(const std::string& url, std::string body = "{}") {
    Request r;
    auto parsed = Url::Parse(url);
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    if (parsed.ok()) r.url = *parsed;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
    return r;
  }

  Response SendAndWait(Request req, RequestOptions opts = {}) {
    std::optional<Response> out;
    client().Send(std::move(req), opts, [&](Response r) { out = std::move(r); });
    EXPECT_TRUE(RunUntil([&] { return out.has_value(); })) << "no callback";
    return out ? std::move(*out) : Response{};
  }

  uv_loop_t loop_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace vigil::http
