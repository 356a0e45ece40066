// ParseOptions: the sentinel source's options object, read with the plugins' strict JSON reader.
#include "sentinel_options.hpp"

#include <cmath>

#include "../common/json_value.hpp"

namespace vigil_sentinel {
namespace {

using vigil_plugins::JsonValue;

bool Fail(std::string* error, std::string_view option, std::string_view what) {
  *error = "options." + std::string(option) + ": " + std::string(what);
  return false;
}

bool ReadString(const JsonValue& v, std::string_view name, std::string* out, std::string* error) {
  if (!v.is_string()) return Fail(error, name, "must be a string");
  if (v.text.empty() || v.text.size() > 1024)
    return Fail(error, name, "must be a non-empty string of at most 1024 bytes");
  *out = v.text;
  return true;
}

}  // namespace

bool ParseOptions(std::string_view json, Options* out, std::string* error) {
  *out = Options{};
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return true;  // no options
  std::string why;
  auto doc = vigil_plugins::JsonReader::Parse(json, &why, {64 * 1024, 8});
  if (!doc) {
    *error = "options: not valid JSON: " + why;
    return false;
  }
  if (!doc->is_object()) {
    *error = "options: must be a JSON object";
    return false;
  }
  for (const auto& [key, v] : doc->members) {
    if (key == "host") {
      if (!ReadString(v, key, &out->host, error)) return false;
    } else if (key == "port") {
      if (!v.is_number() || v.number != std::floor(v.number) || v.number < 1 || v.number > 65535)
        return Fail(error, key, "must be an integer from 1 to 65535");
      out->port = static_cast<int>(v.number);
    } else if (key == "username") {
      if (!ReadString(v, key, &out->username, error)) return false;
    } else if (key == "password") {
      if (!ReadString(v, key, &out->password, error)) return false;
    } else if (key == "masters") {
      if (v.kind != JsonValue::Kind::kArray || v.items.empty() || v.items.size() > 1000)
        return Fail(error, key, "must be a non-empty array of master names");
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        std::string name;
        if (!ReadString(v.items[i], key + "[" + std::to_string(i) + "]", &name, error))
          return false;
        out->masters.push_back(std::move(name));
      }
    } else {
      return Fail(error, key, "unknown option (known: host, port, username, password, masters)");
    }
  }
  return true;
}

}  // namespace vigil_sentinel
