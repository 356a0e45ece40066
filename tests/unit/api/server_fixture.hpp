// Runs an Api over a FakeControl behind a real HttpServer on a loop thread, for unit tests that
// talk to it through BlockingClient over loopback.
#pragma once

#include <gtest/gtest.h>
#include <uv.h>

#include <memory>
#include <thread>

#include "core/api/api.hpp"
#include "core/http/server.hpp"
#include "core/reactor/timer_queue.hpp"
#include "tests/unit/api/blocking_client.hpp"
#include "tests/unit/api/fake_control.hpp"

namespace vigil::api::testing {

class ApiServerTest : public ::testing::Test {
 protected:
  void Start(std::string token = "") {
    ASSERT_EQ(uv_loop_init(&loop_), 0);
    timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
    server_ = std::make_unique<http::HttpServer>(&loop_, *timers_);
    api_ = std::make_unique<Api>(control_, ApiOptions{token});
    server_->SetHandler([this](const http::ServerRequest& req, http::Responder r) {
      api_->Handle(req, std::move(r));
    });
    ASSERT_TRUE(server_->Listen("127.0.0.1", 0).ok());
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    uv_async_init(&loop_, &stop_, [](uv_async_t* a) {
      auto* self = static_cast<ApiServerTest*>(a->data);
      self->server_->Close();
      self->timers_->close();
      uv_close(reinterpret_cast<uv_handle_t*>(a), nullptr);
    });
    stop_.data = this;
    thread_ = std::thread([this] { uv_run(&loop_, UV_RUN_DEFAULT); });
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    uv_async_send(&stop_);
    thread_.join();
    server_.reset();
    timers_.reset();
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  vigil::testing::ApiReply Call(std::string_view method, std::string_view target,
                                std::string_view body = {}, std::string_view headers = {},
                                bool json = true) {
    vigil::testing::BlockingClient c(port_);
    return c.Call(method, target, body, headers, json);
  }

  FakeControl control_;
  uv_loop_t loop_;
  uv_async_t stop_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<Api> api_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace vigil::api::testing
