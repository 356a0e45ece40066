// Stats: counters and the INFO interval histogram, rendered as one JSON object.
#include "tools/fakefleet/stats.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>

namespace fakefleet {
namespace {

constexpr std::size_t kBuckets = 120001;  // up to 120 s in 1 ms steps
constexpr std::array<std::string_view, static_cast<std::size_t>(Cmd::kCount)> kCmdNames = {
    "HELLO",  "AUTH",    "PING",   "INFO", "SLOWLOG", "LATENCY", "ACL",
    "CONFIG", "COMMAND", "CLIENT", "QUIT", "SELECT",  "other"};

}  // namespace

Stats::Stats(std::uint64_t expected_interval_ms)
    : expected_ms_(expected_interval_ms), intervals_(kBuckets, 0) {
  since_ms_ = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now().time_since_epoch())
                                             .count());
}

void Stats::RecordInterval(std::uint64_t ms) {
  ++intervals_[std::min<std::uint64_t>(ms, kBuckets - 1)];
  ++interval_count_;
  interval_max_ = std::max(interval_max_, ms);
}

void Stats::Reset(std::uint64_t now_ms) {
  since_ms_ = now_ms;
  commands_.fill(0);
  std::fill(intervals_.begin(), intervals_.end(), 0);
  interval_count_ = interval_max_ = accepts_ = 0;
}

std::uint64_t Stats::Percentile(double q) const {
  if (interval_count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(q * static_cast<double>(interval_count_ - 1)) + 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < intervals_.size(); ++i) {
    seen += intervals_[i];
    if (seen >= rank) return i;
  }
  return interval_max_;
}

std::string Stats::Json(std::uint64_t now_ms, const std::string& fleet) const {
  auto num = [](std::uint64_t v) { return std::to_string(v); };
  auto late = [this](std::uint64_t v) {
    if (interval_count_ == 0) return std::string("0");
    return std::to_string(static_cast<std::int64_t>(v) - static_cast<std::int64_t>(expected_ms_));
  };
  std::string j = "{" + fleet;
  j += "\"elapsed_ms\":" + num(now_ms - since_ms_) + ",\"accepts\":" + num(accepts_);
  j += ",\"commands\":{";
  for (std::size_t i = 0; i < commands_.size(); ++i) {
    if (i) j += ",";
    j += "\"" + std::string(kCmdNames[i]) + "\":" + num(commands_[i]);
  }
  std::uint64_t p50 = Percentile(0.5), p99 = Percentile(0.99);
  j += "},\"expected_interval_ms\":" + num(expected_ms_);
  j += ",\"info_interval_ms\":{\"count\":" + num(interval_count_) + ",\"p50\":" + num(p50) +
       ",\"p99\":" + num(p99) + ",\"max\":" + num(interval_max_) + "}";
  j += ",\"poll_lateness_ms\":{\"p50\":" + late(p50) + ",\"p99\":" + late(p99) +
       ",\"max\":" + late(interval_max_) + "}}";
  return j;
}

}  // namespace fakefleet
