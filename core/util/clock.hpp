// Wall-clock time for payloads and history (milliseconds since the Unix epoch).
#pragma once

#include <chrono>
#include <cstdint>

namespace vigil {

inline std::int64_t NowUnixMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace vigil
