// Prometheus metric and label name rules: validation, and sanitizing free text into a name.
#pragma once

#include <string>
#include <string_view>

namespace vigil::metrics {

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(std::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved by Prometheus).
bool IsValidLabelName(std::string_view name);
// Appends s with every character outside [a-zA-Z0-9_] replaced by '_', ASCII letters
// lower-cased ("Used-Memory" -> "used_memory"). Callers prefix it, so a leading digit is fine.
void AppendSanitized(std::string* out, std::string_view s);

}  // namespace vigil::metrics
