// The key facts of an event for chat messages: 2-6 labelled, formatted values picked per event
// type from its data object (docs/events.md), e.g. {"Usage", "92.47%"}, {"Threshold", "90%"}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "event.hpp"
#include "text.hpp"

namespace vigil_plugins {

struct Fact {
  std::string label, value;
};

namespace facts_detail {

// A scalar member as display text ("" when absent or not a scalar).
inline std::string Scalar(const JsonValue& data, std::string_view key) {
  const JsonValue* v = data.Find(key);
  if (!v) return std::string();
  switch (v->kind) {
    case JsonValue::Kind::kString:
    case JsonValue::Kind::kNumber:
      return v->text;
    case JsonValue::Kind::kBool:
      return v->boolean ? "true" : "false";
    default:
      return std::string();
  }
}
inline const JsonValue* Num(const JsonValue& data, std::string_view key) {
  const JsonValue* v = data.Find(key);
  return v && v->is_number() ? v : nullptr;
}
inline void Add(std::vector<Fact>& out, std::string label, std::string value) {
  if (!value.empty()) out.push_back({std::move(label), std::move(value)});
}
inline std::string Percent(const JsonValue& data, std::string_view key) {
  const JsonValue* v = Num(data, key);
  return v ? v->text + "%" : std::string();
}
inline std::string When(const JsonValue& data, std::string_view key) {
  const JsonValue* v = Num(data, key);
  return v ? Iso8601(static_cast<std::int64_t>(v->number)) : std::string();
}
// The addr=... field of a CLIENT LIST style client-info line, else the line itself.
inline std::string ClientAddr(const std::string& info) {
  std::size_t p = info.rfind("addr=", 0) == 0 ? 0 : info.find(" addr=");
  if (p == std::string::npos) return TruncateChars(info, 200);
  p = info.find('=', p) + 1;
  return info.substr(p, info.find(' ', p) - p);
}

}  // namespace facts_detail

inline std::vector<Fact> EventFacts(const Event& e) {
  using namespace facts_detail;
  const JsonValue& d = e.data;
  std::vector<Fact> out;
  std::string_view t = e.type;
  if (t == "instance.down") {
    Add(out, "Reason", Scalar(d, "reason"));
    Add(out, "Detail", TruncateChars(Scalar(d, "detail"), 500));
    Add(out, "Down since", When(d, "since"));
  } else if (t == "instance.up") {
    const JsonValue* ms = Num(d, "downtimeMs");
    Add(out, "Downtime", ms ? HumanDuration(static_cast<std::int64_t>(ms->number)) : "");
    Add(out, "Down since", When(d, "downSince"));
  } else if (t == "memory.critical") {
    Add(out, "Usage", Percent(d, "value"));
    Add(out, "Threshold", Percent(d, "threshold"));
    const JsonValue *used = Num(d, "usedMemory"), *max = Num(d, "maxmemory");
    if (used && max)
      Add(out, "Memory", HumanBytes(used->number) + " of " + HumanBytes(max->number));
  } else if (t == "connection.critical") {
    Add(out, "Usage", Percent(d, "value"));
    Add(out, "Threshold", Percent(d, "threshold"));
    const JsonValue *used = Num(d, "connectedClients"), *max = Num(d, "maxclients");
    if (used && max) Add(out, "Clients", used->text + " of " + max->text);
  } else if (t == "client.blocked" && Scalar(d, "reason") == "auth") {
    Add(out, "Reason", "failed logins");
    Add(out, "Failed logins", Scalar(d, "count"));
    Add(out, "User", Scalar(d, "username"));
    std::string info = Scalar(d, "clientInfo");
    Add(out, "Client", info.empty() ? "" : ClientAddr(info));
  } else if (t == "client.blocked") {
    Add(out, "Reason",
        Scalar(d, "reason") == "maxclients" ? "maxclients reached" : Scalar(d, "reason"));
    Add(out, "Refused", Scalar(d, "count"));
    Add(out, "Refused in total", Scalar(d, "value"));
  } else {
    for (const auto& [k, v] : d.members) {
      if (out.size() == 6) break;
      if (k != "message") Add(out, k, TruncateChars(Scalar(d, k), 500));
    }
  }
  return out;
}

}  // namespace vigil_plugins
