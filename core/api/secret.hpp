// Webhook signing secrets made by the API: "whsec_" + base64(24 random bytes), and the masked
// form every read shows ("whsec_ab..." = the first 8 characters and "...").
#pragma once

#include <string>
#include <string_view>

namespace vigil::api {

std::string GenerateSecret();
// "" stays "" (unsigned webhook); anything else: its first 8 characters + "...".
std::string MaskSecret(std::string_view secret);

}  // namespace vigil::api
