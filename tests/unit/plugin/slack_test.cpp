// The slack sink plugin loaded from its .so: Block Kit structure per event type, resolved form,
// options and their errors, Slack's limits and the classification of Slack's answers.
#include <gtest/gtest.h>

#include "tests/unit/plugin/plugin_common_fixture.hpp"

namespace vigil::plugin::testing {
namespace {

constexpr const char* kUrl = "https://hooks.slack.com/services/T000/B000/XXXX";

std::unique_ptr<BoundSink> Slack(std::string options = "{}") {
  auto b = Bind("slack", kUrl, std::move(options));
  EXPECT_TRUE(b.ok()) << b.status().message();
  return b.ok() ? std::move(b).value() : nullptr;
}

std::vector<std::string> FieldTexts(simdjson::dom::element section) {
  std::vector<std::string> out;
  for (simdjson::dom::element f : simdjson::dom::array(section["fields"])) {
    EXPECT_EQ(Str(f["type"]), "mrkdwn");
    out.push_back(Str(f["text"]));
  }
  return out;
}

TEST(SlackSink, Descriptor) {
  const vigil_sink_vtable* vt = Sink("slack");
  ASSERT_NE(vt, nullptr);
  EXPECT_STREQ(vt->version, "1.0.0");
  EXPECT_EQ(vt->flags, VIGIL_SINK_RESOLVES);
  EXPECT_EQ(vt->rate_per_second, 1.0);
  EXPECT_EQ(vt->rate_burst, 1u);
  EXPECT_EQ(vt->default_url, nullptr);
}

TEST(SlackSink, MemoryCriticalMessage) {
  auto sink = Slack();
  http::Request req = MustRender(*sink, MemoryCritical());
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url.ToString(), kUrl);
  ASSERT_EQ(req.headers.size(), 1u);
  EXPECT_EQ(req.headers[0].second, "application/json; charset=utf-8");
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, req.body);
  EXPECT_EQ(Count(doc), 2u);  // text, attachments: no channel/username/icon without options
  EXPECT_EQ(Str(doc["text"]), "Memory usage critical: 92.47% (threshold: 90%)");
  ASSERT_EQ(Count(doc["attachments"]), 1u);
  simdjson::dom::element att = doc["attachments"].at(0);
  EXPECT_EQ(Str(att["color"]), "#d00000");
  simdjson::dom::element blocks = att["blocks"];
  ASSERT_EQ(Count(blocks), 5u);
  EXPECT_EQ(Str(blocks.at(0)["type"]), "header");
  EXPECT_EQ(Str(blocks.at(0)["text"]["type"]), "plain_text");
  EXPECT_EQ(Str(blocks.at(0)["text"]["text"]), ":rotating_light: memory.critical on cache-1");
  EXPECT_EQ(Str(blocks.at(1)["type"]), "section");
  EXPECT_EQ(Str(blocks.at(1)["text"]["type"]), "mrkdwn");
  EXPECT_EQ(Str(blocks.at(1)["text"]["text"]), "Memory usage critical: 92.47% (threshold: 90%)");
  EXPECT_EQ(FieldTexts(blocks.at(2)),
            (std::vector<std::string>{"*Instance*\ncache-1 (10.0.0.11:6379)", "*Usage*\n92.47%",
                                      "*Threshold*\n90%", "*Memory*\n946.9 MiB of 1 GiB"}));
  EXPECT_EQ(Str(blocks.at(3)["type"]), "context");
  EXPECT_EQ(Str(blocks.at(3)["elements"].at(0)["text"]),
            "<!date^1718000000^{date_short_pretty} at {time_secs}|2024-06-10T06:13:20.123Z> "
            "\xc2\xb7 vigil");
  EXPECT_EQ(Str(blocks.at(4)["type"]), "actions");
  simdjson::dom::element button = blocks.at(4)["elements"].at(0);
  EXPECT_EQ(Str(button["type"]), "button");
  EXPECT_EQ(Str(button["text"]["text"]), "Open in vigil");
  EXPECT_EQ(Str(button["url"]), "https://vigil.example.com/instances/cache-1");
}

TEST(SlackSink, ResolvedForms) {
  auto sink = Slack();
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, MustRender(*sink, MemoryResolved()).body);
  simdjson::dom::element att = doc["attachments"].at(0);
  EXPECT_EQ(Str(att["color"]), "#2eb67d");
  EXPECT_EQ(Str(att["blocks"].at(0)["text"]["text"]),
            ":white_check_mark: Resolved: memory.critical on cache-1");
  EXPECT_EQ(FieldTexts(att["blocks"].at(2))[3], "*Memory*\n799.8 MiB of 1 GiB");

  // instance.up closes instance.down.
  doc = ParseBody(p, MustRender(*sink, InstanceUp()).body);
  att = doc["attachments"].at(0);
  EXPECT_EQ(Str(att["color"]), "#2eb67d");
  EXPECT_EQ(Str(att["blocks"].at(0)["text"]["text"]),
            ":white_check_mark: Resolved: instance.down on cache-1");
  EXPECT_EQ(FieldTexts(att["blocks"].at(2)),
            (std::vector<std::string>{"*Instance*\ncache-1 (10.0.0.11:6379)", "*Downtime*\n12.5 s",
                                      "*Down since*\n2024-06-10T06:13:07.611Z"}));
}

TEST(SlackSink, EveryEventTypeColourHeaderAndFacts) {
  auto sink = Slack();
  struct Want {
    EventInfo ev;
    const char* colour;
    const char* header;
    std::vector<std::string> fields;  // after the Instance field
  };
  std::vector<Want> wants = {
      {InstanceDown(),
       "#d00000",
       ":rotating_light: instance.down on cache-1",
       {"*Reason*\nclosed", "*Detail*\nend of file; reconnect: refused: connection refused",
        "*Down since*\n2024-06-10T06:13:07.611Z"}},
      {ConnectionCritical(),
       "#d00000",
       ":rotating_light: connection.critical on cache-1",
       {"*Usage*\n92.5%", "*Threshold*\n90%", "*Clients*\n9250 of 10000"}},
      {ConnectionResolved(),
       "#2eb67d",
       ":white_check_mark: Resolved: connection.critical on cache-1",
       {"*Usage*\n92.5%", "*Threshold*\n90%", "*Clients*\n9250 of 10000"}},
      {BlockedMaxclients(),
       "#f2c744",
       ":warning: client.blocked on cache-1",
       {"*Reason*\nmaxclients reached", "*Refused*\n3", "*Refused in total*\n17"}},
      {BlockedAuth(),
       "#f2c744",
       ":warning: client.blocked on cache-1",
       {"*Reason*\nfailed logins", "*Failed logins*\n2", "*User*\nmallory",
        "*Client*\n10.0.0.99:51234"}},
  };
  simdjson::dom::parser p;
  for (const auto& w : wants) {
    SCOPED_TRACE(w.header);
    simdjson::dom::element att = ParseBody(p, MustRender(*sink, w.ev).body)["attachments"].at(0);
    EXPECT_EQ(Str(att["color"]), w.colour);
    EXPECT_EQ(Str(att["blocks"].at(0)["text"]["text"]), w.header);
    std::vector<std::string> fields = FieldTexts(att["blocks"].at(2));
    ASSERT_FALSE(fields.empty());
    fields.erase(fields.begin());
    EXPECT_EQ(fields, w.fields);
  }
  // Every event renders valid JSON within the limits.
  for (const auto& e : AllEvents()) {
    simdjson::dom::element att = ParseBody(p, MustRender(*sink, e).body)["attachments"].at(0);
    EXPECT_LE(Count(att["blocks"].at(2)["fields"]), 10u);
    EXPECT_GE(Count(att["blocks"].at(2)["fields"]), 3u) << e.type;
  }
}

TEST(SlackSink, MrkdwnIsEscaped) {
  auto sink = Slack();
  EventInfo e = BlockedAuth();
  e.message = "2 failed login(s) on cache-1 (user \"<!channel> & co\")";
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, MustRender(*sink, e).body);
  EXPECT_EQ(Str(doc["text"]), "2 failed login(s) on cache-1 (user \"&lt;!channel&gt; &amp; co\")");
}

TEST(SlackSink, Options) {
  auto sink =
      Slack(R"({"channel":"#ops","username":"vigil","iconEmoji":":bell:","mention":"<!here>"})");
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, MustRender(*sink, MemoryCritical()).body);
  EXPECT_EQ(Str(doc["channel"]), "#ops");
  EXPECT_EQ(Str(doc["username"]), "vigil");
  EXPECT_EQ(Str(doc["icon_emoji"]), ":bell:");
  EXPECT_EQ(Str(doc["text"]), "<!here> Memory usage critical: 92.47% (threshold: 90%)");
  // The mention is for critical firing events only.
  EXPECT_EQ(Str(ParseBody(p, MustRender(*sink, MemoryResolved()).body)["text"]),
            "Memory usage back to normal: 78.1% (threshold: 90%)");
  EXPECT_EQ(Str(ParseBody(p, MustRender(*sink, BlockedMaxclients()).body)["text"]),
            "3 connection(s) refused on cache-1: maxclients reached");
}

TEST(SlackSink, NoPublicUrlNoButton) {
  auto sink = Slack();
  EventInfo e = MemoryCritical();
  e.public_url = "";
  simdjson::dom::parser p;
  simdjson::dom::element blocks =
      ParseBody(p, MustRender(*sink, e).body)["attachments"].at(0)["blocks"];
  ASSERT_EQ(Count(blocks), 4u);
  EXPECT_EQ(Str(blocks.at(3)["type"]), "context");
  // A trailing slash and an odd instance name still make a clean link.
  e.public_url = "https://vigil.example.com/";
  e.instance_name = "cache 1/a";
  blocks = ParseBody(p, MustRender(*sink, e).body)["attachments"].at(0)["blocks"];
  EXPECT_EQ(Str(blocks.at(4)["elements"].at(0)["url"]),
            "https://vigil.example.com/instances/cache%201%2Fa");
}

TEST(SlackSink, OptionErrorsNameTheOption) {
  auto err = [](std::string options, std::string url = kUrl) {
    auto b = Bind("slack", url, std::move(options));
    return b.ok() ? std::string("accepted") : b.status().message();
  };
  EXPECT_EQ(err(R"({"channel":5})"), "sinkOptions.channel: must be a string");
  EXPECT_EQ(err(R"({"mention":true})"), "sinkOptions.mention: must be a string");
  EXPECT_EQ(err(R"({"iconEmoji":"bell"})"), "sinkOptions.iconEmoji: must look like :emoji_name:");
  EXPECT_EQ(err(R"({"color":"red"})").rfind("sinkOptions.color: unknown option", 0), 0u);
  EXPECT_EQ(err(R"({"channel":"#a","channel":"#b"})"), "sinkOptions.channel: given twice");
  EXPECT_EQ(err(R"({"channel":["#a"]})"),
            "sinkOptions.channel: must be a string, number or boolean");
  EXPECT_EQ(err("[1]"), "sinkOptions: must be a JSON object");
  EXPECT_EQ(err(R"({"channel":)").rfind("sinkOptions: invalid JSON", 0), 0u);
  EXPECT_EQ(err(R"({"username":")" + std::string(81, 'x') + R"("})"),
            "sinkOptions.username: at most 80 characters");
  EXPECT_EQ(err("{}", ""), "url: required by the slack sink");
  EXPECT_EQ(err(""), "accepted");
  EXPECT_EQ(err(" { } "), "accepted");
}

TEST(SlackSink, LimitsCutCleanly) {
  auto sink = Slack();
  EventInfo e = InstanceDown();
  // 150-char header, 3000-char section (counting escapes), 2000-char fields; multi-byte text.
  std::string name;
  for (int i = 0; i < 2500; ++i) name += "\xc3\xa9";  // é
  e.instance_name = name;
  std::string msg;
  for (int i = 0; i < 2000; ++i) msg += "\xe2\x82\xac<";  // € and an escaped <
  e.message = msg;
  simdjson::dom::parser p;
  simdjson::dom::element doc =
      ParseBody(p, MustRender(*sink, e).body);  // parse checks UTF-8 validity too
  simdjson::dom::element blocks = doc["attachments"].at(0)["blocks"];
  std::string header = Str(blocks.at(0)["text"]["text"]);
  EXPECT_EQ(CodePoints(header), 150u);
  EXPECT_TRUE(EndsWithEllipsis(header));
  std::string section = Str(blocks.at(1)["text"]["text"]);
  EXPECT_LE(CodePoints(section), 3000u);
  EXPECT_GE(CodePoints(section), 2996u);
  EXPECT_TRUE(EndsWithEllipsis(section));
  EXPECT_EQ(section.find("&l\xe2"), std::string::npos);  // never cut inside an escape
  std::string instance = FieldTexts(blocks.at(2))[0];
  EXPECT_EQ(CodePoints(instance), 2000u);
  EXPECT_TRUE(EndsWithEllipsis(instance));
  // A message exactly at the limit is not cut.
  e.message = std::string(3000, 'a');
  doc = ParseBody(p, MustRender(*sink, e).body);
  EXPECT_EQ(Str(doc["attachments"].at(0)["blocks"].at(1)["text"]["text"]), e.message);
}

TEST(SlackSink, ClassifyTable) {
  auto sink = Slack();
  auto kind = [&](http::Response r) { return sink->Classify(r, 0).kind; };
  EXPECT_EQ(kind(Resp(200, {}, "ok")), VerdictKind::kSuccess);
  EXPECT_EQ(kind(Resp(204)), VerdictKind::kSuccess);
  EXPECT_EQ(kind(Resp(400, {}, "invalid_payload")), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(404, {}, "no_service")), VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(404, {}, "channel_not_found")), VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(403, {}, "invalid_token\n")), VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(410, {}, "channel_is_archived")), VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(410)), VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(404, {}, "<html>not found</html>")), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(403, {}, "action_prohibited")), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(500)), VerdictKind::kRetry);
  EXPECT_EQ(kind(Resp(503)), VerdictKind::kRetry);
  EXPECT_EQ(kind(Transport()), VerdictKind::kRetry);
  auto v = sink->Classify(Resp(429, {{"Retry-After", "30"}}), 0);
  EXPECT_EQ(v.kind, VerdictKind::kRetry);
  EXPECT_EQ(v.retry_after_ms, 30000);
  EXPECT_EQ(sink->Classify(Resp(429, {{"retry-after", "1.5"}}), 0).retry_after_ms, 1500);
  EXPECT_EQ(sink->Classify(Resp(429), 0).retry_after_ms, -1);
  EXPECT_EQ(sink->Classify(Resp(429, {{"Retry-After", "soon"}}), 0).retry_after_ms, -1);
}

}  // namespace
}  // namespace vigil::plugin::testing
