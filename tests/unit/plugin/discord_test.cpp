// The discord sink plugin loaded from its .so: the embed per event type, resolved form, options
// and their errors, ?wait=true, Discord's limits and the classification of Discord's answers.
#include <gtest/gtest.h>

#include "tests/unit/plugin/plugin_common_fixture.hpp"

namespace vigil::plugin::testing {
namespace {

constexpr const char* kUrl = "https://discord.com/api/webhooks/123/tok";

std::unique_ptr<BoundSink> Discord(std::string options = "{}", std::string url = kUrl) {
  auto b = Bind("discord", std::move(url), std::move(options));
  EXPECT_TRUE(b.ok()) << b.status().message();
  return b.ok() ? std::move(b).value() : nullptr;
}

using Field = std::pair<std::string, std::string>;
std::vector<Field> Fields(simdjson::dom::element embed) {
  std::vector<Field> out;
  for (simdjson::dom::element f : simdjson::dom::array(embed["fields"])) {
    EXPECT_TRUE(bool(f["inline"]));
    out.emplace_back(Str(f["name"]), Str(f["value"]));
  }
  return out;
}

std::size_t TotalChars(simdjson::dom::element embed) {
  std::size_t n = CodePoints(Str(embed["title"])) + CodePoints(Str(embed["footer"]["text"]));
  simdjson::dom::element d;
  if (embed["description"].get(d) == simdjson::SUCCESS) n += CodePoints(Str(d));
  for (const auto& [k, v] : Fields(embed)) n += CodePoints(k) + CodePoints(v);
  return n;
}

TEST(DiscordSink, Descriptor) {
  const vigil_sink_vtable* vt = Sink("discord");
  ASSERT_NE(vt, nullptr);
  EXPECT_STREQ(vt->version, "1.0.0");
  EXPECT_EQ(vt->flags, VIGIL_SINK_RESOLVES);
  EXPECT_EQ(vt->rate_per_second, 2.5);
  EXPECT_EQ(vt->rate_burst, 5u);
  EXPECT_EQ(vt->default_url, nullptr);
}

TEST(DiscordSink, MemoryCriticalEmbed) {
  auto sink = Discord();
  http::Request req = MustRender(*sink, MemoryCritical());
  EXPECT_EQ(req.url.ToString(), std::string(kUrl) + "?wait=true");
  ASSERT_EQ(req.headers.size(), 1u);
  EXPECT_EQ(req.headers[0].second, "application/json");
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, req.body);
  EXPECT_EQ(Count(doc), 1u);  // embeds only: no username, avatar or content without options
  ASSERT_EQ(Count(doc["embeds"]), 1u);
  simdjson::dom::element e = doc["embeds"].at(0);
  EXPECT_EQ(Count(e), 7u);
  EXPECT_EQ(Str(e["title"]), "memory.critical on cache-1");
  EXPECT_EQ(Str(e["description"]), "Memory usage critical: 92.47% (threshold: 90%)");
  EXPECT_EQ(Str(e["url"]), "https://vigil.example.com/instances/cache-1");
  EXPECT_EQ(int64_t(e["color"]), 0xd00000);
  EXPECT_EQ(Str(e["timestamp"]), "2024-06-10T06:13:20.123Z");
  EXPECT_EQ(Str(e["footer"]["text"]), "vigil");
  EXPECT_EQ(Fields(e), (std::vector<Field>{{"Instance", "cache-1 (10.0.0.11:6379)"},
                                           {"Usage", "92.47%"},
                                           {"Threshold", "90%"},
                                           {"Memory", "946.9 MiB of 1 GiB"}}));
}

TEST(DiscordSink, EveryEventType) {
  auto sink = Discord();
  struct Want {
    EventInfo ev;
    int colour;
    const char* title;
    std::size_t fields;
  };
  std::vector<Want> wants = {
      {InstanceDown(), 0xd00000, "instance.down on cache-1", 4},
      {InstanceUp(), 0x2eb67d, "Resolved: instance.down on cache-1", 3},
      {MemoryCritical(), 0xd00000, "memory.critical on cache-1", 4},
      {MemoryResolved(), 0x2eb67d, "Resolved: memory.critical on cache-1", 4},
      {ConnectionCritical(), 0xd00000, "connection.critical on cache-1", 4},
      {ConnectionResolved(), 0x2eb67d, "Resolved: connection.critical on cache-1", 4},
      {BlockedMaxclients(), 0xf2c744, "client.blocked on cache-1", 4},
      {BlockedAuth(), 0xf2c744, "client.blocked on cache-1", 5},
  };
  simdjson::dom::parser p;
  for (const auto& w : wants) {
    SCOPED_TRACE(w.title);
    simdjson::dom::element e = ParseBody(p, MustRender(*sink, w.ev).body)["embeds"].at(0);
    EXPECT_EQ(int64_t(e["color"]), w.colour);
    EXPECT_EQ(Str(e["title"]), w.title);
    EXPECT_EQ(Str(e["description"]), w.ev.message);
    EXPECT_EQ(Fields(e).size(), w.fields);
  }
  simdjson::dom::element up = ParseBody(p, MustRender(*sink, InstanceUp()).body)["embeds"].at(0);
  EXPECT_EQ(Fields(up)[1], (Field{"Downtime", "12.5 s"}));
}

TEST(DiscordSink, OptionsAndMention) {
  auto sink =
      Discord(R"({"username":"vigil","avatarUrl":"https://example.com/v.png","mention":"@here"})");
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, MustRender(*sink, InstanceDown()).body);
  EXPECT_EQ(Str(doc["username"]), "vigil");
  EXPECT_EQ(Str(doc["avatar_url"]), "https://example.com/v.png");
  EXPECT_EQ(Str(doc["content"]), "@here");
  simdjson::dom::element c;
  for (const EventInfo& e : {InstanceUp(), MemoryResolved(), BlockedAuth()}) {
    doc = ParseBody(p, MustRender(*sink, e).body);
    EXPECT_NE(doc["content"].get(c), simdjson::SUCCESS) << e.type << " resolved=" << e.resolved;
  }
}

TEST(DiscordSink, OptionErrorsNameTheOption) {
  auto err = [](std::string options, std::string url = kUrl) {
    auto b = Bind("discord", url, std::move(options));
    return b.ok() ? std::string("accepted") : b.status().message();
  };
  EXPECT_EQ(err(R"({"username":1})"), "sinkOptions.username: must be a string");
  EXPECT_EQ(err(R"({"username":"My Discord bot"})"),
            "sinkOptions.username: Discord refuses names containing \"discord\" or \"clyde\"");
  EXPECT_EQ(err(R"({"avatarUrl":"ftp://x"})"), "sinkOptions.avatarUrl: must be an http(s) URL");
  EXPECT_EQ(err(R"({"content":"x"})").rfind("sinkOptions.content: unknown option", 0), 0u);
  EXPECT_EQ(err("{}", ""), "url: required by the discord sink");
  EXPECT_EQ(err(R"({"mention":"<@&123>"})"), "accepted");
}

TEST(DiscordSink, WaitTrueRespectsTheQuery) {
  auto target = [](std::string url) {
    auto sink = Discord("{}", url);
    return MustRender(*sink, MemoryCritical()).url.target;
  };
  EXPECT_EQ(target("https://discord.com/api/webhooks/1/t"), "/api/webhooks/1/t?wait=true");
  EXPECT_EQ(target("https://discord.com/api/webhooks/1/t?thread_id=9"),
            "/api/webhooks/1/t?thread_id=9&wait=true");
  EXPECT_EQ(target("https://discord.com/api/webhooks/1/t?"), "/api/webhooks/1/t?wait=true");
  EXPECT_EQ(target("https://discord.com/api/webhooks/1/t?a=1&"), "/api/webhooks/1/t?a=1&wait=true");
  EXPECT_EQ(target("https://discord.com/api/webhooks/1/t?wait=false"),
            "/api/webhooks/1/t?wait=false");  // the operator's choice stays
  EXPECT_EQ(target("https://discord.com/api/webhooks/1/t?waiting=1"),
            "/api/webhooks/1/t?waiting=1&wait=true");
  EXPECT_EQ(target("https://discord.com/api/webhooks/1/t#frag"), "/api/webhooks/1/t?wait=true");
}

TEST(DiscordSink, LimitsInCodePoints) {
  auto sink = Discord();
  EventInfo e = InstanceDown();
  std::string name, msg, reason;
  for (int i = 0; i < 1200; ++i) name += "\xe2\x82\xac";     // €: 3 bytes, 1 code point
  for (int i = 0; i < 5000; ++i) msg += "\xf0\x9f\x94\xa5";  // 🔥: 4 bytes
  for (int i = 0; i < 1500; ++i) reason += "\xc3\xbc";       // ü
  e.instance_name = name;
  e.message = msg;
  e.data_json = R"({"reason":")" + reason + R"(","detail":")" + std::string(2000, 'd') +
                R"(","since":1717999987611,"message":"x"})";
  simdjson::dom::parser p;
  simdjson::dom::element em = ParseBody(p, MustRender(*sink, e).body)["embeds"].at(0);
  std::string title = Str(em["title"]);
  EXPECT_EQ(CodePoints(title), 256u);
  EXPECT_TRUE(EndsWithEllipsis(title));
  EXPECT_LE(TotalChars(em), 6000u);
  std::string description = Str(em["description"]);
  EXPECT_TRUE(EndsWithEllipsis(description));
  EXPECT_LE(CodePoints(description), 4096u);
  for (const auto& [k, v] : Fields(em)) {
    EXPECT_LE(CodePoints(k), 256u);
    EXPECT_LE(CodePoints(v), 1024u);
    EXPECT_FALSE(v.empty());
  }
  // Instance field cut at 1024, the reason at 1024, the detail at 500 (facts).
  std::vector<Field> f = Fields(em);
  ASSERT_GE(f.size(), 2u);
  EXPECT_EQ(CodePoints(f[0].second), 1024u);
  EXPECT_TRUE(EndsWithEllipsis(f[0].second));
  // 256 + 5 + fields (8+1024 + 6+1024 + 6+500 + 10+24) = 2863: the description gets the rest
  // (2881 code points, more than the 1024 it keeps before fields are dropped).
  EXPECT_EQ(TotalChars(em), 6000u);
}

TEST(DiscordSink, ClassifyTable) {
  auto sink = Discord();
  auto kind = [&](http::Response r) { return sink->Classify(r, 0).kind; };
  EXPECT_EQ(kind(Resp(200, {}, R"({"id":"1"})")), VerdictKind::kSuccess);
  EXPECT_EQ(kind(Resp(204)), VerdictKind::kSuccess);
  EXPECT_EQ(kind(Resp(200, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset-After", "2"}})),
            VerdictKind::kSuccess);
  EXPECT_EQ(kind(Resp(404, {}, R"({"message":"Unknown Webhook","code":10015})")),
            VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(401)), VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(403)), VerdictKind::kDisable);
  EXPECT_EQ(kind(Resp(400, {}, R"({"embeds":["0"]})")), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(413)), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(500)), VerdictKind::kRetry);
  EXPECT_EQ(kind(Resp(502)), VerdictKind::kRetry);
  EXPECT_EQ(kind(Transport()), VerdictKind::kRetry);
  // 429: the body's retry_after (seconds, float) first, then the headers.
  auto v = sink->Classify(Resp(429, {{"Retry-After", "9"}},
                               R"({"message":"rate limited","retry_after":1.234,)"
                               R"("global":false})"),
                          0);
  EXPECT_EQ(v.kind, VerdictKind::kRetry);
  EXPECT_EQ(v.retry_after_ms, 1234);
  EXPECT_EQ(sink->Classify(Resp(429, {{"Retry-After", "3"}}, "not json"), 0).retry_after_ms, 3000);
  EXPECT_EQ(sink->Classify(Resp(429, {{"X-RateLimit-Reset-After", "0.5"}}), 0).retry_after_ms, 500);
  EXPECT_EQ(sink->Classify(Resp(429), 0).retry_after_ms, -1);
  EXPECT_EQ(sink->Classify(Resp(429, {}, R"({"retry_after":-1})"), 0).retry_after_ms, -1);
}

}  // namespace
}  // namespace vigil::plugin::testing
