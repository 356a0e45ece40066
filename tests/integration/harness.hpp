// Shared pieces of the end-to-end tests: a config builder for vigil pointing at real
// redis-servers and a real receiver, and accessors for the JSON deliveries the receiver got.
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

#include "tests/support/http_receiver.hpp"
#include "tests/support/process.hpp"
#include "tests/support/wait.hpp"

namespace vigil::testing {

// One delivery as the receiver saw it, with the payload's main fields extracted.
struct Received {
  RecordedRequest req;
  std::string event;
  std::string id;
  std::string instance;
  std::string data_json;
};

inline std::vector<Received> Deliveries(const HttpReceiver& r, const std::string& event = "") {
  std::vector<Received> out;
  simdjson::dom::parser parser;
  for (const RecordedRequest& req : r.requests()) {
    simdjson::dom::element doc;
    if (parser.parse(req.body).get(doc)) continue;
    Received x{req, std::string(doc["event"].get_string().value()),
               std::string(doc["id"].get_string().value()),
               std::string(doc["instance"]["name"].get_string().value()),
               simdjson::minify(doc["data"])};
    if (event.empty() || x.event == event) out.push_back(std::move(x));
  }
  return out;
}

inline std::size_t CountEvents(const HttpReceiver& r, const std::string& event) {
  return Deliveries(r, event).size();
}

inline bool WaitForEvents(const HttpReceiver& r, const std::string& event, std::size_t n,
                          std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  return WaitFor([&] { return CountEvents(r, event) >= n; }, timeout);
}

// Waits until vigil (run with --log-level debug) logged `polls` polls of `instance`.
inline bool WaitForPolls(const VigilProcess& v, const std::string& instance, int polls,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  std::string needle =
      "\"msg\":\"poll\",\"instance\":\"" + instance + "\",\"polls\":" + std::to_string(polls) + ",";
  return v.WaitForLog(needle, timeout);
}

inline std::string InstanceJson(const std::string& name, int port, const std::string& extra = "") {
  return R"({"name":")" + name + R"(","host":"127.0.0.1","port":)" + std::to_string(port) + extra +
         "}";
}

}  // namespace vigil::testing
