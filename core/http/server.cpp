// HttpServer: the listening socket, accept with the connection bound, and the counters.
#include "core/http/server.hpp"

#include "core/http/server_connection.hpp"
#include "core/http/server_response.hpp"
#include "core/util/log.hpp"

namespace vigil::http {

HttpServer::HttpServer(uv_loop_t* loop, reactor::TimerQueue& timers, ServerOptions options)
    : loop_(loop), timers_(timers), options_(options) {
  handler_ = [](const ServerRequest&, Responder r) { r.Json(404, JsonErrorBody("not found")); };
}

HttpServer::~HttpServer() {
  Close();
}

Status HttpServer::Listen(const std::string& host, std::uint16_t port) {
  if (closed_) return Status::Invalid("http server: Listen after Close");
  if (listener_) return Status::Invalid("http server: already listening");
  sockaddr_storage ss{};
  bool v6 = host.find(':') != std::string::npos;
  int rc = v6 ? uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&ss))
              : uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&ss));
  if (rc != 0) return Status::Invalid("http server: not an IP address: " + host);
  listener_ = new uv_tcp_t;
  uv_tcp_init(loop_, listener_);
  listener_->data = this;
  rc = uv_tcp_bind(listener_, reinterpret_cast<sockaddr*>(&ss), v6 ? UV_TCP_IPV6ONLY : 0);
  if (rc == 0) {
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(listener_), options_.backlog,
                   &HttpServer::OnConnection);
  }
  if (rc == 0) {
    sockaddr_storage bound{};
    int len = sizeof bound;
    uv_tcp_getsockname(listener_, reinterpret_cast<sockaddr*>(&bound), &len);
    port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                              : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return Status::Ok();
  }
  uv_close(reinterpret_cast<uv_handle_t*>(listener_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
  listener_ = nullptr;
  return Status::Io("http server: cannot listen on " + host + ":" + std::to_string(port) + ": " +
                    uv_strerror(rc));
}

void HttpServer::Close() {
  if (closed_) return;
  closed_ = true;
  if (listener_) {
    listener_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(listener_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
    listener_ = nullptr;
  }
  std::unordered_set<ServerConnection*> conns;
  conns.swap(conns_);
  for (ServerConnection* c : conns) c->Detach();
  stats_.open_connections = 0;
}

void HttpServer::OnConnection(uv_stream_t* listener, int status) {
  auto* self = static_cast<HttpServer*>(listener->data);
  if (!self) return;
  if (status < 0) {
    log::Warn("http server: accept failed", {{"error", uv_strerror(status)}});
    return;
  }
  self->Accept();
}

void HttpServer::Accept() {
  RequestLimits limits;
  limits.max_header_bytes = options_.max_header_bytes;
  limits.max_headers = options_.max_headers;
  limits.max_body_bytes = options_.max_body_bytes;
  auto* c = new ServerConnection(this, timers_, limits);
  uv_tcp_init(loop_, c->tcp());
  c->tcp()->data = c;
  if (uv_accept(reinterpret_cast<uv_stream_t*>(listener_),
                reinterpret_cast<uv_stream_t*>(c->tcp())) != 0) {
    return c->Discard();
  }
  if (conns_.size() >= options_.max_connections) {
    ++stats_.rejected_connections;
    return c->Discard();
  }
  conns_.insert(c);
  stats_.open_connections = conns_.size();
  ++stats_.accepted_connections;
  c->Start();
}

void HttpServer::Forget(ServerConnection* c) {
  conns_.erase(c);
  stats_.open_connections = conns_.size();
}

void HttpServer::CountResponse(int status) {
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) ++stats_.responses[cls];
}

}  // namespace vigil::http
