// MakePki: openssl req/x509 commands for a test CA and a localhost server certificate.
#include "tests/support/pki.hpp"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace vigil::testing {

// Made once per test binary run; removed at exit.
const TestPki* MakePki() {
  static TestPki pki;
  static bool ok = [] {
    char tmpl[] = "/tmp/vigil-http-tls-XXXXXX";
    if (!mkdtemp(tmpl)) return false;
    pki.dir = tmpl;
    pki.ca_crt = pki.dir + "/ca.crt";
    pki.server_crt = pki.dir + "/server.crt";
    pki.server_key = pki.dir + "/server.key";
    std::ofstream(pki.dir + "/ext.cnf")
        << "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
           "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n";
    std::string ossl = VIGIL_OPENSSL;
    std::string d = pki.dir;
    std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    std::string cmds[] = {
        ossl + " req -x509" + ec + " -keyout " + d + "/ca.key -out " + d +
            "/ca.crt -days 2 -subj /CN=vigil-test-ca -addext basicConstraints=critical,CA:TRUE"
            " -addext keyUsage=critical,keyCertSign,cRLSign",
        ossl + " req" + ec + " -keyout " + d + "/server.key -out " + d +
            "/server.csr -subj /CN=localhost",
        ossl + " x509 -req -in " + d + "/server.csr -CA " + d + "/ca.crt -CAkey " + d +
            "/ca.key -CAcreateserial -out " + d + "/server.crt -days 2 -extfile " + d + "/ext.cnf",
    };
    for (const std::string& cmd : cmds) {
      if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0) return false;
    }
    std::atexit([] { std::filesystem::remove_all(pki.dir); });
    return true;
  }();
  return ok ? &pki : nullptr;
}

}  // namespace vigil::testing
