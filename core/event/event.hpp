// An event: something a detector saw on one instance, with its facts rendered as the JSON `data`
// object. Events are immutable once made and shared by every delivery they fan out to.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/event/catalog.hpp"

namespace vigil::event {

struct InstanceRef {
  std::string name;
  std::string host;
  int port = 0;
};

struct Event {
  std::string id;  // UUID, unique per event
  Type type = Type::kTest;
  std::int64_t timestamp_ms = 0;  // wall clock, milliseconds since the epoch
  InstanceRef instance;
  std::string data_json = "{}";  // the `data` object, already rendered
  std::string message;           // human summary (also inside data_json), for logs
  // firing: an alert or notice; resolved: the end of an alert (instance.up, a threshold alert
  // that cleared). Sinks with a resolved form (PagerDuty resolve) use it.
  bool resolved = false;
  // The same for the firing event and the event that resolves it, per alert episode of one
  // instance (PagerDuty's dedup_key); empty for notices.
  std::string alert_key;
};

using EventPtr = std::shared_ptr<const Event>;

// Makes an event with a fresh id and the current time.
Event MakeEvent(Type type, InstanceRef instance, std::string data_json, std::string message);

}  // namespace vigil::event
