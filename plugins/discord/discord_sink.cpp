// The discord sink plugin: options, the vtable (5 requests per 2 s per webhook, resolved events
// too) and the hooks, which never let an exception out.
#include "../common/sink_hooks.hpp"
#include "discord_classify.hpp"
#include "discord_embed.hpp"
#include "discord_url.hpp"
#include "vigil/plugin.h"

namespace vigil_discord {
namespace {

using vigil_plugins::Str;
using vigil_plugins::View;

const vigil_host_api* g_host = nullptr;

bool ContainsNoCase(std::string_view hay, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (vigil_plugins::EqualsNoCase(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

vigil_status Create(const vigil_webhook* w, void** state, vigil_error* err) {
  return vigil_plugins::CreateOptions<DiscordOptions>(
      g_host, w, state, err, [&](vigil_plugins::OptionReader& r, DiscordOptions& o) {
        o.username = r.String("username", false, 80).value_or("");
        o.avatar_url = r.String("avatarUrl", false, 2048).value_or("");
        o.mention = r.String("mention", false, kContentMax).value_or("");
        if (r.ok() &&
            (ContainsNoCase(o.username, "discord") || ContainsNoCase(o.username, "clyde")))
          r.SetError(
              "sinkOptions.username: Discord refuses names containing \"discord\" or \"clyde\"");
        std::string_view av = o.avatar_url;
        if (r.ok() && !av.empty() && av.rfind("https://", 0) != 0 && av.rfind("http://", 0) != 0)
          r.SetError("sinkOptions.avatarUrl: must be an http(s) URL");
        if (r.ok() && View(w->url).empty()) r.SetError("url: required by the discord sink");
      });
}

vigil_status Render(void* state, const vigil_webhook* w, const vigil_event* ev, vigil_request* req,
                    vigil_error* err) {
  return vigil_plugins::Guarded(g_host, err, [&] {
    std::string body =
        BuildDiscordMessage(*static_cast<DiscordOptions*>(state), vigil_plugins::Event::From(ev));
    std::string url = WithWait(View(w->url));
    g_host->request_set_url(req, Str(url));
    vigil_plugins::SetBody(g_host, req, "application/json", body);
    return VIGIL_OK;
  });
}

void Classify(void*, const vigil_response* resp, vigil_verdict* out) {
  vigil_plugins::GuardedClassify(out, [&] { ClassifyDiscord(resp, out); });
}

const vigil_sink_vtable kSink = {
    sizeof(vigil_sink_vtable),
    "discord",
    "1.0.0",
    VIGIL_SINK_RESOLVES,
    2.5,  // Discord: 5 requests per 2 s per webhook
    5,
    nullptr,
    Create,
    vigil_plugins::DestroyOptions<DiscordOptions>,
    Render,
    Classify,
};
const vigil_sink_vtable* const kSinks[] = {&kSink};
const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "discord", "1.0.0", 1, kSinks, 0, nullptr};

}  // namespace
}  // namespace vigil_discord

extern "C" VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  vigil_discord::g_host = host;
  return &vigil_discord::kPlugin;
}
