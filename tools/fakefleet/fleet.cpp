// Fleet: listeners, connections and request processing for every simulated server.
//
// Reads land in one loop-wide buffer; complete requests are answered straight from it and only
// an incomplete tail is kept per connection, capped at kMaxInput (then: error and close).
#include "tools/fakefleet/fleet.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "tools/fakefleet/reply.hpp"
#include "tools/fakefleet/request_parser.hpp"

namespace fakefleet {

struct Conn {
  uv_tcp_t tcp;
  Fleet* fleet;
  Instance* inst;  // nullptr once closing
  Conn *prev = nullptr, *next = nullptr;
  Session session;
  std::string in;
};

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxInput = 256 * 1024;
char g_read_buffer[kReadChunk];

struct ListenerData {
  Fleet* fleet;
  Instance* inst;
};

struct WriteReq {
  uv_write_t req;
  std::string bytes;
};

std::uint64_t NowMs() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

std::int64_t WallUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string RunId(int index) {
  char buf[41];
  for (int i = 0; i < 40; ++i) {
    unsigned v =
        (static_cast<unsigned>(index) * 2654435761u + static_cast<unsigned>(i) * 40503u) % 16u;
    buf[i] = "0123456789abcdef"[v];
  }
  return std::string(buf, 40);
}

}  // namespace

Fleet::Fleet(uv_loop_t* loop, FleetOptions options, Stats& stats)
    : loop_(loop), options_(std::move(options)), stats_(stats) {
  env_.info = &info_;
  env_.stats = &stats_;
  env_.password = options_.password;
  env_.acl_stats = options_.acl_stats;
  env_.process_id = getpid();
  std::uint64_t now = NowMs();
  for (int i = 0; i < options_.count; ++i) {
    auto inst = std::make_unique<Instance>();
    inst->index = i;
    inst->name = options_.name_prefix + std::to_string(i);
    if (options_.spread_addresses) {
      inst->host = "127.0." + std::to_string(1 + i / 250) + "." + std::to_string(1 + i % 250);
      inst->port = options_.base_port;
    } else {
      inst->host = "127.0.0.1";
      inst->port = options_.base_port + i;
    }
    inst->run_id = RunId(i);
    inst->started_ms = now;
    instances_.push_back(std::move(inst));
  }
}

Fleet::~Fleet() = default;

int Fleet::Start() {
  if (options_.shared_listener && options_.spread_addresses) return ListenShared() ? 0 : 1;
  int failed = 0;
  for (auto& inst : instances_)
    if (!Listen(*inst)) ++failed;
  return failed;
}

bool Fleet::Listen(Instance& inst) {
  if (inst.listener) return true;
  sockaddr_in addr{};
  uv_ip4_addr(inst.host.c_str(), inst.port, &addr);
  auto* l = new uv_tcp_t;
  uv_tcp_init(loop_, l);
  l->data = new ListenerData{this, &inst};
  int rc = uv_tcp_bind(l, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(l), 4096, [](uv_stream_t* s, int status) {
      auto* d = static_cast<ListenerData*>(s->data);
      if (status == 0) d->fleet->OnConnection(d->inst, s);
    });
  if (rc != 0) {
    std::fprintf(stderr, "fakefleet: cannot listen on %s:%d: %s\n", inst.host.c_str(), inst.port,
                 uv_strerror(rc));
    uv_close(reinterpret_cast<uv_handle_t*>(l), [](uv_handle_t* h) {
      delete static_cast<ListenerData*>(h->data);
      delete reinterpret_cast<uv_tcp_t*>(h);
    });
    return false;
  }
  inst.listener = l;
  return true;
}

bool Fleet::ListenShared() {
  sockaddr_in addr{};
  uv_ip4_addr("0.0.0.0", options_.base_port, &addr);
  shared_ = new uv_tcp_t;
  uv_tcp_init(loop_, shared_);
  shared_->data = this;
  int rc = uv_tcp_bind(shared_, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(shared_), 4096, [](uv_stream_t* s, int status) {
      if (status == 0) static_cast<Fleet*>(s->data)->OnConnection(nullptr, s);
    });
  if (rc != 0)
    std::fprintf(stderr, "fakefleet: cannot listen on 0.0.0.0:%d: %s\n", options_.base_port,
                 uv_strerror(rc));
  return rc == 0;
}

Instance* Fleet::FromLocalAddress(uv_tcp_t* tcp) {
  sockaddr_in local{};
  int len = sizeof local;
  if (uv_tcp_getsockname(tcp, reinterpret_cast<sockaddr*>(&local), &len) != 0) return nullptr;
  std::uint32_t a = ntohl(local.sin_addr.s_addr);
  long index = (static_cast<long>((a >> 8) & 0xff) - 1) * 250 + static_cast<long>(a & 0xff) - 1;
  if ((a >> 16) != 0x7f00 || index < 0 || index >= static_cast<long>(instances_.size()))
    return nullptr;
  return instances_[static_cast<std::size_t>(index)].get();
}

void Fleet::OnConnection(Instance* target, uv_stream_t* server) {
  auto* c = new Conn;
  c->fleet = this;
  uv_tcp_init(loop_, &c->tcp);
  c->tcp.data = c;
  auto drop = [](uv_handle_t* h) { delete static_cast<Conn*>(h->data); };
  if (uv_accept(server, reinterpret_cast<uv_stream_t*>(&c->tcp)) != 0)
    return uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), drop);
  if (!target) target = FromLocalAddress(&c->tcp);  // the shared listener
  if (!target || target->killed) return static_cast<void>(uv_tcp_close_reset(&c->tcp, drop));
  Instance& inst = *target;
  c->inst = &inst;
  uv_tcp_nodelay(&c->tcp, 1);
  c->session.id = next_client_id_++;
  c->next = inst.conns;
  if (inst.conns) inst.conns->prev = c;
  inst.conns = c;
  ++inst.live_conns;
  ++inst.accepted;
  ++open_conns_;
  stats_.CountAccept();
  uv_read_start(
      reinterpret_cast<uv_stream_t*>(&c->tcp),
      [](uv_handle_t*, size_t, uv_buf_t* buf) { *buf = uv_buf_init(g_read_buffer, kReadChunk); },
      [](uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
        auto* conn = static_cast<Conn*>(s->data);
        if (!conn->inst) return;
        if (nread > 0)
          conn->fleet->OnRead(conn, buf->base, static_cast<std::size_t>(nread));
        else if (nread < 0)
          conn->fleet->CloseConn(conn);
      });
}

void Fleet::OnRead(Conn* c, const char* data, std::size_t n) {
  if (c->inst->hung) return;  // read and drop: the server "hangs"
  std::size_t used = 0;
  if (c->in.empty()) {
    Process(c, std::string_view(data, n), &used);
    if (c->inst && used < n) c->in.assign(data + used, n - used);
  } else {
    c->in.append(data, n);
    Process(c, c->in, &used);
    if (c->inst) c->in.erase(0, used);
  }
  if (c->inst && c->in.size() > kMaxInput) {
    std::string out;
    reply::Error(&out, "ERR Protocol error: request too big");
    Write(c, out);
    CloseConn(c);
  }
}

void Fleet::Process(Conn* c, std::string_view data, std::size_t* used) {
  thread_local std::string out;
  thread_local std::vector<std::string_view> args;
  out.clear();
  std::size_t off = 0;
  std::uint64_t now_ms = NowMs();
  std::int64_t now_us = WallUs();
  bool close = false;
  while (off < data.size()) {
    std::size_t consumed = 0;
    std::string_view error;
    ParseResult r = ParseRequest(data.substr(off), &consumed, &args, &error);
    if (r == ParseResult::kPending) break;
    if (r == ParseResult::kError) {
      reply::Error(&out, std::string("ERR ") + std::string(error));
      close = true;
      off = data.size();
      break;
    }
    off += consumed;
    Execute(env_, *c->inst, c->session, args, now_ms, now_us, &out);
    if (c->session.close_after_reply) {
      close = true;
      off = data.size();
      break;
    }
  }
  *used = off;
  if (!out.empty()) Write(c, out);
  if (close) CloseConn(c);
}

void Fleet::Write(Conn* c, const std::string& bytes) {
  auto* stream = reinterpret_cast<uv_stream_t*>(&c->tcp);
  uv_buf_t b = uv_buf_init(const_cast<char*>(bytes.data()), static_cast<unsigned>(bytes.size()));
  int n = uv_try_write(stream, &b, 1);
  if (n == static_cast<int>(bytes.size())) return;
  if (n < 0 && n != UV_EAGAIN) return CloseConn(c);
  auto* w = new WriteReq;
  w->bytes.assign(bytes, n > 0 ? static_cast<std::size_t>(n) : 0);
  w->req.data = w;
  uv_buf_t rest = uv_buf_init(w->bytes.data(), static_cast<unsigned>(w->bytes.size()));
  if (uv_write(&w->req, stream, &rest, 1,
               [](uv_write_t* req, int) { delete static_cast<WriteReq*>(req->data); }) != 0) {
    delete w;
    CloseConn(c);
  }
}

void Fleet::CloseConn(Conn* c) {
  Instance* inst = c->inst;
  if (!inst) return;
  c->inst = nullptr;
  if (c->prev) c->prev->next = c->next;
  if (c->next) c->next->prev = c->prev;
  if (inst->conns == c) inst->conns = c->next;
  --inst->live_conns;
  --open_conns_;
  uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp),
           [](uv_handle_t* h) { delete static_cast<Conn*>(h->data); });
}

bool Fleet::Kill(Instance& inst) {
  bool was_alive = !inst.killed;
  inst.killed = true;
  if (inst.listener) {
    uv_close(reinterpret_cast<uv_handle_t*>(inst.listener), [](uv_handle_t* h) {
      delete static_cast<ListenerData*>(h->data);
      delete reinterpret_cast<uv_tcp_t*>(h);
    });
    inst.listener = nullptr;
  }
  while (inst.conns) CloseConn(inst.conns);
  return was_alive;
}

bool Fleet::Revive(Instance& inst) {
  if (!inst.killed) return false;
  inst.killed = false;
  inst.started_ms = NowMs();
  inst.hung = false;
  return shared_ ? true : Listen(inst);
}

void Fleet::Hang(Instance& inst, bool on) {
  inst.hung = on;
}

std::int64_t Fleet::alive() const {
  std::int64_t n = 0;
  for (const auto& i : instances_) n += !i->killed;
  return n;
}

std::string Fleet::VigilConfig(int poll_interval_ms) const {
  std::string j =
      "{\n  \"pollIntervalMs\": " + std::to_string(poll_interval_ms) + ",\n  \"instances\": [\n";
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    const Instance& inst = *instances_[i];
    j += "    {\"name\": \"" + inst.name + "\", \"host\": \"" + inst.host +
         "\", \"port\": " + std::to_string(inst.port);
    if (!options_.password.empty()) j += ", \"password\": \"" + options_.password + "\"";
    j += i + 1 < instances_.size() ? "},\n" : "}\n";
  }
  j += "  ],\n  \"webhooks\": []\n}\n";
  return j;
}

void Fleet::CloseAll() {
  for (auto& inst : instances_) Kill(*inst);
}

}  // namespace fakefleet
