// Micro-benchmark of RESP command encoding (the poller's INFO / SLOWLOG / PING requests).
// Physical limit: a few header digits and memcpy of the arguments into an already-sized string.
#include <benchmark/benchmark.h>

#include <string>

#include "core/resp/command.hpp"

namespace {

void BM_RespEncodeCommand(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    out.clear();  // capacity kept, as a connection's write buffer would be
    vigil::resp::AppendCommand(&out, {"SET", "session:1234", "some-value-of-32-bytes-xxxxxxxxx"});
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_RespEncodeCommand);

}  // namespace
