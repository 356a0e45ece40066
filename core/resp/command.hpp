// Encodes a Redis command as a RESP array of bulk strings, appended to the caller's buffer.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace vigil::resp {

// Exact number of bytes AppendCommand writes for these arguments.
std::size_t EncodedCommandSize(std::span<const std::string_view> args);

// Appends `*N\r\n$len\r\narg\r\n...` to *out. One growth of *out at most, no other allocation.
// Arguments are binary-safe. AppendCommand(&out, {"GET", key}) pipelines by appending again.
void AppendCommand(std::string* out, std::span<const std::string_view> args);
void AppendCommand(std::string* out, std::initializer_list<std::string_view> args);
void AppendCommand(std::string* out, std::span<const std::string> args);

}  // namespace vigil::resp
