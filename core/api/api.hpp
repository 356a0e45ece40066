// The REST API of vigil (docs/api.md, GET /openapi.json): translates HTTP requests into calls of
// app::Control on the loop thread. Bearer-token auth on every route but /health.
//
// Wiring (the daemon, once the Control exists; loop thread):
//   api::Api api(control, {.token = api::ResolveApiToken(cfg)});
//   if (Status s = api::CheckListenAllowed(cfg); !s.ok()) return s;   // refuses 0.0.0.0 w/o token
//   http::HttpServer server(loop, timers);
//   if (Status s = api::StartApi(server, api, cfg.listen); !s.ok()) return s;  // SetHandler+Listen
// `api` and `control` must outlive `server`.
#pragma once

#include <string>

#include "core/api/call.hpp"
#include "core/api/router.hpp"
#include "core/app/control.hpp"
#include "core/config/config.hpp"
#include "core/http/server.hpp"
#include "core/util/result.hpp"

namespace vigil::api {

struct ApiOptions {
  // Required as "Authorization: Bearer <token>" on every route but /health. Default: "" (open)
  std::string token;
};

class Api {
 public:
  Api(app::Control& control, ApiOptions options);
  // The HttpServer handler: answers now or later through `responder`.
  void Handle(const http::ServerRequest& req, http::Responder responder);

 private:
  bool Authorized(const http::ServerRequest& req) const;

  app::Control& control_;
  ApiOptions options_;
  ApiState state_;
};

// Every route of the API, in matching order (the OpenAPI document lists the same set).
const std::vector<RouteSpec>& Routes();

// cfg.api.token, else the VIGIL_API_TOKEN environment variable, else "".
std::string ResolveApiToken(const config::Config& cfg);
// Invalid when cfg.listen is not a loopback address (127.0.0.0/8, ::1, localhost) and no token
// is set (api.token or VIGIL_API_TOKEN): the message names `api.token`.
Status CheckListenAllowed(const config::Config& cfg);
// server.SetHandler(api) and server.Listen on listen ("host:port", "[v6]:port").
Status StartApi(http::HttpServer& server, Api& api, const std::string& listen);

}  // namespace vigil::api
