// Number formatting for JsonWriter: integers exactly, doubles in their shortest round-trip form.
#include "core/util/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace vigil {

JsonWriter& JsonWriter::value(std::int64_t v) {
  comma();
  fmt::format_to(std::back_inserter(out_), "{}", v);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t v) {
  comma();
  fmt::format_to(std::back_inserter(out_), "{}", v);
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  if (!std::isfinite(v)) return null();
  comma();
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    fmt::format_to(std::back_inserter(out_), "{}", static_cast<std::int64_t>(v));
  } else {
    fmt::format_to(std::back_inserter(out_), "{}", v);
  }
  return *this;
}

}  // namespace vigil
