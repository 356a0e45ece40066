// One API request being answered: the request, its route parameters, the daemon (Control) and
// a shared Responder, so asynchronous daemon callbacks (std::function) can answer later.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/api/errors.hpp"
#include "core/app/control.hpp"
#include "core/http/server_request.hpp"
#include "core/http/server_responder.hpp"

namespace vigil::api {

// Shared by the routes: how secrets are made and how long a rotated one keeps signing.
struct ApiState {
  // Default grace of POST /webhooks/:id/rotate-secret. Default: 86400000 (24 h)
  std::int64_t rotate_grace_ms = 86400000;
};

struct Call {
  const http::ServerRequest& req;
  std::shared_ptr<http::Responder> out;
  std::vector<std::string> params;  // route parameters, in pattern order
  app::Control& control;
  ApiState& state;

  const std::string& param(std::size_t i) const { return params[i]; }
  void Json(int status, std::string body) const { out->Json(status, std::move(body)); }
  void Error(int status, std::string_view message, std::string_view field = {}) const {
    SendError(*out, status, message, field);
  }
  void Fail(const Status& s) const { SendStatus(*out, s); }
};

}  // namespace vigil::api
