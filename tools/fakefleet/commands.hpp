// Execute: the commands a monitoring client sends (HELLO, AUTH, PING, INFO, SLOWLOG, LATENCY,
// ACL LOG, CONFIG GET, COMMAND DOCS, CLIENT ...), answered as redis 7.0 would; an error otherwise.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/fakefleet/info_template.hpp"
#include "tools/fakefleet/instance.hpp"
#include "tools/fakefleet/stats.hpp"

namespace fakefleet {

struct ServerEnv {
  const InfoTemplate* info = nullptr;
  Stats* stats = nullptr;
  std::string password;  // empty: no AUTH required
  bool acl_stats = false;
  std::int64_t process_id = 0;
};

// Appends the reply to `out`. `now_ms` is monotonic, `now_us` wall clock.
void Execute(const ServerEnv& env, Instance& inst, Session& s,
             const std::vector<std::string_view>& args, std::uint64_t now_ms, std::int64_t now_us,
             std::string* out);

}  // namespace fakefleet
