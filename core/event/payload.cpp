// Payload rendering: a single pass with JsonWriter into one preallocated string.
#include "core/event/payload.hpp"

#include "core/util/json_writer.hpp"

namespace vigil::event {

void AppendPayload(std::string& out, const Event& e) {
  JsonWriter w(out);
  w.begin_object();
  w.field("id", e.id);
  w.field("event", Name(e.type));
  w.field("timestamp", e.timestamp_ms);
  w.field("status", e.resolved ? "resolved" : "firing");
  w.key("instance").begin_object();
  w.field("name", e.instance.name);
  w.field("host", e.instance.host);
  w.field("port", e.instance.port);
  w.end_object();
  w.key("data").raw(e.data_json);
  w.end_object();
}

std::string RenderPayload(const Event& e) {
  std::string out;
  out.reserve(256 + e.data_json.size());
  AppendPayload(out, e);
  return out;
}

}  // namespace vigil::event
