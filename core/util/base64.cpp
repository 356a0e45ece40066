// Base64 through mbedTLS's implementation.
#include "core/util/base64.hpp"

#include <mbedtls/base64.h>

namespace vigil {

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  AppendBase64(&out, bytes);
  return out;
}

void AppendBase64(std::string* out, std::string_view bytes) {
  std::size_t at = out->size();
  out->resize(at + 4 * ((bytes.size() + 2) / 3) + 1);  // mbedTLS writes a NUL too
  std::size_t n = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out->data() + at), out->size() - at, &n,
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out->resize(at + n);
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string out(Base64DecodedBound(text), '\0');
  auto n = Base64DecodeInto(text, reinterpret_cast<unsigned char*>(out.data()), out.size());
  if (!n) return std::nullopt;
  out.resize(*n);
  return out;
}

std::optional<std::size_t> Base64DecodeInto(std::string_view text, unsigned char* out,
                                            std::size_t cap) {
  std::size_t n = 0;
  if (cap < Base64DecodedBound(text) ||
      mbedtls_base64_decode(out, cap, &n, reinterpret_cast<const unsigned char*>(text.data()),
                            text.size()) != 0)
    return std::nullopt;
  return n;
}

}  // namespace vigil
