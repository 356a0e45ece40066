// Test helpers for waiting on conditions (never bare sleeps) and finding free loopback ports.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace vigil::testing {

// Polls pred every few milliseconds until it holds or the timeout passes; returns its last value.
inline bool WaitFor(const std::function<bool()>& pred,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return pred();
}

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int FreeTcpPort();

}  // namespace vigil::testing
