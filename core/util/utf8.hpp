// UTF-8 helpers: cutting text to a byte budget without splitting a character.
#pragma once

#include <string_view>

namespace vigil {

// The longest prefix of s of at most max_bytes that does not end inside a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view s, std::size_t max_bytes);

}  // namespace vigil
