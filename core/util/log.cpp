// Logger implementation: formats a record into one line and writes it to stderr in one call.
#include "core/util/log.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include "core/util/json_escape.hpp"

namespace vigil::log {
namespace {
Level g_level = Level::kInfo;
Format g_format = Format::kText;
const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}
bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v)
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  return false;
}
}  // namespace

Field::Field(std::string_view k, double v) : key(k), value(fmt::format("{:g}", v)), quoted(false) {}

void Configure(Level level, Format format) {
  g_level = level;
  g_format = format;
}
bool Enabled(Level level) {
  return level >= g_level;
}

bool ParseLevel(std::string_view s, Level* out) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (s == LevelName(l)) {
      *out = l;
      return true;
    }
  }
  return false;
}

void Write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t secs = system_clock::to_time_t(now);
  int ms = static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);

  std::string line;
  line.reserve(128);
  if (g_format == Format::kJson) {
    line +=
        fmt::format("{{\"ts\":\"{}.{:03d}Z\",\"level\":\"{}\",\"msg\":", ts, ms, LevelName(level));
    AppendJsonString(line, msg);
    for (const Field& f : fields) {
      line.push_back(',');
      AppendJsonString(line, f.key);
      line.push_back(':');
      if (f.quoted)
        AppendJsonString(line, f.value);
      else
        line += f.value;
    }
    line += "}\n";
  } else {
    line += fmt::format("{}.{:03d}Z {:<5} {}", ts, ms, LevelName(level), msg);
    for (const Field& f : fields) {
      line.push_back(' ');
      line += f.key;
      line.push_back('=');
      if (f.quoted && NeedsQuotes(f.value))
        AppendJsonString(line, f.value);
      else
        line += f.value;
    }
    line.push_back('\n');
  }
  ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
  (void)n;
}

}  // namespace vigil::log
