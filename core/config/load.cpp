// Loading: JSON text -> simdjson DOM -> Config via the declaration tables, then the checks that
// span objects (unique names, references between webhooks and instances) and inherited values.
#include <simdjson.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/config/config.hpp"
#include "core/config/json_syntax.hpp"
#include "core/config/schema.hpp"

namespace vigil::config {
namespace {

using detail::Fail;
using detail::JoinIndex;
using detail::JoinKey;
using detail::Quote;

Status SyntaxError(std::string_view json, simdjson::error_code code) {
  if (auto e = detail::FindSyntaxError(json))
    return Status::Invalid(
        fmt::format("JSON syntax error at line {}, column {} (byte offset {}): {}", e->line,
                    e->column, e->offset, e->what));
  return Status::Invalid(fmt::format("JSON syntax error: {}", simdjson::error_message(code)));
}

// Fills computed defaults and inherited values, and checks what spans objects.
Status Resolve(Config& c) {
  for (std::size_t i = 0; i < c.instances.size(); ++i) {
    Instance& in = c.instances[i];
    if (in.name.empty()) in.name = fmt::format("{}:{}", in.host, in.port);
    in.effective_poll_interval_ms = in.poll_interval_ms.value_or(c.poll_interval_ms);
    in.effective_timeout_ms = in.timeout_ms.value_or(c.timeout_ms);
    for (std::size_t j = 0; j < i; ++j)
      if (c.instances[j].name == in.name)
        return Fail(JoinKey(JoinIndex("instances", i), "name"), "duplicate " + Quote(in.name));
  }
  for (std::size_t i = 0; i < c.webhooks.size(); ++i) {
    Webhook& w = c.webhooks[i];
    std::string path = JoinIndex("webhooks", i);
    if (w.id.empty()) w.id = fmt::format("webhook-{}", i + 1);
    if (w.name.empty()) w.name = w.id;
    for (std::size_t j = 0; j < i; ++j)
      if (c.webhooks[j].id == w.id) return Fail(JoinKey(path, "id"), "duplicate " + Quote(w.id));
    for (std::size_t k = 0; k < w.instances.size(); ++k) {
      bool known = false;
      for (const auto& in : c.instances) known = known || in.name == w.instances[k];
      if (!known)
        return Fail(JoinIndex(JoinKey(path, "instances"), k),
                    "unknown instance " + Quote(w.instances[k]));
    }
  }
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    Source& src = c.sources[i];
    if (src.name.empty()) src.name = src.plugin;
    for (std::size_t j = 0; j < i; ++j)
      if (c.sources[j].name == src.name)
        return Fail(JoinKey(JoinIndex("sources", i), "name"), "duplicate " + Quote(src.name));
  }
  return Status::Ok();
}

}  // namespace

Result<Config> ParseConfig(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto code = parser.parse(padded).get(root); code != simdjson::SUCCESS)
    return SyntaxError(json, code);
  Config c;
  if (Status s = detail::ReadObject(detail::ConfigDecl(), root, "", c); !s.ok()) return s;
  if (Status s = Resolve(c); !s.ok()) return s;
  return c;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::Io(fmt::format("{}: cannot read", path));
  return ParseConfig(text.str());
}

Config DefaultConfig() {
  Config c;
  Resolve(c).ignore();  // the defaults are valid: a unit test checks it
  return c;
}

bool Webhook::Subscribes(event::Type t) const {
  for (auto e : events)
    if (e == t) return true;
  return false;
}

bool Webhook::Watches(std::string_view instance_name) const {
  if (instances.empty()) return true;
  for (const auto& n : instances)
    if (n == instance_name) return true;
  return false;
}

std::int64_t TotalRetryDelayMs(const RetryPolicy& p) {
  double total = 0;
  double delay = static_cast<double>(p.initial_delay_ms);
  for (std::int64_t n = 0; n < p.max_retries; ++n) {
    total += std::min(delay, static_cast<double>(p.max_delay_ms));
    delay *= p.backoff_multiplier;
  }
  return static_cast<std::int64_t>(std::llround(total));
}

}  // namespace vigil::config
