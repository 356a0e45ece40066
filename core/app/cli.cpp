// RunCli: parse arguments, load and validate the configuration, run the daemon.
#include "core/app/cli.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "core/app/daemon.hpp"
#include "core/config/config.hpp"
#include "core/util/log.hpp"

namespace vigil::app {
namespace {

constexpr const char* kUsage =
    "Usage: vigil [options]\n"
    "Watches Valkey/Redis instances and delivers signed webhooks when they need attention.\n"
    "\n"
    "Options:\n"
    "  --config FILE         run with this configuration (JSON); default: embedded defaults\n"
    "  --check-config FILE   validate FILE (and its sinks against the plugins), print the first\n"
    "                        error, and exit (0 ok, 2 invalid)\n"
    "  --list-plugins        list the plugins vigil loads (with --config: its pluginDirs too)\n"
    "  --log-level LEVEL     debug | info | warn | error (default: info)\n"
    "  --log-format FORMAT   text | json (default: text)\n"
    "  --version             print the version and exit\n"
    "  --help                print this help and exit\n"
    "\n"
    "Docs: docs/configuration.md, docs/events.md, docs/webhooks.md\n";

int UsageError(const std::string& msg) {
  std::fprintf(stderr, "vigil: %s\n%s", msg.c_str(), kUsage);
  return 2;
}

}  // namespace

int RunCli(int argc, char** argv) {
  std::string config_path, check_path;
  bool list_plugins = false;
  log::Level level = log::Level::kInfo;
  log::Format format = log::Format::kText;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string_view flag) -> const char* {
      if (i + 1 >= argc) return nullptr;
      (void)flag;
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--version") {
      std::printf("vigil %s\n", VIGIL_VERSION);
      return 0;
    } else if (a == "--list-plugins") {
      list_plugins = true;
    } else if (a == "--config" || a == "--check-config") {
      const char* v = value(a);
      if (!v) return UsageError(std::string(a) + " needs a file");
      (a == "--config" ? config_path : check_path) = v;
    } else if (a == "--log-level") {
      const char* v = value(a);
      if (!v || !log::ParseLevel(v, &level))
        return UsageError("--log-level must be debug, info, warn or error");
    } else if (a == "--log-format") {
      const char* v = value(a);
      if (!v || (std::strcmp(v, "text") != 0 && std::strcmp(v, "json") != 0))
        return UsageError("--log-format must be text or json");
      format = std::strcmp(v, "json") == 0 ? log::Format::kJson : log::Format::kText;
    } else {
      return UsageError("unknown option " + std::string(a));
    }
  }
  log::Configure(level, format);

  if (list_plugins) {
    config::Config cfg = config::DefaultConfig();
    if (!config_path.empty()) {
      auto loaded = config::LoadConfigFile(config_path);
      if (!loaded.ok()) {
        std::fprintf(stderr, "%s: %s\n", config_path.c_str(), loaded.status().message().c_str());
        return 2;
      }
      cfg = std::move(loaded).value();
    }
    plugin::Registry plugins;
    if (Status s = plugins.LoadDirs(PluginDirs(cfg)); !s.ok()) {
      std::fprintf(stderr, "vigil: %s\n", s.message().c_str());
      return 2;
    }
    std::fputs(plugins.Describe().c_str(), stdout);
    return 0;
  }

  if (!check_path.empty()) {
    auto cfg = config::LoadConfigFile(check_path);
    if (!cfg.ok()) {
      std::fprintf(stderr, "%s: %s\n", check_path.c_str(), cfg.status().message().c_str());
      return 2;
    }
    plugin::Registry plugins;
    Status s = plugins.LoadDirs(PluginDirs(*cfg));
    if (s.ok()) s = CheckPlugins(*cfg, plugins);
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", check_path.c_str(), s.message().c_str());
      return 2;
    }
    std::printf("%s: ok (%zu instances, %zu webhooks)\n", check_path.c_str(), cfg->instances.size(),
                cfg->webhooks.size());
    return 0;
  }

  config::Config cfg;
  if (config_path.empty()) {
    cfg = config::DefaultConfig();
  } else {
    auto loaded = config::LoadConfigFile(config_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s: %s\n", config_path.c_str(), loaded.status().message().c_str());
      return 2;
    }
    cfg = std::move(loaded).value();
  }
  Daemon daemon(std::move(cfg));
  Status s = daemon.Init();
  if (!s.ok()) {
    log::Error("cannot start", {{"error", s.message()}});
    return s.code() == Status::Code::kInvalid ? 2 : 1;
  }
  return daemon.Run();
}

}  // namespace vigil::app
