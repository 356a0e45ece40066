// fakefleet: one process, one libuv loop, N simulated Valkey/Redis servers for benchmarks and
// tests. Usage: fakefleet --help.
#include <uv.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "tools/fakefleet/control.hpp"
#include "tools/fakefleet/fleet.hpp"
#include "tools/fakefleet/rlimit.hpp"

namespace {

constexpr const char* kUsage =
    "usage: fakefleet [options]\n"
    "  --count N               simulated servers (default 20)\n"
    "  --mapping addrs|ports   addrs: 127.0.x.y on one port (default); ports: 127.0.0.1:base+i\n"
    "  --base-port P           (default 17000)\n"
    "  --listener own|shared|auto  one socket per server, or one 0.0.0.0 socket for all\n"
    "                          (addrs mapping; killed servers then reset instead of refuse);\n"
    "                          auto (default): shared when RLIMIT_NOFILE < 2 x count + 64\n"
    "  --control-port P        text control port on 127.0.0.1 (default 0: any free port)\n"
    "  --emit-config FILE      write a vigil config {pollIntervalMs, instances, webhooks: []}\n"
    "  --poll-interval-ms MS   expected poll interval: config and lateness (default 1000)\n"
    "  --password PW           require AUTH with this password (default user)\n"
    "  --acl-stats             report redis 7.2's acl_access_denied_* INFO fields\n"
    "  --scenario FILE         lines \"AT_MS command\" run AT_MS after start (see control.hpp)\n"
    "Prints \"ready instances=N control_port=P listen_failed=F\" once listening.\n";

struct Args {
  fakefleet::FleetOptions fleet;
  int control_port = 0;
  int poll_interval_ms = 1000;
  std::string emit_config, scenario, listener = "auto";
};

bool Parse(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (k == "--acl-stats") {
      a->fleet.acl_stats = true;
      continue;
    }
    if (k == "--help" || k == "-h") return false;
    if (!(v = next())) return false;
    if (k == "--count")
      a->fleet.count = std::atoi(v);
    else if (k == "--mapping")
      a->fleet.spread_addresses = std::strcmp(v, "ports") != 0;
    else if (k == "--listener")
      a->listener = v;
    else if (k == "--base-port")
      a->fleet.base_port = std::atoi(v);
    else if (k == "--control-port")
      a->control_port = std::atoi(v);
    else if (k == "--emit-config")
      a->emit_config = v;
    else if (k == "--poll-interval-ms")
      a->poll_interval_ms = std::atoi(v);
    else if (k == "--password")
      a->fleet.password = v;
    else if (k == "--scenario")
      a->scenario = v;
    else
      return false;
  }
  return a->fleet.count > 0 && a->poll_interval_ms > 0;
}

uv_loop_t* g_loop = nullptr;

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!Parse(argc, argv, &args)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  rlim_t files = fakefleet::RaiseFileLimit();
  bool tight = files < static_cast<rlim_t>(2 * args.fleet.count + 64);
  args.fleet.shared_listener = args.listener == "shared" || (args.listener == "auto" && tight);
  if (args.fleet.shared_listener && !args.fleet.spread_addresses) {
    std::fprintf(stderr, "fakefleet: a shared listener needs --mapping addrs\n");
    return 2;
  }
  g_loop = uv_default_loop();
  fakefleet::Stats stats(static_cast<std::uint64_t>(args.poll_interval_ms));
  fakefleet::Fleet fleet(g_loop, args.fleet, stats);
  int failed = fleet.Start();
  fakefleet::Control control(g_loop, fleet, stats, [] { uv_stop(g_loop); });
  int port = control.Listen(args.control_port);
  if (port < 0) return 1;
  if (!args.emit_config.empty()) {
    std::ofstream(args.emit_config) << fleet.VigilConfig(args.poll_interval_ms);
  }
  if (!args.scenario.empty() && !control.LoadScenario(args.scenario)) {
    std::fprintf(stderr, "fakefleet: cannot read %s\n", args.scenario.c_str());
    return 1;
  }
  uv_signal_t sigint, sigterm;
  for (auto [sig, h] : {std::pair{SIGINT, &sigint}, std::pair{SIGTERM, &sigterm}}) {
    uv_signal_init(g_loop, h);
    uv_signal_start(
        h, [](uv_signal_t*, int) { uv_stop(g_loop); }, sig);
    uv_unref(reinterpret_cast<uv_handle_t*>(h));
  }
  std::printf("ready instances=%d control_port=%d listen_failed=%d listener=%s nofile=%llu\n",
              args.fleet.count, port, failed, args.fleet.shared_listener ? "shared" : "own",
              static_cast<unsigned long long>(files));
  std::fflush(stdout);
  uv_run(g_loop, UV_RUN_DEFAULT);
  return 0;  // the OS closes the sockets
}
