// ParseWebhookJson / ParseInstanceJson: an API body through the config file's declaration
// tables (schema.cpp), with the file's defaults and cross-checks, for POST and partial PUT.
#include "core/config/api_parse.hpp"

#include <simdjson.h>

#include "core/config/json_syntax.hpp"
#include "core/config/schema.hpp"
#include "core/util/ids.hpp"

namespace vigil::config {
namespace {

// A copy of decl with nothing required: for partial updates, where base holds every value.
template <typename T>
detail::ObjectDecl<T> Optional(const detail::ObjectDecl<T>& decl) {
  detail::ObjectDecl<T> d = decl;
  for (auto& f : d.fields) f.required = false;
  return d;
}

Status SyntaxError(std::string_view json, simdjson::error_code code) {
  if (auto e = detail::FindSyntaxError(json))
    return Status::Invalid(
        fmt::format("invalid JSON: line {}, column {}: {}", e->line, e->column, e->what));
  return Status::Invalid(fmt::format("invalid JSON: {}", simdjson::error_message(code)));
}

// Parses json and reads its root object through decl (nothing required when `partial`).
template <typename T>
Status Apply(std::string_view json, const detail::ObjectDecl<T>& decl,
             const detail::ObjectDecl<T>& partial_decl, bool partial, T& out) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto code = parser.parse(padded).get(root); code != simdjson::SUCCESS)
    return SyntaxError(json, code);
  if (!root.is_object()) return Status::Invalid("invalid JSON: expected an object");
  return detail::ReadObject(partial ? partial_decl : decl, root, "", out);
}

}  // namespace

Result<Webhook> ParseWebhookJson(std::string_view json, Webhook base, const Config& cfg) {
  static const detail::ObjectDecl<Webhook> partial = Optional(detail::WebhookDecl());
  // An update starts from a webhook that has its events; a create from the defaults.
  bool is_update = !base.events.empty();
  if (Status s = Apply(json, detail::WebhookDecl(), partial, is_update, base); !s.ok()) return s;
  if (base.id.empty()) base.id = NewUuid();
  if (base.name.empty()) base.name = base.id;
  for (std::size_t k = 0; k < base.instances.size(); ++k) {
    bool known = false;
    for (const auto& in : cfg.instances) known = known || in.name == base.instances[k];
    if (!known)
      return detail::Fail(detail::JoinIndex("instances", k),
                          "unknown instance " + detail::Quote(base.instances[k]));
  }
  return base;
}

Result<Instance> ParseInstanceJson(std::string_view json, Instance base, const Config& cfg) {
  static const detail::ObjectDecl<Instance> partial = Optional(detail::InstanceDecl());
  bool is_update = !base.host.empty();
  if (Status s = Apply(json, detail::InstanceDecl(), partial, is_update, base); !s.ok()) return s;
  if (base.name.empty()) base.name = fmt::format("{}:{}", base.host, base.port);
  base.effective_poll_interval_ms = base.poll_interval_ms.value_or(cfg.poll_interval_ms);
  base.effective_timeout_ms = base.timeout_ms.value_or(cfg.timeout_ms);
  return base;
}

}  // namespace vigil::config
