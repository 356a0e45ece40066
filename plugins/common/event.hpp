// What the sink plugins read of a vigil_event: string views of its fields, its data object parsed,
// and the wording they share ("memory.critical on cache-1", "Resolved: ...", instance address).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "json_value.hpp"
#include "sink_util.hpp"
#include "vigil/sink.h"

namespace vigil_plugins {

struct Event {
  std::string_view id, type, severity, name, host, message, data_json, alert_key, public_url;
  int port = 0;
  bool resolved = false;
  std::int64_t timestamp_ms = 0;
  JsonValue data;  // the data object; an empty object when data_json is not a JSON object

  static Event From(const vigil_event* ev) {
    Event e;
    e.id = View(ev->id);
    e.type = View(ev->type);
    e.severity = View(ev->severity);
    e.name = View(ev->instance_name);
    e.host = View(ev->instance_host);
    e.port = ev->instance_port;
    e.message = View(ev->message);
    e.data_json = View(ev->data_json);
    e.alert_key = View(ev->alert_key);
    e.public_url = View(ev->public_url);
    e.resolved = ev->status == VIGIL_RESOLVED;
    e.timestamp_ms = ev->timestamp_ms;
    auto data = JsonReader::Parse(e.data_json, nullptr);
    if (data && data->is_object()) e.data = std::move(*data);
    e.data.kind = JsonValue::Kind::kObject;
    return e;
  }

  // The data object as JSON text: data_json when it is a valid object, else "{}".
  std::string_view DataJson() const { return data.members.empty() ? "{}" : data_json; }

  // "10.0.0.11:6379" ("[::1]:6379" for IPv6); the name when the host is unknown.
  std::string Address() const {
    if (host.empty()) return std::string(name);
    std::string h(host);
    if (h.find(':') != std::string::npos && h.front() != '[') h = "[" + h + "]";
    return h + ":" + std::to_string(port);
  }
  // The alert this event is about: a resolved instance.up closes instance.down.
  std::string_view AlertType() const {
    return resolved && type == "instance.up" ? std::string_view("instance.down") : type;
  }
  // "memory.critical on cache-1" or "Resolved: memory.critical on cache-1".
  std::string Subject() const {
    std::string s = resolved ? "Resolved: " : "";
    return s.append(AlertType()).append(" on ").append(name);
  }
  // The message, or the subject when the event has none.
  std::string Text() const { return message.empty() ? Subject() : std::string(message); }
  bool CriticalFiring() const { return !resolved && severity == "critical"; }
};

}  // namespace vigil_plugins
