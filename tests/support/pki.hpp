// A throw-away PKI for TLS tests: a CA and a server certificate for "localhost", made once per
// test binary by the openssl CLI in a temporary directory (removed at exit).
#pragma once

#include <string>

namespace vigil::testing {

struct TestPki {
  std::string dir, ca_crt, server_crt, server_key;
};

// nullptr when openssl could not make the certificates.
const TestPki* MakePki();

}  // namespace vigil::testing
