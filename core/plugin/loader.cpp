// LoadPlugin: dlopen with RTLD_LOCAL, then every check the ABI promises before any plugin code
// beyond vigil_plugin_init runs.
#include "core/plugin/loader.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace vigil::plugin {
namespace {

bool ValidName(const char* s) {
  if (!s || !*s) return false;
  for (const char* p = s; *p; ++p)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
      return false;
  return true;
}

}  // namespace

Result<LoadedPlugin> LoadPlugin(const std::string& path) {
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return Status::Invalid(fmt::format("{}: cannot load: {}", path, dlerror()));
  auto fail = [&](std::string msg) -> Result<LoadedPlugin> {
    dlclose(h);
    return Status::Invalid(fmt::format("{}: {}", path, msg));
  };
  auto init = reinterpret_cast<vigil_plugin_init_fn>(dlsym(h, VIGIL_PLUGIN_INIT_SYMBOL));
  if (!init) return fail("no " VIGIL_PLUGIN_INIT_SYMBOL " symbol: not a vigil plugin");
  const vigil_plugin* d = init(HostApi());
  if (!d) return fail(VIGIL_PLUGIN_INIT_SYMBOL " returned NULL");
  if (d->abi_version != VIGIL_ABI_VERSION)
    return fail(fmt::format("built for vigil plugin ABI {}, this vigil runs ABI {}", d->abi_version,
                            VIGIL_ABI_VERSION));
  if (d->struct_size < sizeof(vigil_plugin))
    return fail(
        fmt::format("plugin descriptor is {} bytes, ABI {} needs {}: rebuild it against "
                    "this vigil's SDK",
                    d->struct_size, VIGIL_ABI_VERSION, sizeof(vigil_plugin)));
  if (d->sink_count && d->sink_vtable_size < sizeof(vigil_sink_vtable))
    return fail(fmt::format("sink table is {} bytes, ABI {} needs {}", d->sink_vtable_size,
                            VIGIL_ABI_VERSION, sizeof(vigil_sink_vtable)));
  if (d->source_count && d->source_vtable_size < sizeof(vigil_source_vtable))
    return fail(fmt::format("source table is {} bytes, ABI {} needs {}", d->source_vtable_size,
                            VIGIL_ABI_VERSION, sizeof(vigil_source_vtable)));
  if (!ValidName(d->name)) return fail("plugin name must match [a-z0-9_-]+");
  for (std::size_t i = 0; i < d->sink_count; ++i) {
    const vigil_sink_vtable* s = d->sinks[i];
    if (!s || s->struct_size < sizeof(vigil_sink_vtable))
      return fail(fmt::format("sink #{} has a table of the wrong size", i));
    if (!ValidName(s->name)) return fail(fmt::format("sink #{}: name must match [a-z0-9_-]+", i));
    if (!s->create || !s->render)
      return fail(fmt::format("sink {}: create and render are required", s->name));
  }
  for (std::size_t i = 0; i < d->source_count; ++i) {
    const vigil_source_vtable* s = d->sources[i];
    if (!s || s->struct_size < sizeof(vigil_source_vtable))
      return fail(fmt::format("source #{} has a table of the wrong size", i));
    if (!ValidName(s->name)) return fail(fmt::format("source #{}: name must match [a-z0-9_-]+", i));
    if (!s->create) return fail(fmt::format("source {}: create is required", s->name));
  }
  return LoadedPlugin{path, h, d};
}

std::vector<std::string> ListPluginFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".so" && e.is_regular_file(ec)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vigil::plugin
