// Every class of configuration error: the message starts with the path of the offending key and
// says what is wrong; secrets are never echoed. One table row per case.
#include <gtest/gtest.h>

#include "core/config/config.hpp"

namespace vigil::config {
namespace {

// A config with one valid webhook whose object also holds `extra`.
std::string Hook(const std::string& extra) {
  return R"({"webhooks": [{"url": "https://h.example", "events": ["*"])" +
         (extra.empty() ? "" : ", " + extra) + "}]}";
}
std::string Inst(const std::string& fields) {
  return R"({"instances": [)" + fields + "]}";
}

struct Case {
  const char* name;
  std::string json;
  std::string message;  // the exact message, or its beginning when it ends with "..."
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class ConfigError : public ::testing::TestWithParam<Case> {};

TEST_P(ConfigError, NamesTheKeyPath) {
  const Case& c = GetParam();
  auto r = ParseConfig(c.json);
  ASSERT_FALSE(r.ok()) << c.json;
  EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
  const std::string& msg = r.status().message();
  if (c.message.ends_with("..."))
    EXPECT_TRUE(msg.starts_with(c.message.substr(0, c.message.size() - 3))) << msg;
  else
    EXPECT_EQ(msg, c.message);
}

const Case kCases[] = {
    // Unknown keys, at every level.
    {"UnknownTop", R"({"dataDirr": "x"})", R"(dataDirr: unknown key (did you mean "dataDir"?))"},
    {"UnknownFar", R"({"zzzzzzzz": 1})", "zzzzzzzz: unknown key (known keys: dataDir, listen, ..."},
    {"UnknownResp", R"({"resp": {"maxReply": 1}})", "resp.maxReply: unknown key..."},
    {"UnknownInstance", Inst(R"({"host": "a", "db": 1})"), "instances[0].db: unknown key..."},
    {"UnknownWebhook", Hook(R"("colour": "red")"), "webhooks[0].colour: unknown key..."},
    {"UnknownThresholds", Hook(R"("thresholds": {"diskPercent": 1})"),
     "webhooks[0].thresholds.diskPercent: unknown key..."},
    {"UnknownRetry", Hook(R"("retryPolicy": {"jitter": true})"),
     "webhooks[0].retryPolicy.jitter: unknown key..."},
    {"UnknownTls", Hook(R"("tls": {"certFile": "x"})"), "webhooks[0].tls.certFile: unknown key..."},
    {"UnknownDelivery", R"({"delivery": {"mode": 1}})", "delivery.mode: unknown key..."},
    {"UnknownBreaker", R"({"delivery": {"circuitBreaker": {"halfOpen": 1}}})",
     "delivery.circuitBreaker.halfOpen: unknown key..."},
    {"DuplicateKey", R"({"listen": "a:1", "listen": "b:2"})", "listen: duplicate key"},

    // Wrong types.
    {"RootNotObject", "[1]", "config: expected an object"},
    {"StringExpected", R"({"dataDir": 5})", "dataDir: expected a string"},
    {"IntExpected", Inst(R"({"host": "a"}, {"host": "b"}, {"host": "c", "port": "6379"})"),
     "instances[2].port: expected an integer"},
    {"IntNotFraction", R"({"pollIntervalMs": 1000.5})", "pollIntervalMs: expected an integer"},
    {"IntNotExponent", R"({"pollIntervalMs": 1e3})", "pollIntervalMs: expected an integer"},
    {"NumberExpected", Hook(R"("hysteresisFactor": "0.9")"),
     "webhooks[0].hysteresisFactor: expected a number"},
    {"BoolExpected", Hook(R"("enabled": 1)"), "webhooks[0].enabled: expected true or false"},
    {"ObjectExpected", R"({"resp": []})", "resp: expected an object"},
    {"ArrayExpected", R"({"instances": {}})", "instances: expected an array"},
    {"ArrayItemObject", R"({"instances": ["a"]})", "instances[0]: expected an object"},
    {"OptStrExpected", Inst(R"({"host": "a", "username": 1})"),
     "instances[0].username: expected a string or null"},
    {"OptIntExpected", Inst(R"({"host": "a", "timeoutMs": "5"})"),
     "instances[0].timeoutMs: expected an integer or null"},
    {"EventsNotArray", Hook("").replace(Hook("").find(R"(["*"])"), 5, R"("*")"),
     "webhooks[0].events: expected an array"},
    {"EventItemString", Hook("").replace(Hook("").find(R"(["*"])"), 5, R"(["*", 3])"),
     "webhooks[0].events[1]: expected a string"},
    {"HeaderValueString", Hook(R"("headers": {"X-A": 1})"),
     "webhooks[0].headers.X-A: expected a string"},
    {"WebhookInstancesItem", Hook(R"("instances": [1])"),
     "webhooks[0].instances[0]: expected a string"},

    // Ranges and enums.
    {"TopRange", R"({"pollIntervalMs": 99})", "pollIntervalMs: must be 100..3600000"},
    {"Thresholds", Hook(R"("thresholds": {"memoryCriticalPercent": 101})"),
     "webhooks[0].thresholds.memoryCriticalPercent: must be 1..100"},
    {"Hysteresis", Hook(R"("hysteresisFactor": 0.4)"),
     "webhooks[0].hysteresisFactor: must be 0.5..1"},
    {"Port", Inst(R"({"host": "a", "port": 0})"), "instances[0].port: must be 1..65535"},
    {"HugeInt", R"({"timeoutMs": 18446744073709551615})", "timeoutMs: must be 100..60000"},
    {"NegativeInt", R"({"delivery": {"responseBodyMaxBytes": -1}})",
     "delivery.responseBodyMaxBytes: must be 0..1048576"},
    {"Durability", R"({"delivery": {"durability": "sync"}})",
     "delivery.durability: must be one of: process, fsync"},
    {"Sink", Hook(R"("sink": "Slack!")"), "webhooks[0].sink: may hold only a-z 0-9 _ -"},
    {"ReconnectOrder",
     R"({"resp": {"reconnectInitialDelayMs": 5000, "reconnectMaxDelayMs": 4000}})",
     "resp.reconnectMaxDelayMs: must be >= reconnectInitialDelayMs (5000)"},
    {"RetryOrder", Hook(R"("retryPolicy": {"initialDelayMs": 2000, "maxDelayMs": 1000})"),
     "webhooks[0].retryPolicy.maxDelayMs: must be >= initialDelayMs (2000)"},
    {"EmptyDataDir", R"({"dataDir": ""})", "dataDir: must not be empty"},

    // Required keys.
    {"HostRequired", Inst(R"({"port": 1})"), "instances[0].host: required"},
    {"EventsRequired", R"({"webhooks": [{"url": "http://a"}]})", "webhooks[0].events: required"},
    {"EventsEmpty", R"({"webhooks": [{"url": "http://a", "events": []}]})",
     "webhooks[0].events: must not be empty"},

    // Names, duplicates, references.
    {"DuplicateName", Inst(R"({"host": "a", "name": "cache-1"}, {"host": "b"}, {"host": "c"},
             {"host": "d", "name": "cache-1"})"),
     R"(instances[3].name: duplicate "cache-1")"},
    {"DuplicateDerivedName", Inst(R"({"host": "a"}, {"host": "a", "port": 6379})"),
     R"(instances[1].name: duplicate "a:6379")"},
    {"BadInstanceName", Inst(R"({"host": "a", "name": "has space"})"),
     "instances[0].name: must be 1..128 characters of A-Z a-z 0-9 . _ : -"},
    {"DuplicateWebhookId",
     R"({"webhooks": [{"url": "http://a", "events": ["*"]},
                      {"id": "webhook-1", "url": "http://b", "events": ["*"]}]})",
     R"(webhooks[1].id: duplicate "webhook-1")"},
    {"BadWebhookId", Hook(R"("id": "a:b")"),
     "webhooks[0].id: must be 1..64 characters of A-Z a-z 0-9 . _ -"},
    {"UnknownInstanceRef", Hook(R"("instances": ["local", "nope"])"),
     R"(webhooks[0].instances[1]: unknown instance "nope")"},
    {"UnknownEvent",
     R"({"webhooks": [{"url": "http://a", "events": ["instance.down", "*", "memory.crit"]}]})",
     R"(webhooks[0].events[2]: unknown event "memory.crit" (known: instance.down, instance.up, )"
     R"(memory.critical, connection.critical, client.blocked, instance.failover, *))"},
    {"TestEventNotSubscribable",
     R"({"webhooks": [{"url": "http://a", "events": ["webhook.test"]}]})",
     R"(webhooks[0].events[0]: "webhook.test" is not subscribable...)"},

    // Headers.
    {"ReservedHost", Hook(R"("headers": {"Host": "x"})"),
     "webhooks[0].headers.Host: reserved header"},
    {"ReservedCase", Hook(R"("headers": {"content-type": "x"})"),
     "webhooks[0].headers.content-type: reserved header"},
    {"ReservedPrefix", Hook(R"("headers": {"x-webhook-signature": "x"})"),
     "webhooks[0].headers.x-webhook-signature: reserved header"},
    {"BadHeaderName", Hook(R"("headers": {"Bad Name": "x"})"),
     "webhooks[0].headers.Bad Name: not a valid header name"},
    {"HeaderInjection", Hook(R"("headers": {"X-A": "a\r\nHost: evil"})"),
     "webhooks[0].headers.X-A: value must not contain control characters"},
    {"DuplicateHeader", Hook(R"("headers": {"X-A": "1", "x-a": "2"})"),
     "webhooks[0].headers.x-a: duplicate header"},

    // URLs and listen addresses.
    {"UrlScheme", R"({"webhooks": [{"url": "ftp://a", "events": ["*"]}]})",
     "webhooks[0].url: must start with http:// or https://"},
    {"UrlNoHost", R"({"webhooks": [{"url": "https:///path", "events": ["*"]}]})",
     "webhooks[0].url: must name a host"},
    {"UrlBadPort", R"({"webhooks": [{"url": "http://a:99999/", "events": ["*"]}]})",
     "webhooks[0].url: has an invalid port"},
    {"UrlSpace", R"({"webhooks": [{"url": "http://a b/", "events": ["*"]}]})",
     "webhooks[0].url: must not contain spaces or control characters"},
    {"ListenNoPort", R"({"listen": "127.0.0.1"})", "listen: expected host:port..."},
    {"ListenBarePort", R"({"listen": ":8080"})", "listen: expected host:port..."},
    {"ListenBadPort", R"({"listen": "0.0.0.0:70000"})", "listen: expected host:port..."},
    {"ListenV6NoBrackets", R"({"listen": "::1:8080"})", "listen: expected host:port..."},

    // Syntax errors carry a position.
    {"TrailingComma", "{\n  \"listen\": \"a:1\",\n}",
     "JSON syntax error at line 3, column 1 (byte offset 21): expected a key in double quotes"},
    {"MissingComma", "{\"a\": 1 \"b\": 2}",
     "JSON syntax error at line 1, column 9 (byte offset 8): expected ',' or '}'"},
    {"Unterminated", "{\"a\": \"x",
     "JSON syntax error at line 1, column 9 (byte offset 8): unterminated string"},
    {"Empty", "", "JSON syntax error at line 1, column 1 (byte offset 0): unexpected end..."},
    {"TrailingGarbage", "{} x",
     "JSON syntax error at line 1, column 4 (byte offset 3): unexpected content after the "
     "document"},
    {"InvalidUtf8", "{\"dataDir\": \"\xff\"}", "JSON syntax error: ..."},
    {"Comment", "{ // no comments in JSON\n}", "JSON syntax error at line 1, column 3..."},
};

INSTANTIATE_TEST_SUITE_P(Cases, ConfigError, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vigil::config
