// Shared by the sink plugin tests: loads the built .so plugins once, binds a sink to a webhook,
// makes realistic events of every type (docs/events.md) and parses rendered bodies.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <memory>
#include <string>
#include <vector>

#include "core/http/error.hpp"
#include "core/http/response.hpp"
#include "core/plugin/registry.hpp"
#include "core/plugin/sink.hpp"

namespace vigil::plugin::testing {

inline const Registry& Plugins() {
  static Registry* reg = [] {
    auto* r = new Registry();
    for (const char* name : {"generic", "slack", "discord", "pagerduty"}) {
      Status s = r->LoadFile(std::string(VIGIL_PLUGINS_DIR) + "/" + name + ".so");
      EXPECT_TRUE(s.ok()) << s.message();
    }
    return r;
  }();
  return *reg;
}

inline const vigil_sink_vtable* Sink(std::string_view name) {
  const vigil_sink_vtable* vt = Plugins().sink(name);
  EXPECT_NE(vt, nullptr) << name;
  return vt;
}

// Binds `sink` to a webhook; the error message when sinkOptions are refused.
inline Result<std::unique_ptr<BoundSink>> Bind(std::string_view sink, std::string url,
                                               std::string options = "{}") {
  WebhookInfo w;
  w.id = "wh-1";
  w.name = "ops";
  w.url = std::move(url);
  w.options_json = std::move(options);
  return BoundSink::Create(Sink(sink), std::move(w));
}

inline EventInfo Base(std::string type, std::string severity, std::string data,
                      std::string message) {
  EventInfo e;
  e.id = "351f2d22-cdd5-4e0f-9be6-d6792c1d6fa8";
  e.type = std::move(type);
  e.severity = std::move(severity);
  e.instance_name = "cache-1";
  e.instance_host = "10.0.0.11";
  e.instance_port = 6379;
  e.message = std::move(message);
  e.data_json = std::move(data);
  e.payload_json = "{}";
  e.delivery_id = "d-1";
  e.public_url = "https://vigil.example.com";
  e.timestamp_ms = 1718000000123;  // 2024-06-10T06:13:20.123Z
  return e;
}

inline EventInfo InstanceDown() {
  EventInfo e =
      Base("instance.down", "critical",
           R"j({"reason":"closed","detail":"end of file; reconnect: refused: connection )j"
           R"j(refused","since":1717999987611,"message":"Instance cache-1 is down )j"
           R"j((closed)"})j",
           "Instance cache-1 is down (closed)");
  e.alert_key = "cache-1/instance.down/1717999987611";
  return e;
}
inline EventInfo InstanceUp() {
  EventInfo e = Base("instance.up", "info",
                     R"j({"downSince":1717999987611,"downtimeMs":12512,"message":"Instance )j"
                     R"j(cache-1 is up again after 12.5 s down"})j",
                     "Instance cache-1 is up again after 12.5 s down");
  e.resolved = true;
  e.alert_key = "cache-1/instance.down/1717999987611";
  return e;
}
inline EventInfo MemoryCritical() {
  EventInfo e = Base("memory.critical", "critical",
                     R"j({"metric":"memory_used_percent","value":92.47,"threshold":90,)j"
                     R"j("maxmemory":1073741824,"usedMemory":992903168,"message":"Memory usage )j"
                     R"j(critical: 92.47% (threshold: 90%)"})j",
                     "Memory usage critical: 92.47% (threshold: 90%)");
  e.alert_key = "cache-1/memory.critical/1718000000123";
  return e;
}
inline EventInfo MemoryResolved() {
  EventInfo e = Base("memory.critical", "critical",
                     R"j({"metric":"memory_used_percent","value":78.1,"threshold":90,)j"
                     R"j("maxmemory":1073741824,"usedMemory":838613811,"message":"Memory usage )j"
                     R"j(back to normal: 78.1% (threshold: 90%)"})j",
                     "Memory usage back to normal: 78.1% (threshold: 90%)");
  e.resolved = true;
  e.alert_key = "cache-1/memory.critical/1718000000123";
  return e;
}
inline EventInfo ConnectionCritical() {
  EventInfo e = Base("connection.critical", "critical",
                     R"j({"metric":"connected_clients_percent","value":92.5,"threshold":90,)j"
                     R"j("connectedClients":9250,"maxclients":10000,"message":"Connections )j"
                     R"j(critical: 92.5% of maxclients (threshold: 90%)"})j",
                     "Connections critical: 92.5% of maxclients (threshold: 90%)");
  e.alert_key = "cache-1/connection.critical/1718000000123";
  return e;
}
inline EventInfo ConnectionResolved() {
  EventInfo e = ConnectionCritical();
  e.resolved = true;
  e.message = "Connections back to normal: 70% of maxclients (threshold: 90%)";
  return e;
}
inline EventInfo BlockedMaxclients() {
  return Base("client.blocked", "warning",
              R"j({"reason":"maxclients","metric":"rejected_connections","count":3,"value":17,)j"
              R"j("message":"3 connection(s) refused on cache-1: maxclients reached"})j",
              "3 connection(s) refused on cache-1: maxclients reached");
}
inline EventInfo BlockedAuth() {
  return Base("client.blocked", "warning",
              R"j({"reason":"auth","metric":"acl_access_denied_auth","count":2,)j"
              R"j("username":"mallory","clientInfo":"id=812 addr=10.0.0.99:51234 )j"
              R"j(laddr=10.0.0.11:6379 fd=12 name= cmd=auth user=default resp=2","entries":[)j"
              R"j({"username":"mallory","count":2,"ageSeconds":0.41,"clientInfo":"id=812 )j"
              R"j(addr=10.0.0.99:51234"}],"message":"2 failed login(s) on cache-1 (user )j"
              R"j(\"mallory\")"})j",
              "2 failed login(s) on cache-1 (user \"mallory\")");
}

// Every event type, firing and (for alerts) resolved.
inline std::vector<EventInfo> AllEvents() {
  return {InstanceDown(),       InstanceUp(),         MemoryCritical(),    MemoryResolved(),
          ConnectionCritical(), ConnectionResolved(), BlockedMaxclients(), BlockedAuth()};
}

inline http::Request MustRender(const BoundSink& sink, const EventInfo& e) {
  auto r = sink.Render(e);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : http::Request{};
}

// Parses a body (simdjson also checks it is valid UTF-8); fails the test when it is not JSON.
inline simdjson::dom::element ParseBody(simdjson::dom::parser& p, const std::string& body) {
  auto doc = p.parse(body);
  EXPECT_EQ(doc.error(), simdjson::SUCCESS) << body;
  return doc.value();
}

inline std::string Str(simdjson::dom::element e) {
  return std::string(std::string_view(e));
}

inline std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

inline bool EndsWithEllipsis(std::string_view s) {
  return s.size() >= 3 && s.substr(s.size() - 3) == "\xe2\x80\xa6";
}

inline std::size_t Count(simdjson::dom::element e) {
  if (e.is_array()) return simdjson::dom::array(e).size();
  return simdjson::dom::object(e).size();
}

inline http::Response Resp(int code, http::Headers headers = {}, std::string body = "") {
  http::Response r;
  r.code = code;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

inline http::Response Transport() {
  http::Response r;
  r.status = http::MakeStatus(http::ErrorKind::kRefused, "connection refused");
  r.error = http::ErrorKind::kRefused;
  return r;
}

}  // namespace vigil::plugin::testing
