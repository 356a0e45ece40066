// The URL a Discord message is POSTed to: the webhook URL with wait=true, so Discord answers
// with the message (and reports errors) instead of 204.
#pragma once

#include <string>
#include <string_view>

namespace vigil_discord {

// Adds "wait=true" to the query ("?wait=true" or "&wait=true"), before any fragment; a URL that
// already has a wait parameter is left as it is.
std::string WithWait(std::string_view url);

}  // namespace vigil_discord
