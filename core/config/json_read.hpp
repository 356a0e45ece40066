// Reading typed values out of a parsed simdjson DOM with path-prefixed errors. Internal to
// core/config: messages name the key path and never echo the value (it may be a secret).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace vigil::config::detail {

using Json = simdjson::dom::element;

// "resp" + "connectTimeoutMs" -> "resp.connectTimeoutMs"; "" + "listen" -> "listen".
std::string JoinKey(std::string_view path, std::string_view key);
// "instances" + 2 -> "instances[2]".
std::string JoinIndex(std::string_view path, std::size_t index);
// Status::Invalid("<path>: <what>"); the root path "" is shown as "config".
Status Fail(std::string_view path, std::string_view what);

Status ReadString(Json j, std::string_view path, std::string& out);
Status ReadBool(Json j, std::string_view path, bool& out);
// An integer written without fraction or exponent, within [min, max].
Status ReadInt(Json j, std::string_view path, std::int64_t min, std::int64_t max,
               std::int64_t& out);
// Any JSON number within [min, max].
Status ReadNumber(Json j, std::string_view path, double min, double max, double& out);

// Docs and messages: a number the shortest way ("0.9", "2", "67108864").
std::string FormatNumber(double v);
// A string as a JSON literal, quotes and escapes included.
std::string Quote(std::string_view s);

}  // namespace vigil::config::detail
