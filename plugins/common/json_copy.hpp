// Writes a parsed JsonValue back out through a JsonWriter (strings re-escaped, so the copy is
// valid UTF-8 JSON even when the source held stray bytes).
#pragma once

#include "json_value.hpp"
#include "json_writer.hpp"

namespace vigil_plugins {

inline void WriteJsonValue(JsonWriter& w, const JsonValue& v) {
  switch (v.kind) {
    case JsonValue::Kind::kNull:
      w.Raw("null");
      break;
    case JsonValue::Kind::kBool:
      w.Bool(v.boolean);
      break;
    case JsonValue::Kind::kNumber:
      w.Raw(v.text);
      break;
    case JsonValue::Kind::kString:
      w.String(v.text);
      break;
    case JsonValue::Kind::kArray:
      w.BeginArray();
      for (const auto& item : v.items) WriteJsonValue(w, item);
      w.EndArray();
      break;
    case JsonValue::Kind::kObject:
      w.BeginObject();
      for (const auto& [k, m] : v.members) {
        w.Key(k);
        WriteJsonValue(w, m);
      }
      w.EndObject();
      break;
  }
}

}  // namespace vigil_plugins
