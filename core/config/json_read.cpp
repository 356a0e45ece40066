// Typed reads from the simdjson DOM for the config loader: each returns a Status whose message
// starts with the key path and says what was expected, without echoing the value found.
#include "core/config/json_read.hpp"

#include <fmt/format.h>

namespace vigil::config::detail {

using simdjson::dom::element_type;

std::string JoinKey(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out(path);
  out += '.';
  out += key;
  return out;
}

std::string JoinIndex(std::string_view path, std::size_t index) {
  return fmt::format("{}[{}]", path, index);
}

Status Fail(std::string_view path, std::string_view what) {
  return Status::Invalid(fmt::format("{}: {}", path.empty() ? "config" : path, what));
}

Status ReadString(Json j, std::string_view path, std::string& out) {
  std::string_view v;
  if (j.get(v) != simdjson::SUCCESS) return Fail(path, "expected a string");
  out.assign(v);
  return Status::Ok();
}

Status ReadBool(Json j, std::string_view path, bool& out) {
  if (j.get(out) != simdjson::SUCCESS) return Fail(path, "expected true or false");
  return Status::Ok();
}

Status ReadInt(Json j, std::string_view path, std::int64_t min, std::int64_t max,
               std::int64_t& out) {
  std::int64_t v = 0;
  switch (j.type()) {
    case element_type::INT64:
      v = j.get_int64().value_unsafe();
      break;
    case element_type::UINT64:  // only values above INT64_MAX land here
      return Fail(path, fmt::format("must be {}..{}", min, max));
    default:
      return Fail(path, "expected an integer");
  }
  if (v < min || v > max) return Fail(path, fmt::format("must be {}..{}", min, max));
  out = v;
  return Status::Ok();
}

Status ReadNumber(Json j, std::string_view path, double min, double max, double& out) {
  double v = 0;
  if (j.get(v) != simdjson::SUCCESS) return Fail(path, "expected a number");
  if (!(v >= min && v <= max))
    return Fail(path, fmt::format("must be {}..{}", FormatNumber(min), FormatNumber(max)));
  out = v;
  return Status::Ok();
}

std::string FormatNumber(double v) {
  return fmt::format("{}", v);
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace vigil::config::detail
