// Standard base64 (RFC 4648, with padding), for Standard Webhooks signatures and secrets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigil {

std::string Base64Encode(std::string_view bytes);
// Appends the base64 of bytes to *out (no temporary string).
void AppendBase64(std::string* out, std::string_view bytes);
// nullopt when the text is not valid base64.
std::optional<std::string> Base64Decode(std::string_view text);
// Decodes text into out[0, cap) and returns the decoded size; nullopt when the text is not
// valid base64 or might not fit (cap < Base64DecodedBound(text)).
std::optional<std::size_t> Base64DecodeInto(std::string_view text, unsigned char* out,
                                            std::size_t cap);
// At least the decoded size of text, whatever it holds.
inline std::size_t Base64DecodedBound(std::string_view text) {
  return text.size() * 3 / 4 + 3;
}

}  // namespace vigil
