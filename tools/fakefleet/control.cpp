// Control: parsing and executing scenario commands; the line protocol on the control port.
#include "tools/fakefleet/control.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace fakefleet {
namespace {

std::int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::uint64_t NowMs() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

bool ParseInt(std::string_view s, std::int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> w;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) w.push_back(line.substr(i, j - i));
    i = j;
  }
  return w;
}

// "all", "5", "0-9,20-29" -> indexes below n; false on syntax errors or out of range.
bool ParseRange(std::string_view s, std::size_t n, std::vector<std::size_t>* out) {
  if (s == "all") {
    for (std::size_t i = 0; i < n; ++i) out->push_back(i);
    return true;
  }
  while (!s.empty()) {
    std::size_t comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    s.remove_prefix(comma == std::string_view::npos ? s.size() : comma + 1);
    std::size_t dash = part.find('-');
    std::int64_t a = 0, b = 0;
    if (!ParseInt(part.substr(0, dash), &a)) return false;
    b = a;
    if (dash != std::string_view::npos && !ParseInt(part.substr(dash + 1), &b)) return false;
    if (a < 0 || b < a || static_cast<std::size_t>(b) >= n) return false;
    for (std::int64_t i = a; i <= b; ++i) out->push_back(static_cast<std::size_t>(i));
  }
  return true;
}

struct ControlConn {
  uv_tcp_t tcp;
  Control* control;
  std::string in;
};

struct WriteReq {
  uv_write_t req;
  std::string bytes;
};

void Send(uv_stream_t* s, std::string bytes) {
  auto* w = new WriteReq{{}, std::move(bytes)};
  w->req.data = w;
  uv_buf_t b = uv_buf_init(w->bytes.data(), static_cast<unsigned>(w->bytes.size()));
  if (uv_write(&w->req, s, &b, 1,
               [](uv_write_t* r, int) { delete static_cast<WriteReq*>(r->data); }) != 0)
    delete w;
}

struct TimedLine {
  uv_timer_t timer;
  Control* control;
  std::uint64_t at_ms;
  std::string line;
};

}  // namespace

Control::Control(uv_loop_t* loop, Fleet& fleet, Stats& stats, std::function<void()> on_shutdown)
    : loop_(loop), fleet_(fleet), stats_(stats), on_shutdown_(std::move(on_shutdown)) {}

std::string Control::Execute(std::string_view line) {
  std::vector<std::string_view> w = Words(line);
  if (w.empty()) return "err empty command";
  std::string_view cmd = w[0];
  std::string wall = " wall_ms=" + std::to_string(WallMs());
  if (cmd == "ping") return "pong";
  if (cmd == "help")
    return "commands: set RANGE FIELD VALUE | ramp RANGE FIELD FROM TO SECONDS | kill RANGE | "
           "revive RANGE | hang RANGE | unhang RANGE | stats [reset] | shutdown";
  if (cmd == "stats") {
    if (w.size() > 1 && w[1] == "reset") {
      stats_.Reset(NowMs());
      return "ok" + wall;
    }
    std::string fleet = "\"wall_ms\":" + std::to_string(WallMs()) +
                        ",\"instances\":" + std::to_string(fleet_.size()) +
                        ",\"alive\":" + std::to_string(fleet_.alive()) +
                        ",\"connections\":" + std::to_string(fleet_.connections()) + ",";
    return stats_.Json(NowMs(), fleet);
  }
  if (cmd == "shutdown") {
    if (on_shutdown_) on_shutdown_();
    return "ok" + wall;
  }
  std::vector<std::size_t> range;
  if (w.size() < 2 || !ParseRange(w[1], fleet_.size(), &range)) return "err bad or missing RANGE";
  if (cmd == "kill" || cmd == "revive" || cmd == "hang" || cmd == "unhang") {
    std::size_t n = 0;
    for (std::size_t i : range) {
      Instance& inst = fleet_.at(i);
      if (cmd == "kill") n += fleet_.Kill(inst);
      if (cmd == "revive") n += fleet_.Revive(inst);
      if (cmd == "hang" || cmd == "unhang") {
        fleet_.Hang(inst, cmd == "hang");
        ++n;
      }
    }
    return "ok n=" + std::to_string(n) + " wall_ms=" + std::to_string(WallMs());
  }
  if (cmd == "set" || cmd == "ramp") {
    std::optional<Metric> m = w.size() > 2 ? MetricFromName(w[2]) : std::nullopt;
    if (!m) return "err unknown FIELD";
    if (cmd == "set") {
      std::int64_t v = 0;
      if (w.size() != 4 || !ParseInt(w[3], &v)) return "err usage: set RANGE FIELD VALUE";
      for (std::size_t i : range) fleet_.at(i).metrics.Set(*m, v);
      return "ok n=" + std::to_string(range.size()) + wall;
    }
    std::int64_t from = 0, to = 0, secs = 0;
    if (w.size() != 6 || !ParseInt(w[3], &from) || !ParseInt(w[4], &to) || !ParseInt(w[5], &secs) ||
        secs < 0)
      return "err usage: ramp RANGE FIELD FROM TO SECONDS";
    std::uint64_t now = NowMs();
    std::int64_t wall_ms = WallMs();
    for (std::size_t i : range)
      fleet_.at(i).metrics.AddRamp(
          Ramp{*m, from, to, now, now + static_cast<std::uint64_t>(secs) * 1000});
    return "ok n=" + std::to_string(range.size()) + " wall_ms=" + std::to_string(wall_ms) +
           " end_wall_ms=" + std::to_string(wall_ms + secs * 1000);
  }
  return "err unknown command (try help)";
}

int Control::Listen(int port) {
  server_ = new uv_tcp_t;
  uv_tcp_init(loop_, server_);
  server_->data = this;
  sockaddr_in addr{};
  uv_ip4_addr("127.0.0.1", port, &addr);
  int rc = uv_tcp_bind(server_, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(server_), 64, [](uv_stream_t* s, int status) {
      if (status != 0) return;
      auto* c = new ControlConn;
      c->control = static_cast<Control*>(s->data);
      uv_tcp_init(s->loop, &c->tcp);
      c->tcp.data = c;
      if (uv_accept(s, reinterpret_cast<uv_stream_t*>(&c->tcp)) != 0) {
        uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp),
                 [](uv_handle_t* h) { delete static_cast<ControlConn*>(h->data); });
        return;
      }
      uv_read_start(
          reinterpret_cast<uv_stream_t*>(&c->tcp),
          [](uv_handle_t*, size_t size, uv_buf_t* buf) {
            *buf = uv_buf_init(new char[size], static_cast<unsigned>(size));
          },
          [](uv_stream_t* st, ssize_t nread, const uv_buf_t* buf) {
            auto* cc = static_cast<ControlConn*>(st->data);
            if (nread > 0) cc->in.append(buf->base, static_cast<std::size_t>(nread));
            delete[] buf->base;
            if (nread < 0 || cc->in.size() > 1 << 20) {
              uv_close(reinterpret_cast<uv_handle_t*>(st),
                       [](uv_handle_t* h) { delete static_cast<ControlConn*>(h->data); });
              return;
            }
            std::size_t nl;
            while ((nl = cc->in.find('\n')) != std::string::npos) {
              std::string line = cc->in.substr(0, nl);
              cc->in.erase(0, nl + 1);
              Send(st, cc->control->Execute(line) + "\n");
            }
          });
    });
  if (rc != 0) {
    std::fprintf(stderr, "fakefleet: control port: %s\n", uv_strerror(rc));
    return -1;
  }
  sockaddr_storage ss{};
  int len = sizeof ss;
  uv_tcp_getsockname(server_, reinterpret_cast<sockaddr*>(&ss), &len);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

bool Control::LoadScenario(const std::string& path) {
  std::ifstream f(path);
  if (!f) return false;
  std::string line;
  while (std::getline(f, line)) {
    std::size_t sp = line.find(' ');
    std::int64_t at = 0;
    if (line.empty() || line[0] == '#' || sp == std::string::npos ||
        !ParseInt(std::string_view(line).substr(0, sp), &at))
      continue;
    auto* t = new TimedLine{{}, this, static_cast<std::uint64_t>(at), line.substr(sp + 1)};
    uv_timer_init(loop_, &t->timer);
    t->timer.data = t;
    uv_timer_start(
        &t->timer,
        [](uv_timer_t* h) {
          auto* tl = static_cast<TimedLine*>(h->data);
          std::string out = tl->control->Execute(tl->line);
          std::printf("scenario at_ms=%llu %s -> %s\n", static_cast<unsigned long long>(tl->at_ms),
                      tl->line.c_str(), out.c_str());
          std::fflush(stdout);
          uv_close(reinterpret_cast<uv_handle_t*>(h),
                   [](uv_handle_t* hh) { delete static_cast<TimedLine*>(hh->data); });
        },
        t->at_ms, 0);
  }
  return true;
}

void Control::Close() {
  if (server_) {
    uv_close(reinterpret_cast<uv_handle_t*>(server_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
    server_ = nullptr;
  }
}

}  // namespace fakefleet
