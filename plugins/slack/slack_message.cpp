// Builds Slack's Block Kit message for an event: header, message section, instance and fact
// fields, a context line with the time and an "Open in vigil" button.
#include "slack_message.hpp"

#include "../common/facts.hpp"
#include "../common/json_writer.hpp"
#include "../common/text.hpp"

namespace vigil_slack {
namespace {

using vigil_plugins::Event;
using vigil_plugins::JsonWriter;

const char* Colour(const Event& e) {
  if (e.resolved) return "#2eb67d";
  if (e.severity == "critical") return "#d00000";
  if (e.severity == "warning") return "#f2c744";
  return "#2eb67d";
}

const char* Emoji(const Event& e) {
  if (e.resolved) return ":white_check_mark:";
  if (e.severity == "critical") return ":rotating_light:";
  if (e.severity == "warning") return ":warning:";
  return ":information_source:";
}

void PlainText(JsonWriter& w, std::string_view text) {
  w.Key("text").BeginObject().Field("type", "plain_text").Field("text", text);
  w.BoolField("emoji", true).EndObject();
}

void Mrkdwn(JsonWriter& w, std::string_view text) {
  w.BeginObject().Field("type", "mrkdwn").Field("text", text).EndObject();
}

std::string FieldText(std::string_view label, std::string_view value) {
  std::string head = "*" + MrkdwnLimited(label, 100) + "*\n";
  return head + MrkdwnLimited(value, kFieldTextMax - vigil_plugins::CodePoints(head));
}

void Fields(JsonWriter& w, const Event& e) {
  w.BeginObject().Field("type", "section").Key("fields").BeginArray();
  Mrkdwn(w, FieldText("Instance", std::string(e.name) + " (" + e.Address() + ")"));
  std::size_t n = 1;
  for (const auto& f : vigil_plugins::EventFacts(e)) {
    if (n++ == kMaxFields) break;
    Mrkdwn(w, FieldText(f.label, f.value));
  }
  w.EndArray().EndObject();
}

void Context(JsonWriter& w, const Event& e) {
  std::string iso = vigil_plugins::Iso8601(e.timestamp_ms);
  // Slack shows the date in the reader's time zone; the text after | is the fallback.
  std::string when = "<!date^" + std::to_string(e.timestamp_ms / 1000) +
                     "^{date_short_pretty} at {time_secs}|" + iso + ">";
  w.BeginObject().Field("type", "context").Key("elements").BeginArray();
  Mrkdwn(w, when + " \xc2\xb7 vigil");
  w.EndArray().EndObject();
}

void Button(JsonWriter& w, const std::string& link) {
  w.BeginObject().Field("type", "actions").Key("elements").BeginArray();
  w.BeginObject().Field("type", "button");
  PlainText(w, "Open in vigil");
  w.Field("url", link).EndObject();
  w.EndArray().EndObject();
}

}  // namespace

std::string MrkdwnLimited(std::string_view s, std::size_t max) {
  std::string out;
  std::size_t chars = 0, i = 0;
  bool cut = false;
  while (i < s.size()) {
    std::size_t len = 1;
    while (i + len < s.size() && vigil_plugins::IsContinuation(s[i + len])) ++len;
    std::string_view piece = s.substr(i, len);
    if (piece == "&")
      piece = "&amp;";
    else if (piece == "<")
      piece = "&lt;";
    else if (piece == ">")
      piece = "&gt;";
    std::size_t need = piece.size() > 1 && piece[0] == '&' ? piece.size() : 1;
    // Leave room for the ellipsis unless this is the last piece and it fits exactly.
    bool last = i + len == s.size();
    if (chars + need > max - (last ? 0 : 1) || max == 0) {
      cut = true;
      break;
    }
    out.append(piece);
    chars += need;
    i += len;
  }
  if (cut && max > 0) out.append(vigil_plugins::kEllipsis);
  return out;
}

std::string BuildSlackMessage(const SlackOptions& opts, const Event& e) {
  std::string text = MrkdwnLimited(e.Text(), kSectionMax);
  std::string fallback = text;
  if (!opts.mention.empty() && e.CriticalFiring()) fallback = opts.mention + " " + text;
  std::string header = std::string(Emoji(e)) + " " + e.Subject();

  JsonWriter w;
  w.BeginObject().Field("text", fallback);
  if (!opts.channel.empty()) w.Field("channel", opts.channel);
  if (!opts.username.empty()) w.Field("username", opts.username);
  if (!opts.icon_emoji.empty()) w.Field("icon_emoji", opts.icon_emoji);
  w.Key("attachments").BeginArray().BeginObject().Field("color", Colour(e));
  w.Key("blocks").BeginArray();
  w.BeginObject().Field("type", "header");
  PlainText(w, vigil_plugins::TruncateChars(header, kHeaderMax));
  w.EndObject();
  w.BeginObject().Field("type", "section").Key("text");
  Mrkdwn(w, text);
  w.EndObject();
  Fields(w, e);
  Context(w, e);
  std::string link = vigil_plugins::InstanceLink(e.public_url, e.name);
  if (!link.empty() && vigil_plugins::CodePoints(link) <= kUrlMax) Button(w, link);
  w.EndArray().EndObject().EndArray().EndObject();
  return w.Take();
}

}  // namespace vigil_slack
