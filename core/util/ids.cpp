// UUIDs from a per-thread 64-bit generator seeded once from the OS (no syscall per id).
#include "core/util/ids.hpp"

#include <cstdint>
#include <random>

namespace vigil {

namespace {

std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng{[] {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }()};
  return rng;
}

// Canonical 8-4-4-4-12 lowercase form of 128 bits.
std::string Format(std::uint64_t hi, std::uint64_t lo) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(36, '-');
  int pos = 0;
  auto put = [&](std::uint64_t v) {
    for (int i = 15; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      s[pos++] = kHex[(v >> (i * 4)) & 15];
    }
  };
  put(hi);
  put(lo);
  return s;
}

constexpr std::uint64_t kVariant = 0x8000000000000000ULL;  // variant 10
constexpr std::uint64_t kVariantMask = 0x3fffffffffffffffULL;

}  // namespace

std::string NewUuid() {
  std::uint64_t hi = Rng()(), lo = Rng()();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  return Format(hi, (lo & kVariantMask) | kVariant);
}

std::string NewUuidV7(std::int64_t unix_ms) {
  thread_local std::uint64_t last_ms = 0;
  thread_local std::uint64_t counter = 0;
  std::uint64_t ms = static_cast<std::uint64_t>(unix_ms < 0 ? 0 : unix_ms) & 0xffffffffffffULL;
  if (ms > last_ms || counter >= 0xfff) {
    // A new millisecond (or the counter ran out: borrow the next one, which keeps the order).
    last_ms = ms > last_ms ? ms : last_ms + 1;
    counter = Rng()() & 0x7ff;  // random start, at least 2048 ids of room
  } else {
    ++counter;
  }
  std::uint64_t hi = (last_ms << 16) | 0x7000 | counter;  // version 7
  return Format(hi, (Rng()() & kVariantMask) | kVariant);
}

}  // namespace vigil
