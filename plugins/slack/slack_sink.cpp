// The slack sink plugin: options, the vtable (1 request/s per webhook, resolved events too) and
// the hooks, which never let an exception out.
#include "../common/sink_hooks.hpp"
#include "slack_classify.hpp"
#include "slack_message.hpp"
#include "vigil/plugin.h"

namespace vigil_slack {
namespace {

using vigil_plugins::View;

const vigil_host_api* g_host = nullptr;

vigil_status Create(const vigil_webhook* w, void** state, vigil_error* err) {
  return vigil_plugins::CreateOptions<SlackOptions>(
      g_host, w, state, err, [&](vigil_plugins::OptionReader& r, SlackOptions& o) {
        o.channel = r.String("channel", false, 80).value_or("");
        o.username = r.String("username", false, 80).value_or("");
        o.icon_emoji = r.String("iconEmoji", false, 100).value_or("");
        o.mention = r.String("mention", false, 200).value_or("");
        const std::string& ie = o.icon_emoji;
        if (r.ok() && !ie.empty() && (ie.size() < 3 || ie.front() != ':' || ie.back() != ':'))
          r.SetError("sinkOptions.iconEmoji: must look like :emoji_name:");
        if (r.ok() && View(w->url).empty()) r.SetError("url: required by the slack sink");
      });
}

vigil_status Render(void* state, const vigil_webhook*, const vigil_event* ev, vigil_request* req,
                    vigil_error* err) {
  return vigil_plugins::Guarded(g_host, err, [&] {
    std::string body =
        BuildSlackMessage(*static_cast<SlackOptions*>(state), vigil_plugins::Event::From(ev));
    vigil_plugins::SetBody(g_host, req, "application/json; charset=utf-8", body);
    return VIGIL_OK;
  });
}

void Classify(void*, const vigil_response* resp, vigil_verdict* out) {
  vigil_plugins::GuardedClassify(out, [&] { ClassifySlack(resp, out); });
}

const vigil_sink_vtable kSink = {
    sizeof(vigil_sink_vtable),
    "slack",
    "1.0.0",
    VIGIL_SINK_RESOLVES,
    1.0,  // Slack: one message per second per incoming webhook
    1,
    nullptr,
    Create,
    vigil_plugins::DestroyOptions<SlackOptions>,
    Render,
    Classify,
};
const vigil_sink_vtable* const kSinks[] = {&kSink};
const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "slack", "1.0.0", 1, kSinks, 0, nullptr};

}  // namespace
}  // namespace vigil_slack

extern "C" VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  vigil_slack::g_host = host;
  return &vigil_slack::kPlugin;
}
