// A token bucket: at most `rate` requests a second on average, `burst` at once. Rate 0 means no
// limit. Time is the loop's millisecond clock, passed in by the caller.
#pragma once

#include <algorithm>
#include <cstdint>

namespace vigil::deliver {

class TokenBucket {
 public:
  void Configure(double rate_per_second, double burst) {
    rate_ = rate_per_second;
    burst_ = std::max(1.0, burst);
    tokens_ = burst_;
  }
  bool limited() const { return rate_ > 0; }

  // Takes one token if there is one.
  bool TryTake(std::uint64_t now_ms) {
    if (!limited()) return true;
    Refill(now_ms);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }
  // Milliseconds until a token is available (0 when one is).
  std::uint64_t WaitMs(std::uint64_t now_ms) {
    if (!limited()) return 0;
    Refill(now_ms);
    if (tokens_ >= 1.0) return 0;
    return static_cast<std::uint64_t>((1.0 - tokens_) * 1000.0 / rate_) + 1;
  }

 private:
  void Refill(std::uint64_t now_ms) {
    if (now_ms > last_ms_)
      tokens_ = std::min(burst_, tokens_ + (now_ms - last_ms_) * rate_ / 1000.0);
    last_ms_ = now_ms;
  }

  double rate_ = 0, burst_ = 1, tokens_ = 1;
  std::uint64_t last_ms_ = 0;
};

}  // namespace vigil::deliver
