// RenderInstanceMetrics groups INFO fields across instances in one pass over the texts, then
// writes one family per field; RenderVigilMetrics writes vigil's own families.
#include "core/api/metrics_render.hpp"

#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "core/metrics/exposition.hpp"
#include "core/metrics/redis_info.hpp"

namespace vigil::api {
namespace {

using metrics::ExpositionWriter;
using metrics::Label;
using metrics::MetricType;

// A numeric INFO value ("123", "1.5"); false for text ("ok", "7.0.15", "keys=1,expires=0").
bool ParseNumber(std::string_view v, double& out) {
  if (v.empty()) return false;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && end == v.data() + v.size();
}

struct FieldSamples {
  std::vector<std::pair<std::uint32_t, double>> samples;  // (instance index, value)
};

}  // namespace

void RenderInstanceMetrics(std::span<const InstanceMetricsInput> instances, std::string& out) {
  ExpositionWriter w(out);
  w.Family("vigil_instance_up", MetricType::kGauge,
           "1 when vigil's connection to the instance is up, else 0.");
  for (const auto& in : instances)
    w.Sample({{"instance", in.name}, {"addr", in.addr}}, in.up ? 1 : 0);
  w.Family("vigil_instance_poll_duration_seconds", MetricType::kGauge,
           "Duration of the instance's last INFO poll.");
  for (const auto& in : instances)
    w.Sample({{"instance", in.name}, {"addr", in.addr}}, in.poll_duration_seconds);

  // field -> samples, fields in first-seen order.
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<std::string_view> order;
  std::vector<FieldSamples> fields;
  for (std::uint32_t i = 0; i < instances.size(); ++i) {
    std::string_view text = instances[i].info_text;
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) continue;
      double v = 0;
      if (!ParseNumber(line.substr(colon + 1), v)) continue;
      std::string_view field = line.substr(0, colon);
      auto [it, added] = index.try_emplace(field, fields.size());
      if (added) {
        order.push_back(field);
        fields.emplace_back();
      }
      auto& s = fields[it->second].samples;
      if (!s.empty() && s.back().first == i) continue;  // repeated in this INFO text
      s.emplace_back(i, v);
    }
  }
  std::unordered_set<std::string> names;
  for (std::size_t f = 0; f < order.size(); ++f) {
    metrics::InfoMetric m = metrics::MapInfoField(order[f]);
    if (!names.insert(m.name).second) continue;
    w.Family(m.name, m.type, m.help);
    for (const auto& [i, v] : fields[f].samples)
      w.Sample({{"instance", instances[i].name}, {"addr", instances[i].addr}}, v * m.scale);
  }
}

void DurationHistogram::Observe(double seconds) {
  std::size_t b = 0;
  while (b < bounds.size() && seconds > bounds[b]) ++b;
  if (counts.size() < bounds.size() + 1) counts.resize(bounds.size() + 1, 0);
  ++counts[b];
  sum += seconds;
  ++count;
}

void RenderVigilMetrics(const VigilStats& s, std::string& out) {
  ExpositionWriter w(out);
  w.Family("vigil_events_total", MetricType::kCounter, "Events emitted, by type.");
  for (const auto& info : event::kCatalog)
    w.Sample({{"event", info.name}},
             static_cast<double>(s.events_by_type[static_cast<std::size_t>(info.type)]));
  w.Family("vigil_deliveries_total", MetricType::kCounter,
           "Deliveries that reached a status, by webhook and status.");
  for (const auto& d : s.deliveries)
    w.Sample({{"webhook", d.webhook}, {"status", d.status}}, static_cast<double>(d.count));
  const DurationHistogram& h = s.delivery_duration;
  w.Family("vigil_delivery_duration_seconds", MetricType::kHistogram,
           "Duration of delivery attempts, request sent to response read.");
  std::uint64_t cumulative = 0;
  std::string le;
  for (std::size_t b = 0; b <= h.bounds.size(); ++b) {
    cumulative += b < h.counts.size() ? h.counts[b] : 0;
    le.clear();
    if (b < h.bounds.size())
      metrics::AppendValue(&le, h.bounds[b]);
    else
      le = "+Inf";
    Label extra{"le", le};
    w.Suffixed("_bucket", {}, &extra, static_cast<double>(cumulative));
  }
  w.Suffixed("_sum", {}, nullptr, h.sum);
  w.Suffixed("_count", {}, nullptr, static_cast<double>(h.count));
  auto gauge = [&w](std::string_view name, std::string_view help, double v) {
    w.Family(name, MetricType::kGauge, help);
    w.Sample(v);
  };
  gauge("vigil_outbox_depth", "Deliveries in the outbox that are not final.",
        static_cast<double>(s.outbox_depth));
  gauge("vigil_dead_letters", "Dead-lettered deliveries stored.",
        static_cast<double>(s.dead_letters));
  gauge("vigil_retry_queue_depth", "Deliveries waiting for a retry.",
        static_cast<double>(s.retry_queue));
  gauge("vigil_deliveries_in_flight", "Delivery attempts on the wire.",
        static_cast<double>(s.in_flight));
  gauge("vigil_resp_connections", "Open RESP connections to instances.",
        static_cast<double>(s.resp_connections));
  gauge("vigil_http_connections", "Open connections to vigil's HTTP API.",
        static_cast<double>(s.http_connections));
  gauge("vigil_loop_lag_seconds", "Last measured lag of vigil's event loop.", s.loop_lag_seconds);
}

}  // namespace vigil::api
