// Builds Discord's embed for an event and fits it to Discord's per-part and total limits.
#include "discord_embed.hpp"

#include <algorithm>

#include "../common/json_writer.hpp"
#include "../common/text.hpp"

namespace vigil_discord {
namespace {

using vigil_plugins::CodePoints;
using vigil_plugins::Event;
using vigil_plugins::TruncateChars;

int Colour(const Event& e) {
  if (e.resolved) return 0x2eb67d;
  if (e.severity == "critical") return 0xd00000;
  if (e.severity == "warning") return 0xf2c744;
  return 0x2eb67d;
}

void Cut(std::string& s, std::size_t max) {
  if (CodePoints(s) > max) s = TruncateChars(s, max);
}

}  // namespace

std::size_t EmbedChars(const Embed& e) {
  std::size_t n = CodePoints(e.title) + CodePoints(e.description) + CodePoints(e.footer);
  for (const auto& f : e.fields) n += CodePoints(f.label) + CodePoints(f.value);
  return n;
}

void FitEmbed(Embed& e) {
  Cut(e.title, kTitleMax);
  Cut(e.description, kDescriptionMax);
  Cut(e.footer, kFooterMax);
  if (e.fields.size() > kMaxFields) e.fields.resize(kMaxFields);
  for (auto& f : e.fields) {
    Cut(f.label, kFieldNameMax);
    Cut(f.value, kFieldValueMax);
  }
  auto excess = [&] {
    std::size_t n = EmbedChars(e);
    return n > kEmbedTotalMax ? n - kEmbedTotalMax : 0;
  };
  if (std::size_t x = excess()) {
    std::size_t d = CodePoints(e.description);
    if (d > 1024) Cut(e.description, std::max<std::size_t>(1024, d > x ? d - x : 0));
  }
  while (excess() && e.fields.size() > 1) e.fields.pop_back();
  if (std::size_t x = excess()) {
    std::size_t d = CodePoints(e.description);
    Cut(e.description, d > x ? d - x : 0);
  }
  if (std::size_t x = excess(); x && !e.fields.empty()) {
    std::size_t v = CodePoints(e.fields[0].value);
    Cut(e.fields[0].value, v > x + 1 ? v - x : 1);
  }
}

std::string BuildDiscordMessage(const DiscordOptions& opts, const Event& ev) {
  Embed e;
  e.title = ev.Subject();
  e.description = ev.Text();
  e.url = vigil_plugins::InstanceLink(ev.public_url, ev.name);
  e.timestamp = vigil_plugins::Iso8601(ev.timestamp_ms);
  e.footer = "vigil";
  e.color = Colour(ev);
  e.fields.push_back({"Instance", std::string(ev.name) + " (" + ev.Address() + ")"});
  for (auto& f : vigil_plugins::EventFacts(ev)) e.fields.push_back(std::move(f));
  FitEmbed(e);

  vigil_plugins::JsonWriter w;
  w.BeginObject();
  if (!opts.username.empty()) w.Field("username", opts.username);
  if (!opts.avatar_url.empty()) w.Field("avatar_url", opts.avatar_url);
  if (!opts.mention.empty() && ev.CriticalFiring())
    w.Field("content", TruncateChars(opts.mention, kContentMax));
  w.Key("embeds").BeginArray().BeginObject();
  w.Field("title", e.title);
  if (!e.description.empty()) w.Field("description", e.description);
  if (!e.url.empty()) w.Field("url", e.url);
  w.IntField("color", e.color);
  w.Key("fields").BeginArray();
  for (const auto& f : e.fields)
    w.BeginObject()
        .Field("name", f.label)
        .Field("value", f.value)
        .BoolField("inline", true)
        .EndObject();
  w.EndArray();
  w.Field("timestamp", e.timestamp);
  w.Key("footer").BeginObject().Field("text", e.footer).EndObject();
  w.EndObject().EndArray().EndObject();
  return w.Take();
}

}  // namespace vigil_discord
