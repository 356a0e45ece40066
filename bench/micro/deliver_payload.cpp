// Per-delivery CPU on the hot path: rendering an event's JSON payload and signing it (vigil's
// hex HMAC and Standard Webhooks' base64 HMAC). Physical limit: HMAC-SHA256 over ~400 bytes is
// about 8 SHA-256 blocks (~0.3 us each in mbedTLS's portable C), so signing is bounded near
// 2-3 us; rendering is a few hundred bytes of appends, well under 1 us.
#include <benchmark/benchmark.h>

#include "core/deliver/signature.hpp"
#include "core/event/payload.hpp"

namespace {

vigil::event::Event Sample() {
  vigil::event::Event e;
  e.id = "550e8400-e29b-41d4-a716-446655440000";
  e.type = vigil::event::Type::kMemoryCritical;
  e.timestamp_ms = 1706457600000;
  e.instance = {"cache-1", "valkey.example.com", 6379};
  e.data_json =
      R"x({"metric":"memory_used_percent","value":92.5,"threshold":90,"maxmemory":1073741824,)x"
      R"x("usedMemory":993001472,"message":"Memory usage critical: 92.5% (threshold: 90%)"})x";
  return e;
}

void BM_RenderPayload(benchmark::State& state) {
  vigil::event::Event e = Sample();
  std::string out;
  for (auto _ : state) {
    out.clear();
    vigil::event::AppendPayload(out, e);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_RenderPayload);

void BM_SignVigil(benchmark::State& state) {
  std::string body = vigil::event::RenderPayload(Sample());
  for (auto _ : state)
    benchmark::DoNotOptimize(
        vigil::deliver::SignPayload("a-long-random-secret", 1706457600000, body));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_SignVigil);

void BM_SignStandardWebhooks(benchmark::State& state) {
  std::string body = vigil::event::RenderPayload(Sample());
  for (auto _ : state)
    benchmark::DoNotOptimize(vigil::deliver::SignStandardWebhooks(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "550e8400-e29b-41d4-a716-446655440000",
        1706457600, body));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_SignStandardWebhooks);

}  // namespace
