// GenerateSecret (getrandom(2), 24 bytes: one small syscall per create or rotation) and masking.
#include "core/api/secret.hpp"

#include <sys/random.h>

#include <random>

#include "core/util/base64.hpp"

namespace vigil::api {

std::string GenerateSecret() {
  std::string bytes(24, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = getrandom(bytes.data() + got, bytes.size() - got, 0);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got < bytes.size()) {  // no getrandom: the OS generator through random_device
    std::random_device rd;
    for (auto& c : bytes) c = static_cast<char>(rd());
  }
  return "whsec_" + Base64Encode(bytes);
}

std::string MaskSecret(std::string_view secret) {
  if (secret.empty()) return {};
  return std::string(secret.substr(0, 8)) + "...";
}

}  // namespace vigil::api
