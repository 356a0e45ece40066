// Turns Sentinel pub/sub messages into vigil events: +sdown/+odown -> instance.down, the matching
// -sdown/-odown -> instance.up once nothing is down any more, +switch-master -> instance.failover.
// Pure: no I/O; sentinel_source.cpp hands the results to the host's emit.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace vigil_sentinel {

// One event to emit (strings owned; the caller makes the vigil_emit view).
struct EventOut {
  std::string type;  // "instance.down" | "instance.up" | "instance.failover"
  bool resolved = false;
  std::string instance_name, instance_host;
  int instance_port = 0;
  std::string message, data_json, alert_key;
};

class EventMapper {
 public:
  // sentinel: "host:port" of the Sentinel, reported in every event's data. masters: report only
  // these master sets (empty: all).
  EventMapper(std::string sentinel, std::vector<std::string> masters)
      : sentinel_(std::move(sentinel)), masters_(masters.begin(), masters.end()) {}

  // The events one message on `channel` means (often none: other roles, other masters, repeats).
  std::vector<EventOut> OnMessage(std::string_view channel, std::string_view payload);

 private:
  struct Instance {
    std::string role, name, ip, master;
    int port = 0;
  };
  std::vector<EventOut> Down(const Instance& in, std::string_view reason, std::string_view raw);
  std::vector<EventOut> Up(const Instance& in, std::string_view reason, std::string_view raw);
  std::vector<EventOut> SwitchMaster(const std::vector<std::string_view>& words,
                                     std::string_view raw);
  bool Wanted(const std::string& master) const {
    return masters_.empty() || masters_.count(master);
  }
  EventOut Make(const Instance& in, bool up, std::string_view reason, std::string message,
                std::string_view raw) const;

  std::string sentinel_;
  std::set<std::string, std::less<>> masters_;
  // Instances reported down, by instance name, with their active reasons ("sdown", "odown").
  std::map<std::string, std::set<std::string>, std::less<>> down_;
};

}  // namespace vigil_sentinel
