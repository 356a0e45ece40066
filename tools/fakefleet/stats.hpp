// Stats: per-command counts and the spacing of INFO requests per instance, from which the poll
// lateness of the client (vigil) follows: lateness = interval between two INFOs - expected.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fakefleet {

enum class Cmd : std::uint8_t {
  kHello,
  kAuth,
  kPing,
  kInfo,
  kSlowlog,
  kLatency,
  kAcl,
  kConfig,
  kCommand,
  kClient,
  kQuit,
  kSelect,
  kOther,
  kCount
};

class Stats {
 public:
  explicit Stats(std::uint64_t expected_interval_ms);
  void Count(Cmd c) { ++commands_[static_cast<std::size_t>(c)]; }
  void RecordInterval(std::uint64_t ms);
  void CountAccept() { ++accepts_; }
  void Reset(std::uint64_t now_ms);
  // One JSON object (no newline); `fleet` is extra fields written first (e.g. "\"alive\":5,").
  std::string Json(std::uint64_t now_ms, const std::string& fleet) const;

 private:
  std::uint64_t Percentile(double q) const;
  std::uint64_t expected_ms_;
  std::uint64_t since_ms_ = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(Cmd::kCount)> commands_{};
  std::vector<std::uint32_t> intervals_;  // histogram, 1 ms buckets, last one is "more"
  std::uint64_t interval_count_ = 0, interval_max_ = 0, accepts_ = 0;
};

}  // namespace fakefleet
