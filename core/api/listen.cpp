// Where the API may listen: the token lookup (config, then VIGIL_API_TOKEN), the loopback rule
// and StartApi, which hands the Api to an HttpServer and binds cfg.listen.
#include <cstdlib>

#include "core/api/api.hpp"

namespace vigil::api {
namespace {

bool IsLoopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

}  // namespace

std::string ResolveApiToken(const config::Config& cfg) {
  if (cfg.api.token && !cfg.api.token->empty()) return *cfg.api.token;
  if (const char* env = std::getenv("VIGIL_API_TOKEN")) return env;
  return {};
}

Status CheckListenAllowed(const config::Config& cfg) {
  auto hp = config::ParseHostPort(cfg.listen);
  if (!hp) return Status::Invalid("listen: expected host:port");
  if (IsLoopback(hp->host) || !ResolveApiToken(cfg).empty()) return Status::Ok();
  return Status::Invalid(
      "listen: " + hp->host +
      " is not a loopback address: set api.token (or VIGIL_API_TOKEN) to protect the API, or "
      "listen on 127.0.0.1");
}

Status StartApi(http::HttpServer& server, Api& api, const std::string& listen) {
  auto hp = config::ParseHostPort(listen);
  if (!hp) return Status::Invalid("listen: expected host:port");
  std::string host = hp->host == "localhost" ? "127.0.0.1" : hp->host;
  server.SetHandler(
      [&api](const http::ServerRequest& req, http::Responder r) { api.Handle(req, std::move(r)); });
  return server.Listen(host, static_cast<std::uint16_t>(hp->port));
}

}  // namespace vigil::api
