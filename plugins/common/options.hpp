// Reads a webhook's sinkOptions: a flat JSON object of string, number and boolean options, read
// strictly (unknown keys, wrong types and duplicates are errors) with messages naming the option,
// e.g. "sinkOptions.routingKey: required".
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "json_value.hpp"

namespace vigil_plugins {

class OptionReader {
 public:
  // Parses `json`; on failure ok() is false and error() says why. At most 64 options, 64 KiB.
  explicit OptionReader(std::string_view json) { Load(json); }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // A string option; nullopt when absent (or after an error). Required options that are absent
  // or empty, and values longer than max_chars (code points), are errors.
  std::optional<std::string> String(std::string_view name, bool required = false,
                                    std::size_t max_chars = 2048) {
    const JsonValue* v = Take(name);
    if (!ok()) return std::nullopt;
    if (!v) {
      if (required) SetError(Name(name) + ": required");
      return std::nullopt;
    }
    if (!v->is_string()) return Wrong(name, "a string"), std::nullopt;
    if (required && v->text.empty()) return SetError(Name(name) + ": required"), std::nullopt;
    std::size_t chars = 0;
    for (char c : v->text) chars += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    if (chars > max_chars) {
      SetError(Name(name) + ": at most " + std::to_string(max_chars) + " characters");
      return std::nullopt;
    }
    return v->text;
  }

  std::optional<bool> Bool(std::string_view name) {
    const JsonValue* v = Take(name);
    if (!ok() || !v) return std::nullopt;
    if (v->kind != JsonValue::Kind::kBool) return Wrong(name, "true or false"), std::nullopt;
    return v->boolean;
  }

  std::optional<double> Number(std::string_view name, double min, double max) {
    const JsonValue* v = Take(name);
    if (!ok() || !v) return std::nullopt;
    if (!v->is_number()) return Wrong(name, "a number"), std::nullopt;
    if (!(v->number >= min && v->number <= max)) {
      SetError(Name(name) + ": must be between " + Trim(std::to_string(min)) + " and " +
               Trim(std::to_string(max)));
      return std::nullopt;
    }
    return v->number;
  }

  // Reports the first option no getter asked for. Call after the getters; returns ok().
  bool Finish() {
    if (!ok()) return false;
    for (const auto& [k, v] : doc_.members) {
      if (taken_.count(k)) continue;
      std::string known;
      for (const auto& t : taken_) known += (known.empty() ? "" : ", ") + t;
      SetError(Name(k) + ": unknown option" + (known.empty() ? "" : " (known: " + known + ")"));
      return false;
    }
    return true;
  }

  void SetError(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

 private:
  void Load(std::string_view json) {
    std::string why;
    auto doc = JsonReader::Parse(json.empty() ? std::string_view("{}") : json, &why,
                                 JsonLimits{64 * 1024, 2});
    if (!doc) return SetError("sinkOptions: invalid JSON: " + why);
    if (!doc->is_object()) return SetError("sinkOptions: must be a JSON object");
    if (doc->members.size() > 64) return SetError("sinkOptions: more than 64 options");
    std::set<std::string, std::less<>> seen;
    for (const auto& [k, v] : doc->members) {
      if (!seen.insert(k).second) return SetError("sinkOptions." + k + ": given twice");
      if (v.kind == JsonValue::Kind::kArray || v.kind == JsonValue::Kind::kObject ||
          v.kind == JsonValue::Kind::kNull)
        return SetError("sinkOptions." + k + ": must be a string, number or boolean");
    }
    doc_ = std::move(*doc);
  }
  static std::string Name(std::string_view name) { return "sinkOptions." + std::string(name); }
  static std::string Trim(std::string s) {
    if (s.find('.') == std::string::npos) return s;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  }
  void Wrong(std::string_view name, const char* what) {
    SetError(Name(name) + ": must be " + what);
  }
  const JsonValue* Take(std::string_view name) {
    taken_.emplace(name);
    return doc_.Find(name);
  }

  JsonValue doc_;
  std::set<std::string, std::less<>> taken_;
  std::string error_;
};

}  // namespace vigil_plugins
