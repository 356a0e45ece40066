// The sentinel source's options: where the Sentinel is and which masters to report, read strictly
// from the source's "options" object with errors naming the option.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil_sentinel {

struct Options {
  std::string host = "127.0.0.1";    // Default: 127.0.0.1
  int port = 26379;                  // Default: 26379
  std::string username;              // empty: AUTH with the password only
  std::string password;              // empty: no AUTH
  std::vector<std::string> masters;  // empty: every master the Sentinel monitors
};

// Parses `json` into *out. On failure returns false with *error like "options.port: must be an
// integer from 1 to 65535".
bool ParseOptions(std::string_view json, Options* out, std::string* error);

}  // namespace vigil_sentinel
