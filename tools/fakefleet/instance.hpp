// Instance and Session: one simulated server and one client connection to it.
#pragma once

#include <uv.h>

#include <cstdint>
#include <string>

#include "tools/fakefleet/metrics.hpp"

namespace fakefleet {

struct Conn;

struct Instance {
  int index = 0;
  std::string name, host, run_id;
  int port = 0;
  uv_tcp_t* listener = nullptr;  // own listener; nullptr while killed or with a shared one
  bool killed = false;
  bool hung = false;  // accept, read, never answer
  MetricSet metrics;
  Conn* conns = nullptr;  // intrusive list of open connections
  std::int64_t live_conns = 0, accepted = 0, commands = 0;
  std::uint64_t started_ms = 0;  // monotonic, for uptime_in_seconds
};

// Per-connection protocol state.
struct Session {
  std::uint64_t id = 0;
  int proto = 2;
  bool authed = false;
  bool close_after_reply = false;
  std::string name;
  std::uint64_t last_info_ms = 0;  // monotonic time of this connection's previous INFO
};

}  // namespace fakefleet
