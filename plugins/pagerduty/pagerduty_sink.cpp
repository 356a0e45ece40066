// The pagerduty sink plugin: options, the vtable (Events API v2 enqueue endpoint by default,
// 2 events/s with a burst of 10, resolved events too) and the hooks.
#include "../common/sink_hooks.hpp"
#include "pagerduty_classify.hpp"
#include "pagerduty_event.hpp"
#include "vigil/plugin.h"

namespace vigil_pagerduty {
namespace {

using vigil_plugins::View;

const vigil_host_api* g_host = nullptr;

vigil_status Create(const vigil_webhook* w, void** state, vigil_error* err) {
  return vigil_plugins::CreateOptions<PagerDutyOptions>(
      g_host, w, state, err, [](vigil_plugins::OptionReader& r, PagerDutyOptions& o) {
        o.routing_key = r.String("routingKey", true, 256).value_or("");
        o.severity = r.String("severity").value_or("");
        const std::string& s = o.severity;
        if (r.ok() && !s.empty() && s != "critical" && s != "error" && s != "warning" &&
            s != "info")
          r.SetError("sinkOptions.severity: must be one of critical, error, warning, info");
      });
}

vigil_status Render(void* state, const vigil_webhook*, const vigil_event* ev, vigil_request* req,
                    vigil_error* err) {
  return vigil_plugins::Guarded(g_host, err, [&] {
    std::string body =
        BuildPagerDutyEvent(*static_cast<PagerDutyOptions*>(state), vigil_plugins::Event::From(ev));
    vigil_plugins::SetBody(g_host, req, "application/json", body);
    return VIGIL_OK;
  });
}

void Classify(void*, const vigil_response* resp, vigil_verdict* out) {
  vigil_plugins::GuardedClassify(out, [&] { ClassifyPagerDuty(resp, out); });
}

const vigil_sink_vtable kSink = {
    sizeof(vigil_sink_vtable),
    "pagerduty",
    "1.0.0",
    VIGIL_SINK_RESOLVES,
    2.0,  // PagerDuty: about 120 events a minute per routing key
    10,
    "https://events.pagerduty.com/v2/enqueue",
    Create,
    vigil_plugins::DestroyOptions<PagerDutyOptions>,
    Render,
    Classify,
};
const vigil_sink_vtable* const kSinks[] = {&kSink};
const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "pagerduty", "1.0.0", 1, kSinks, 0, nullptr};

}  // namespace
}  // namespace vigil_pagerduty

extern "C" VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  vigil_pagerduty::g_host = host;
  return &vigil_pagerduty::kPlugin;
}
