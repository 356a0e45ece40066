// vigil's entry point: parses the command line and hands over to the daemon (core/app).
#include "core/app/cli.hpp"

int main(int argc, char** argv) {
  return vigil::app::RunCli(argc, argv);
}
