// Test helper: loads the INFO texts captured from a real redis 7.0.15 (CRLF endings kept).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace vigil::info::testing {

// name: "redis7_master.txt" (with one online replica) or "redis7_replica.txt".
inline std::string LoadFixture(const std::string& name) {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/tests/unit/info/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace vigil::info::testing
