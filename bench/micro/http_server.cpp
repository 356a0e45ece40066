// Micro-benchmark of the HTTP server's CPU cost per request, sockets excluded: parsing a
// small API request with RequestParser and serializing a small JSON answer.
#include <benchmark/benchmark.h>

#include <string>

#include "core/http/server_parser.hpp"
#include "core/http/server_response.hpp"

namespace vigil::http {
namespace {

const std::string kRequest =
    "GET /v1/instances?state=down&limit=50 HTTP/1.1\r\n"
    "Host: vigil.internal:8080\r\n"
    "User-Agent: curl/8.5.0\r\n"
    "Accept: application/json\r\n"
    "Authorization: Bearer 0123456789abcdef0123456789abcdef\r\n"
    "\r\n";

void BM_ParseAndAnswer(benchmark::State& state) {
  RequestParser p;
  std::string out;
  const std::string body = "{\"instances\":[],\"next\":null}";
  for (auto _ : state) {
    std::size_t used = 0;
    p.Feed(kRequest.data(), kRequest.size(), &used);
    ServerRequest req = p.Take();
    out.clear();
    SerializeResponse(200, {}, "application/json", body, ResponseFraming{}, &out);
    benchmark::DoNotOptimize(out.data());
    benchmark::DoNotOptimize(req.query.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRequest.size()));
}
BENCHMARK(BM_ParseAndAnswer);

}  // namespace
}  // namespace vigil::http
