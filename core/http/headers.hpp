// HTTP header lists as ordered name/value pairs, with case-insensitive lookup.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::http {

using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

// ASCII case-insensitive equality (header names are ASCII tokens).
bool EqualsNoCase(std::string_view a, std::string_view b);
// The value of the first header named `name` (any case), or nullptr.
const std::string* FindHeader(const Headers& headers, std::string_view name);

}  // namespace vigil::http
