// The command line of the vigil binary: --config, --check-config, --log-level, --log-format,
// --help, --version. Exit status 2 for a bad command line or a bad configuration.
#pragma once

namespace vigil::app {

int RunCli(int argc, char** argv);

}  // namespace vigil::app
