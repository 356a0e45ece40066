// Appends a string to a JSON document as a quoted, escaped JSON string (valid UTF-8 passes
// through).
#pragma once

#include <string>
#include <string_view>

namespace vigil {

void AppendJsonString(std::string& out, std::string_view s);

}  // namespace vigil
