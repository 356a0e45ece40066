// Micro-benchmarks of INFO text extraction on the real redis 7.0 `INFO everything` fixture:
// ExtractSnapshot (the per-poll hot path) against the general InfoView parse.
// Physical limit: one memchr per line plus a length switch; ExtractSnapshot stops after the
// Replication section and only memchr-skips Persistence, so it touches ~60% of the text.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/info/info.hpp"
#include "core/info/snapshot.hpp"

namespace {

std::string LoadInfoFixture() {
  // Next to the unit tests: bench/micro/ -> tests/unit/info/.
  auto path = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() /
              "tests/unit/info/redis7_master.txt";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void BM_InfoExtractSnapshot(benchmark::State& state) {
  const std::string text = LoadInfoFixture();
  if (text.empty()) {
    state.SkipWithError("fixture not found");
    return;
  }
  for (auto _ : state) {
    vigil::info::InfoSnapshot s = vigil::info::ExtractSnapshot(text);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_InfoExtractSnapshot);

void BM_InfoViewParse(benchmark::State& state) {
  const std::string text = LoadInfoFixture();
  if (text.empty()) {
    state.SkipWithError("fixture not found");
    return;
  }
  vigil::info::InfoView view;
  for (auto _ : state) {
    view.Parse(text);
    benchmark::DoNotOptimize(view.fields().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_InfoViewParse);

}  // namespace
