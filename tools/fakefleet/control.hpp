// Control: the text commands that drive a scenario (set, ramp, kill, revive, hang, stats...),
// served one line in, one line out on a loopback TCP port, and read from a timed scenario file.
//
//   set RANGE FIELD VALUE              ok n=<instances> wall_ms=<when>
//   ramp RANGE FIELD FROM TO SECONDS   ok n=.. wall_ms=<start> end_wall_ms=<end>
//   kill RANGE | revive RANGE | hang RANGE | unhang RANGE       ok n=.. wall_ms=..
//   stats | stats reset | ping | shutdown | help
// RANGE: "17", "0-999", "0-9,20-29" or "all". FIELD: a metric name (see metrics.cpp).
#pragma once

#include <uv.h>

#include <functional>
#include <string>
#include <string_view>

#include "tools/fakefleet/fleet.hpp"
#include "tools/fakefleet/stats.hpp"

namespace fakefleet {

class Control {
 public:
  Control(uv_loop_t* loop, Fleet& fleet, Stats& stats, std::function<void()> on_shutdown);
  // Listens on 127.0.0.1:port (0: any free port); returns the port, or -1.
  int Listen(int port);
  // Runs "AT_MS command" lines of a file on timers from now; outputs go to stdout.
  bool LoadScenario(const std::string& path);
  // Executes one command line and returns its one-line answer (no newline).
  std::string Execute(std::string_view line);
  void Close();

 private:
  uv_loop_t* loop_;
  Fleet& fleet_;
  Stats& stats_;
  std::function<void()> on_shutdown_;
  uv_tcp_t* server_ = nullptr;
};

}  // namespace fakefleet
