// Value checks for config strings that are more than "any string": names, URLs, listen addresses,
// header names. Each returns nullptr when fine, else a message (never containing the value).
#pragma once

#include <string_view>

namespace vigil::config::detail {

const char* CheckNonEmpty(std::string_view v);
const char* CheckListen(std::string_view v);
const char* CheckInstanceName(std::string_view v);  // [A-Za-z0-9._:-], 1..128
const char* CheckWebhookId(std::string_view v);     // [A-Za-z0-9._-], 1..64
const char* CheckUrl(std::string_view v);           // http(s):// with a host
const char* CheckPluginName(std::string_view v);    // [a-z0-9_-], 1..64
const char* CheckHeaderName(std::string_view v);    // an RFC 9110 token vigil does not own
const char* CheckHeaderValue(std::string_view v);   // no control characters but tab

}  // namespace vigil::config::detail
