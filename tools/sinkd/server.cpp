// Server: connections, llhttp callbacks, the ordered response queue, and request handling.
#include "tools/sinkd/server.hpp"

#include <llhttp.h>

#include <chrono>
#include <cstdio>
#include <deque>

#include "tools/sinkd/verify.hpp"

namespace sinkd {

struct Response {
  std::string bytes;
  bool ready = true;
  bool hang = false, reset = false, close = false;
  uv_timer_t* timer = nullptr;
  Conn* conn = nullptr;
};

struct Conn {
  uv_tcp_t tcp;
  Server* server;
  llhttp_t parser;
  std::string url, field, value, body;
  std::string signature, timestamp, delivery_id, event;
  std::deque<Response*> queue;
  bool closed = false;
};

namespace {

constexpr std::size_t kMaxBody = 16 * 1024 * 1024;
llhttp_settings_t g_settings;
char g_read_buffer[64 * 1024];

std::int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Conn* Of(llhttp_t* p) {
  return static_cast<Conn*>(p->data);
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 400:
      return "Bad Request";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

void InitSettings() {
  llhttp_settings_init(&g_settings);
  g_settings.on_message_begin = [](llhttp_t* p) {
    Conn* c = Of(p);
    c->url.clear();
    c->body.clear();
    c->signature.clear();
    c->timestamp.clear();
    c->delivery_id.clear();
    c->event.clear();
    return 0;
  };
  g_settings.on_url = [](llhttp_t* p, const char* at, size_t n) {
    Of(p)->url.append(at, n);
    return 0;
  };
  g_settings.on_header_field = [](llhttp_t* p, const char* at, size_t n) {
    Of(p)->field.append(at, n);
    return 0;
  };
  g_settings.on_header_value = [](llhttp_t* p, const char* at, size_t n) {
    Of(p)->value.append(at, n);
    return 0;
  };
  g_settings.on_header_value_complete = [](llhttp_t* p) {
    Conn* c = Of(p);
    if (IEquals(c->field, "x-webhook-signature"))
      c->signature = c->value;
    else if (IEquals(c->field, "x-webhook-timestamp"))
      c->timestamp = c->value;
    else if (IEquals(c->field, "x-webhook-delivery-id"))
      c->delivery_id = c->value;
    else if (IEquals(c->field, "x-webhook-event"))
      c->event = c->value;
    c->field.clear();
    c->value.clear();
    return 0;
  };
  g_settings.on_body = [](llhttp_t* p, const char* at, size_t n) {
    Conn* c = Of(p);
    if (c->body.size() + n > kMaxBody) return -1;
    c->body.append(at, n);
    return 0;
  };
  g_settings.on_message_complete = [](llhttp_t* p) {
    Conn* c = Of(p);
    c->server->OnRequest(c);
    return c->closed ? -1 : 0;
  };
}

std::string_view QueryParam(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (kv.substr(0, kv.find('=')) == key && kv.find('=') != std::string_view::npos)
      return kv.substr(kv.find('=') + 1);
  }
  return {};
}

struct WriteReq {
  uv_write_t req;
  std::string bytes;
};

void WriteBytes(Conn* c, const std::string& bytes) {
  auto* s = reinterpret_cast<uv_stream_t*>(&c->tcp);
  uv_buf_t b = uv_buf_init(const_cast<char*>(bytes.data()), static_cast<unsigned>(bytes.size()));
  int n = uv_try_write(s, &b, 1);
  if (n == static_cast<int>(bytes.size())) return;
  if (n < 0 && n != UV_EAGAIN) return;  // the read side reports the error
  auto* w = new WriteReq{{}, bytes.substr(n > 0 ? static_cast<std::size_t>(n) : 0)};
  w->req.data = w;
  uv_buf_t rest = uv_buf_init(w->bytes.data(), static_cast<unsigned>(w->bytes.size()));
  if (uv_write(&w->req, s, &rest, 1,
               [](uv_write_t* r, int) { delete static_cast<WriteReq*>(r->data); }) != 0)
    delete w;
}

}  // namespace

Server::Server(uv_loop_t* loop, std::string secret, Recorder& recorder, Faults& faults)
    : loop_(loop), secret_(std::move(secret)), recorder_(recorder), faults_(faults) {
  InitSettings();
}

int Server::Listen(const std::string& host, int port) {
  uv_tcp_init(loop_, &server_);
  server_.data = this;
  sockaddr_in addr{};
  uv_ip4_addr(host.c_str(), port, &addr);
  int rc = uv_tcp_bind(&server_, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(&server_), 4096, [](uv_stream_t* s, int st) {
      if (st != 0) return;
      auto* self = static_cast<Server*>(s->data);
      auto* c = new Conn;
      c->server = self;
      uv_tcp_init(s->loop, &c->tcp);
      c->tcp.data = c;
      if (uv_accept(s, reinterpret_cast<uv_stream_t*>(&c->tcp)) != 0) {
        uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp),
                 [](uv_handle_t* h) { delete static_cast<Conn*>(h->data); });
        return;
      }
      uv_tcp_nodelay(&c->tcp, 1);
      llhttp_init(&c->parser, HTTP_REQUEST, &g_settings);
      c->parser.data = c;
      uv_read_start(
          reinterpret_cast<uv_stream_t*>(&c->tcp),
          [](uv_handle_t*, size_t, uv_buf_t* b) {
            *b = uv_buf_init(g_read_buffer, sizeof g_read_buffer);
          },
          [](uv_stream_t* st, ssize_t n, const uv_buf_t* b) {
            auto* conn = static_cast<Conn*>(st->data);
            if (conn->closed) return;
            if (n < 0) return conn->server->CloseConn(conn, false);
            if (n == 0) return;
            llhttp_errno_t err =
                llhttp_execute(&conn->parser, b->base, static_cast<std::size_t>(n));
            if (err != HPE_OK && !conn->closed) conn->server->CloseConn(conn, false);
          });
    });
  if (rc != 0) {
    std::fprintf(stderr, "sinkd: cannot listen on %s:%d: %s\n", host.c_str(), port,
                 uv_strerror(rc));
    return -1;
  }
  sockaddr_storage ss{};
  int len = sizeof ss;
  uv_tcp_getsockname(&server_, reinterpret_cast<sockaddr*>(&ss), &len);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

void Server::Respond(Conn* c, int status, std::string_view body, std::string_view content_type) {
  auto* r = new Response;
  r->conn = c;
  r->close = !llhttp_should_keep_alive(&c->parser);
  r->bytes = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
             "\r\nContent-Type: " + std::string(content_type) +
             "\r\nContent-Length: " + std::to_string(body.size()) +
             (r->close ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n");
  r->bytes.append(body);
  c->queue.push_back(r);
}

void Server::OnRequest(Conn* c) {
  recorder_.CountRequest();
  std::string_view url = c->url;
  std::string_view path = url.substr(0, url.find('?'));
  std::string_view query =
      url.find('?') == std::string_view::npos ? std::string_view() : url.substr(url.find('?') + 1);
  if (path == "/_stats") {
    Respond(c, 200, recorder_.StatsJson(), "application/json");
  } else if (path == "/_arrivals") {
    Respond(c, 200, recorder_.ArrivalsJson(QueryParam(query, "event"), QueryParam(query, "path")),
            "application/json");
  } else if (path == "/_reset") {
    recorder_.Reset();
    Respond(c, 200, "ok", "text/plain");
  } else if (path == "/_fault") {
    std::string error;
    bool ok = faults_.AddFromQuery(query, &error);
    Respond(c, ok ? 200 : 400, ok ? "ok" : error, "text/plain");
  } else {
    std::int64_t now = WallMs();
    if (!secret_.empty() && !VerifySignature(secret_, c->timestamp, c->body, c->signature)) {
      recorder_.CountBadSignature();
      Respond(c, 401, "bad signature", "text/plain");
    } else if (std::optional<Fault> f = faults_.Take(path)) {
      recorder_.CountFaulted();
      Respond(c, f->status, "fault", "text/plain");
      Response* r = c->queue.back();
      r->hang = f->mode == FaultMode::kHang;
      r->reset = f->mode == FaultMode::kReset;
      if (f->mode == FaultMode::kStatus && f->delay_ms > 0) {
        r->ready = false;
        r->timer = new uv_timer_t;
        uv_timer_init(loop_, r->timer);
        r->timer->data = r;
        uv_timer_start(
            r->timer,
            [](uv_timer_t* t) {
              auto* resp = static_cast<Response*>(t->data);
              resp->ready = true;
              uv_close(reinterpret_cast<uv_handle_t*>(t),
                       [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
              resp->timer = nullptr;
              if (resp->conn) resp->conn->server->Flush(resp->conn);
            },
            f->delay_ms, 0);
      }
    } else {
      std::string_view body = c->body;
      std::string_view event = c->event.empty() ? PayloadEvent(body) : c->event;
      recorder_.Accept(path, c->delivery_id, event, PayloadInstance(body), PayloadTimestamp(body),
                       now);
      Respond(c, 200, "ok", "text/plain");
    }
  }
  Flush(c);
}

void Server::Flush(Conn* c) {
  while (!c->closed && !c->queue.empty() && c->queue.front()->ready) {
    Response* r = c->queue.front();
    if (r->hang) return;  // this answer never comes; neither do the ones behind it
    c->queue.pop_front();
    if (r->reset) {
      delete r;
      return CloseConn(c, true);
    }
    WriteBytes(c, r->bytes);
    bool close = r->close;
    delete r;
    if (close) return CloseConn(c, false);
  }
}

void Server::CloseConn(Conn* c, bool reset) {
  if (c->closed) return;
  c->closed = true;
  for (Response* r : c->queue) {
    if (r->timer) {
      r->timer->data = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(r->timer),
               [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
    }
    delete r;
  }
  c->queue.clear();
  auto done = [](uv_handle_t* h) { delete static_cast<Conn*>(h->data); };
  if (reset)
    uv_tcp_close_reset(&c->tcp, done);
  else
    uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), done);
}

}  // namespace sinkd
