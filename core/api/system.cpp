// Service routes: /health (open even with a token), /version, /openapi.json and the Prometheus
// exposition (/metrics and /prometheus/metrics), plus the helpers handlers share.
#include <charconv>

#include "core/api/handlers.hpp"
#include "core/api/openapi.hpp"
#include "core/metrics/exposition.hpp"
#include "core/util/json_writer.hpp"

namespace vigil::api {

void Health(Call& c) {
  c.Json(200, R"({"status":"ok"})");
}

void Version(Call& c) {
  std::string out;
  JsonWriter(out)
      .begin_object()
      .field("name", "vigil")
      .field("version", VIGIL_VERSION)
      .end_object();
  c.Json(200, std::move(out));
}

void OpenApi(Call& c) {
  c.Json(200, std::string(OpenApiDocument()));
}

void Metrics(Call& c) {
  std::string out;
  c.control.RenderMetrics(out);
  c.out->Send(200, {}, std::move(out), metrics::kExpositionContentType);
}

bool QueryCount(const Call& c, std::string_view name, std::size_t def, std::size_t max,
                std::size_t& out) {
  out = def;
  const std::string* v = c.req.query_param(std::string(name));
  if (v == nullptr) return true;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (v->empty() || ec != std::errc() || end != v->data() + v->size() || n > max) {
    c.Error(400, std::string(name) + ": must be an integer 0.." + std::to_string(max), name);
    return false;
  }
  out = n;
  return true;
}

config::Config ConfigView(const app::Control& control) {
  config::Config cfg = control.config();
  cfg.instances.clear();
  for (auto& e : control.ListInstances()) cfg.instances.push_back(std::move(e.spec));
  return cfg;
}

}  // namespace vigil::api
