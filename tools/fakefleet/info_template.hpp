// InfoTemplate: the captured INFO text compiled once into static text and value slots, so one
// INFO reply is a few memcpys and integer formats (10,000 instances polled every second).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fakefleet {

// The per-instance values INFO shows; the renderer derives *_human, uptime_in_days, etc.
struct InfoValues {
  std::int64_t port = 0, process_id = 0, uptime_s = 0, now_us = 0;
  std::int64_t connected_clients = 0, maxclients = 0, blocked_clients = 0;
  std::int64_t used_memory = 0, used_memory_rss = 0, used_memory_peak = 0, maxmemory = 0;
  std::int64_t total_connections_received = 0, total_commands_processed = 0;
  std::int64_t instantaneous_ops_per_sec = 0, rejected_connections = 0;
  std::int64_t acl_access_denied_auth = 0;
  std::string_view run_id;
  bool acl_stats = false;  // report the redis 7.2 acl_access_denied_* fields
};

class InfoTemplate {
 public:
  InfoTemplate();  // compiles kInfoTemplate
  // Appends the INFO text for `args` (empty: the default sections, "all", "everything",
  // "default" or section names, any case) to out.
  void Render(const std::vector<std::string_view>& args, const InfoValues& v,
              std::string* out) const;

  enum class Slot : std::uint8_t;
  struct Segment {
    std::string text;  // static text before the slot
    Slot slot;
  };
  struct Section {
    std::string name;  // lowercase
    bool in_default;
    std::vector<Segment> segments;
  };

 private:
  void RenderSection(const Section& s, const InfoValues& v, std::string* out) const;
  std::vector<Section> sections_;
};

}  // namespace fakefleet
