// The pagerduty sink plugin: options, the vtable (Events API v2 enqueue endpoint by default,
// 2 events/s with a burst of 10, resolved events too) and the hooks.
#include <memory>

#include "../common/options.hpp"
#include "../common/sink_util.hpp"
#include "pagerduty_classify.hpp"
#include "pagerduty_event.hpp"
#include "vigil/plugin.h"

namespace vigil_pagerduty {
namespace {

using vigil_plugins::Str;
using vigil_plugins::View;

const vigil_host_api* g_host = nullptr;

vigil_status Create(const vigil_webhook* w, void** state, vigil_error* err) {
  return vigil_plugins::Guarded(g_host, err, [&] {
    *state = nullptr;
    vigil_plugins::OptionReader r(View(w->options_json));
    auto opts = std::make_unique<PagerDutyOptions>();
    opts->routing_key = r.String("routingKey", true, 256).value_or("");
    opts->severity = r.String("severity").value_or("");
    const std::string& s = opts->severity;
    if (r.ok() && !s.empty() && s != "critical" && s != "error" && s != "warning" && s != "info")
      r.SetError("sinkOptions.severity: must be one of critical, error, warning, info");
    if (!r.Finish()) {
      vigil_plugins::SetError(g_host, err, r.error());
      return VIGIL_ERR_INVALID;
    }
    *state = opts.release();
    return VIGIL_OK;
  });
}

void Destroy(void* state) {
  delete static_cast<PagerDutyOptions*>(state);
}

vigil_status Render(void* state, const vigil_webhook*, const vigil_event* ev, vigil_request* req,
                    vigil_error* err) {
  return vigil_plugins::Guarded(g_host, err, [&] {
    std::string body =
        BuildPagerDutyEvent(*static_cast<PagerDutyOptions*>(state), vigil_plugins::Event::From(ev));
    g_host->request_add_header(req, Str("Content-Type"), Str("application/json"));
    g_host->request_set_body(req, Str(body));
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
    Destroy,
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
