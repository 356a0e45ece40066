// EventMapper: Sentinel's event messages, e.g. "master mymaster 127.0.0.1 6379 #quorum 1/1" or
// "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379", into vigil events.
#include "sentinel_events.hpp"

#include <charconv>

#include "../common/json_writer.hpp"

namespace vigil_sentinel {
namespace {

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool ParsePort(std::string_view s, int* port) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *port);
  return ec == std::errc() && p == s.data() + s.size() && *port > 0 && *port < 65536;
}

std::string Addr(std::string_view ip, std::string_view port) {
  return std::string(ip) + ":" + std::string(port);
}

}  // namespace

std::vector<EventOut> EventMapper::OnMessage(std::string_view channel, std::string_view payload) {
  std::vector<std::string_view> w = Words(payload);
  if (channel == "+switch-master") return SwitchMaster(w, payload);
  bool down = channel == "+sdown" || channel == "+odown";
  bool up = channel == "-sdown" || channel == "-odown";
  if ((!down && !up) || w.size() < 4) return {};
  Instance in;
  if (w[0] == "master") {
    in.role = "master";
    in.master = std::string(w[1]);
  } else if (w[0] == "slave" || w[0] == "replica") {
    if (w.size() < 6 || w[4] != "@") return {};
    in.role = "replica";
    in.master = std::string(w[5]);
  } else {
    return {};  // another Sentinel: not a data node
  }
  in.ip = std::string(w[2]);
  if (!ParsePort(w[3], &in.port)) return {};
  in.name = in.role == "master" ? in.master : Addr(w[2], w[3]);
  if (!Wanted(in.master)) return {};
  std::string_view reason = channel.substr(1);
  return down ? Down(in, reason, payload) : Up(in, reason, payload);
}

std::vector<EventOut> EventMapper::Down(const Instance& in, std::string_view reason,
                                        std::string_view raw) {
  auto& reasons = down_[in.name];
  if (!reasons.insert(std::string(reason)).second) return {};  // a repeat
  std::string msg = "Sentinel " + sentinel_ + ": " + in.role + " " + in.name + " (" + in.ip + ":" +
                    std::to_string(in.port) + ") is " +
                    (reason == "odown" ? "objectively" : "subjectively") + " down";
  return {Make(in, false, reason, std::move(msg), raw)};
}

std::vector<EventOut> EventMapper::Up(const Instance& in, std::string_view reason,
                                      std::string_view raw) {
  auto it = down_.find(in.name);
  if (it != down_.end()) {
    it->second.erase(std::string(reason));
    if (!it->second.empty()) return {};  // still down for the other reason
    down_.erase(it);
  }
  std::string msg = "Sentinel " + sentinel_ + ": " + in.role + " " + in.name + " (" + in.ip + ":" +
                    std::to_string(in.port) + ") is up again";
  return {Make(in, true, reason, std::move(msg), raw)};
}

std::vector<EventOut> EventMapper::SwitchMaster(const std::vector<std::string_view>& w,
                                                std::string_view raw) {
  int old_port = 0, new_port = 0;
  if (w.size() < 5 || !ParsePort(w[2], &old_port) || !ParsePort(w[4], &new_port)) return {};
  Instance in{"master", std::string(w[0]), std::string(w[3]), std::string(w[0]), new_port};
  if (!Wanted(in.master)) return {};
  std::string from = Addr(w[1], w[2]), to = Addr(w[3], w[4]);
  EventOut f;
  f.type = "instance.failover";
  f.instance_name = in.name;
  f.instance_host = in.ip;
  f.instance_port = new_port;
  f.message =
      "Sentinel " + sentinel_ + ": master " + in.name + " failed over from " + from + " to " + to;
  vigil_plugins::JsonWriter j;
  j.BeginObject()
      .Field("source", "sentinel")
      .Field("sentinel", sentinel_)
      .Field("master", in.name)
      .Field("from", from)
      .Field("to", to)
      .Field("message", f.message)
      .Field("raw", raw)
      .EndObject();
  f.data_json = j.Take();
  std::vector<EventOut> out{std::move(f)};
  // A master set that was down is served again by its new master: close that alert.
  if (down_.erase(in.name))
    out.push_back(Make(in, true, "failover",
                       "Sentinel " + sentinel_ + ": master " + in.name + " is served by " + to +
                           " after a failover",
                       raw));
  return out;
}

EventOut EventMapper::Make(const Instance& in, bool up, std::string_view reason,
                           std::string message, std::string_view raw) const {
  EventOut e;
  e.type = up ? "instance.up" : "instance.down";
  e.resolved = up;
  e.instance_name = in.name;
  e.instance_host = in.ip;
  e.instance_port = in.port;
  e.alert_key = "sentinel/" + in.name + "/down";
  vigil_plugins::JsonWriter j;
  j.BeginObject()
      .Field("source", "sentinel")
      .Field("sentinel", sentinel_)
      .Field("role", in.role)
      .Field("master", in.master)
      .Field("reason", reason)
      .Field("message", message)
      .Field("raw", raw)
      .EndObject();
  e.data_json = j.Take();
  e.message = std::move(message);
  return e;
}

}  // namespace vigil_sentinel
