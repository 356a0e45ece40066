// Registry: loads plugin directories and indexes their sinks and sources by name.
#include "core/plugin/registry.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "core/util/log.hpp"

namespace vigil::plugin {

Status Registry::LoadDirs(const std::vector<std::string>& dirs) {
  for (const std::string& dir : dirs) {
    for (const std::string& f : ListPluginFiles(dir)) {
      Status s = LoadFile(f);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status Registry::LoadFile(const std::string& path) {
  auto p = LoadPlugin(path);
  if (!p.ok()) return p.status();
  return Add(std::move(p).value());
}

Status Registry::Add(LoadedPlugin p) {
  for (const LoadedPlugin& q : plugins_) {
    if (std::string_view(q.descriptor->name) == p.descriptor->name) {
      log::Warn("plugin skipped: same name loaded earlier",
                {{"plugin", p.descriptor->name}, {"path", p.path}, {"loaded", q.path}});
      return Status::Ok();
    }
  }
  const vigil_plugin* d = p.descriptor;
  for (std::size_t i = 0; i < d->sink_count; ++i) {
    if (sinks_.count(d->sinks[i]->name))
      return Status::Invalid(fmt::format("{}: sink \"{}\" is already provided by another plugin",
                                         p.path, d->sinks[i]->name));
    sinks_.emplace(d->sinks[i]->name, d->sinks[i]);
  }
  for (std::size_t i = 0; i < d->source_count; ++i) {
    if (sources_.count(d->sources[i]->name))
      return Status::Invalid(fmt::format("{}: source \"{}\" is already provided by another plugin",
                                         p.path, d->sources[i]->name));
    sources_.emplace(d->sources[i]->name, d->sources[i]);
  }
  log::Debug("plugin loaded", {{"plugin", d->name}, {"version", d->version}, {"path", p.path}});
  plugins_.push_back(std::move(p));
  return Status::Ok();
}

const vigil_sink_vtable* Registry::sink(std::string_view name) const {
  auto it = sinks_.find(name);
  return it == sinks_.end() ? nullptr : it->second;
}

const vigil_source_vtable* Registry::source(std::string_view name) const {
  auto it = sources_.find(name);
  return it == sources_.end() ? nullptr : it->second;
}

std::vector<std::string> Registry::sink_names() const {
  std::vector<std::string> out;
  for (const auto& [name, vt] : sinks_) out.push_back(name);
  return out;
}

std::string Registry::Describe() const {
  std::string out;
  for (const LoadedPlugin& p : plugins_) {
    const vigil_plugin* d = p.descriptor;
    out += fmt::format("{} {} ({})", d->name, d->version ? d->version : "?", p.path);
    for (std::size_t i = 0; i < d->sink_count; ++i)
      out += fmt::format("{}sink {} {}", i ? ", " : ": ", d->sinks[i]->name,
                         d->sinks[i]->version ? d->sinks[i]->version : "");
    for (std::size_t i = 0; i < d->source_count; ++i)
      out += fmt::format("{}source {} {}", (i || d->sink_count) ? ", " : ": ", d->sources[i]->name,
                         d->sources[i]->version ? d->sources[i]->version : "");
    out += "\n";
  }
  return out;
}

std::vector<std::string> DefaultPluginDirs() {
  std::vector<std::string> dirs;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back((exe.parent_path() / "plugins").string());  // the build tree
    // An install moved to another prefix: <prefix>/bin/vigil next to <prefix>/lib/vigil/plugins.
    dirs.push_back((exe.parent_path().parent_path() / "lib" / "vigil" / "plugins").string());
  }
  dirs.push_back(VIGIL_PLUGIN_DIR);
  return dirs;
}

}  // namespace vigil::plugin
