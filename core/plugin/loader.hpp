// Loads plugin shared objects: dlopen, find vigil_plugin_init, check the ABI version and struct
// sizes, and refuse (with the path, the plugin's ABI and ours) anything vigil cannot run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/util/result.hpp"
#include "vigil/plugin.h"

namespace vigil::plugin {

struct LoadedPlugin {
  std::string path;
  void* handle = nullptr;  // dlopen handle; never closed (plugins stay for the process)
  const vigil_plugin* descriptor = nullptr;
};

// The host function table handed to every plugin (see host_api.cpp); valid for the process.
const vigil_host_api* HostApi();

// Loads one plugin. Errors are Status::Invalid and start with the path.
Result<LoadedPlugin> LoadPlugin(const std::string& path);

// Every *.so in dir, in name order; a missing dir is not an error (empty list).
std::vector<std::string> ListPluginFiles(const std::string& dir);

}  // namespace vigil::plugin
