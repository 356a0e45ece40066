// The plugins vigil runs with: loaded from the configured pluginDirs and the install's default
// directory, with their sinks and sources by name. Built once at start-up.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/plugin/loader.hpp"

namespace vigil::plugin {

class Registry {
 public:
  // Loads every plugin of each dir (earlier dirs win on duplicate names, with a warning). A
  // plugin that fails to load is an error: vigil refuses to start on a bad plugin.
  Status LoadDirs(const std::vector<std::string>& dirs);
  // Loads one file (tests, examples).
  Status LoadFile(const std::string& path);

  const vigil_sink_vtable* sink(std::string_view name) const;
  const vigil_source_vtable* source(std::string_view name) const;
  const std::vector<LoadedPlugin>& plugins() const { return plugins_; }
  std::vector<std::string> sink_names() const;
  // One line per plugin: "name version (path): sinks a, b; sources c".
  std::string Describe() const;

 private:
  Status Add(LoadedPlugin p);
  std::vector<LoadedPlugin> plugins_;
  std::map<std::string, const vigil_sink_vtable*, std::less<>> sinks_;
  std::map<std::string, const vigil_source_vtable*, std::less<>> sources_;
};

// Built-in plugin directories, after the config's pluginDirs: <dir of the vigil binary>/plugins
// (the build tree), <dir of the binary>/../lib/vigil/plugins (an install in any prefix) and the
// configured install's VIGIL_PLUGIN_DIR. Missing directories are skipped.
std::vector<std::string> DefaultPluginDirs();

}  // namespace vigil::plugin
