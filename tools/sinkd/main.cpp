// sinkd: a fast webhook receiver for benchmarks and tests. Verifies vigil's signatures, counts
// deliveries and measures event-to-receiver latency; faults on demand. Usage: sinkd --help.
#include <sys/resource.h>
#include <uv.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "tools/sinkd/faults.hpp"
#include "tools/sinkd/recorder.hpp"
#include "tools/sinkd/server.hpp"

namespace {

constexpr const char* kUsage =
    "usage: sinkd [options]\n"
    "  --host H             listen address (default 127.0.0.1)\n"
    "  --port P             listen port (default 0: any free port)\n"
    "  --secret S           verify X-Webhook-Signature with this secret; 401 when it fails\n"
    "  --fault PATH:STATUS[:COUNT]   answer STATUS to the next COUNT requests to PATH\n"
    "  --once-json FILE     write the /_stats JSON to FILE at exit (SIGINT/SIGTERM)\n"
    "Endpoints: GET /_stats, GET /_arrivals?event=E&path=P, POST /_reset,\n"
    "  /_fault?path=/a&status=503&count=10[&delay_ms=50][&mode=status|reset|hang]\n"
    "Prints \"listening HOST:PORT\" once ready.\n";

uv_loop_t* g_loop = nullptr;

void RaiseFileLimit() {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1", secret, once_json;
  int port = 0;
  sinkd::Faults faults;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!v || k == "--help") {
      std::fputs(kUsage, stderr);
      return 2;
    }
    ++i;
    if (k == "--host") {
      host = v;
    } else if (k == "--port") {
      port = std::atoi(v);
    } else if (k == "--secret") {
      secret = v;
    } else if (k == "--once-json") {
      once_json = v;
    } else if (k == "--fault") {
      if (!faults.AddFromFlag(v)) {
        std::fprintf(stderr, "sinkd: bad --fault %s\n", v);
        return 2;
      }
    } else {
      std::fputs(kUsage, stderr);
      return 2;
    }
  }
  RaiseFileLimit();
  g_loop = uv_default_loop();
  sinkd::Recorder recorder;
  sinkd::Server server(g_loop, secret, recorder, faults);
  int bound = server.Listen(host, port);
  if (bound < 0) return 1;
  uv_signal_t sigint, sigterm;
  for (auto [sig, h] : {std::pair{SIGINT, &sigint}, std::pair{SIGTERM, &sigterm}}) {
    uv_signal_init(g_loop, h);
    uv_signal_start(
        h, [](uv_signal_t*, int) { uv_stop(g_loop); }, sig);
    uv_unref(reinterpret_cast<uv_handle_t*>(h));
  }
  std::printf("listening %s:%d\n", host.c_str(), bound);
  std::fflush(stdout);
  uv_run(g_loop, UV_RUN_DEFAULT);
  if (!once_json.empty()) std::ofstream(once_json) << recorder.StatsJson() << "\n";
  return 0;
}
