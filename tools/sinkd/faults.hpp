// Faults: per-path misbehaviour sinkd serves instead of 200 (a status, a delay, a reset, or no
// answer at all) for the next `count` requests to that path (-1: until cleared).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sinkd {

enum class FaultMode { kStatus, kReset, kHang };

struct Fault {
  FaultMode mode = FaultMode::kStatus;
  int status = 503;
  std::uint64_t delay_ms = 0;  // with kStatus: answer after this long (status 200 allowed)
  std::int64_t count = -1;
};

class Faults {
 public:
  // "/_fault?path=/a&status=503&count=10&delay_ms=50&mode=reset|hang|status"; count=0 clears.
  bool AddFromQuery(std::string_view query, std::string* error);
  // "PATH:STATUS[:COUNT]" from the command line.
  bool AddFromFlag(std::string_view spec);
  // The fault for the next request to `path`, consuming one of its count.
  std::optional<Fault> Take(std::string_view path);

 private:
  std::map<std::string, Fault, std::less<>> rules_;
};

}  // namespace sinkd
