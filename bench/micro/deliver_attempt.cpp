// Per-attempt CPU on the loop before the HTTP client: BuildAttemptRequest into the dispatcher's
// reused request (URL, method, the sink's headers, body, then User-Agent, the vigil signature
// and the X-Webhook-* headers). Physical limit: the HMAC (~0.9 us with SHA-NI, see
// deliver_payload.cpp) plus copying ~0.5 KB of strings into buffers that already have room;
// each heap allocation (~20-40 ns a malloc/free pair) shows on top.
#include <benchmark/benchmark.h>

#include "core/deliver/attempt_request.hpp"

namespace {

vigil::deliver::Endpoint SampleEndpoint() {
  vigil::deliver::Endpoint ep;
  ep.cfg.id = "ops-primary";
  ep.cfg.secret = "a-long-random-secret";
  ep.url = *vigil::http::Url::Parse("http://127.0.0.1:9000/hook");
  return ep;
}

vigil::deliver::Delivery SampleDelivery() {
  vigil::deliver::Delivery d;
  d.id = "0190f3c7-a111-7222-8333-944455556666";
  d.event = vigil::event::Type::kInstanceDown;
  d.timestamp_ms = 1706457600000;
  d.method = "POST";
  d.url = "http://127.0.0.1:9000/hook";
  d.request_headers = {{"Content-Type", "application/json"}};
  d.payload =
      R"x({"id":"0e4f3c7a-1111-4222-8333-944455556666","event":"instance.down","timestamp":)x"
      R"x(1706457600000,"status":"firing","instance":{"name":"fake-1","host":"127.0.1.2",)x"
      R"x("port":21000},"data":{"reason":"closed","detail":"end of file; reconnect: refused: )x"
      R"x(connection refused","since":1706457600000,"message":"Instance fake-1 is down )x"
      R"x((closed)"}})x";
  return d;
}

void BM_BuildAttemptRequest(benchmark::State& state) {
  vigil::deliver::Endpoint ep = SampleEndpoint();
  vigil::deliver::Delivery d = SampleDelivery();
  vigil::http::Request req;  // reused, as the dispatcher's attempt_req_
  for (auto _ : state) {
    vigil::deliver::BuildAttemptRequest(ep, d, 0, &req);
    benchmark::DoNotOptimize(req.headers.data());
  }
}
BENCHMARK(BM_BuildAttemptRequest);

}  // namespace
