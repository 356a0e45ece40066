// Micro-benchmarks of the RESP reply parser: an INFO-sized bulk, a SLOWLOG-like nested array,
// many small pipelined replies, and a big bulk arriving in socket-sized chunks.
// Physical limit: a bulk body is never scanned (only its CRLF is checked), so big bulks are bound
// by the header line memchr alone; small elements are bound by per-element work (one memchr for
// the header line, a from_chars, a 32-byte node push), i.e. roughly 10-30 ns per element rather
// than memory bandwidth (~10+ GB/s for memchr).
#include <benchmark/benchmark.h>

#include <string>

#include "core/resp/parser.hpp"

namespace {

using vigil::resp::Parser;
using vigil::resp::ParseStatus;
using vigil::resp::Reply;

void ParseAll(benchmark::State& state, const std::string& input, std::size_t replies_per_buf) {
  Parser parser;
  Reply reply;
  for (auto _ : state) {
    std::string_view rest = input;
    for (std::size_t i = 0; i < replies_per_buf; ++i) {
      std::size_t consumed = 0;
      if (parser.Parse(rest, &consumed, &reply) != ParseStatus::kOk) {
        state.SkipWithError("parse failed");
        return;
      }
      rest.remove_prefix(consumed);
    }
    benchmark::DoNotOptimize(reply.nodes().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * replies_per_buf));
}

// A ~5 KB bulk string, the size of an `INFO everything` reply.
void BM_RespParseInfoBulk(benchmark::State& state) {
  std::string body;
  while (body.size() < 5000) body += "used_memory_peak_perc:100.19%\r\n";
  std::string input = "$" + std::to_string(body.size()) + "\r\n" + body + "\r\n";
  ParseAll(state, input, 1);
}
BENCHMARK(BM_RespParseInfoBulk);

// SLOWLOG GET 128: 128 entries of [id, time, usec, [argv...], client addr, client name].
void BM_RespParseSlowlog(benchmark::State& state) {
  std::string input = "*128\r\n";
  for (int i = 0; i < 128; ++i) {
    input += "*6\r\n:" + std::to_string(1000 + i) + "\r\n:1796090766\r\n:" + std::to_string(i * 7) +
             "\r\n*3\r\n$3\r\nSET\r\n$12\r\nsession:1234\r\n$32\r\n" + std::string(32, 'v') +
             "\r\n$15\r\n127.0.0.1:59718\r\n$0\r\n\r\n";
  }
  ParseAll(state, input, 1);
}
BENCHMARK(BM_RespParseSlowlog);

// 1000 small replies back to back, as from a pipeline of PING / GET / INCR.
void BM_RespParsePipelinedSmall(benchmark::State& state) {
  std::string input;
  for (int i = 0; i < 1000; ++i) {
    switch (i % 3) {
      case 0:
        input += "+PONG\r\n";
        break;
      case 1:
        input += "$5\r\nvalue\r\n";
        break;
      default:
        input += ":" + std::to_string(i) + "\r\n";
        break;
    }
  }
  ParseAll(state, input, 1000);
}
BENCHMARK(BM_RespParsePipelinedSmall);

// A 1 MiB bulk arriving in 16 KiB reads; the caller uses needed() to call only when useful.
void BM_RespParseBigBulkChunked(benchmark::State& state) {
  std::string body(1 << 20, 'x');
  std::string input = "$" + std::to_string(body.size()) + "\r\n" + body + "\r\n";
  Parser parser;
  Reply reply;
  for (auto _ : state) {
    std::size_t consumed = 0;
    for (std::size_t have = 0; have < input.size();) {
      have = std::min(input.size(), have + (16 << 10));
      if (parser.in_progress() && have < parser.needed()) continue;
      if (parser.Parse(std::string_view(input).substr(0, have), &consumed, &reply) !=
          ParseStatus::kPending) {
        break;
      }
    }
    benchmark::DoNotOptimize(consumed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
}
BENCHMARK(BM_RespParseBigBulkChunked);

}  // namespace
