// Fleet: N simulated servers on one libuv loop, each with its own listening socket (address
// or port from its index), their connections, and the kill / revive / hang switches.
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tools/fakefleet/commands.hpp"
#include "tools/fakefleet/info_template.hpp"
#include "tools/fakefleet/instance.hpp"
#include "tools/fakefleet/stats.hpp"

namespace fakefleet {

struct FleetOptions {
  int count = 20;
  bool spread_addresses = true;  // 127.0.x.y:base_port; false: 127.0.0.1:base_port+i
  int base_port = 17000;
  std::string password;
  bool acl_stats = false;
  std::string name_prefix = "fake-";
  // One wildcard listener for all servers (spread_addresses only), telling them apart by the
  // local address: 1 socket instead of N. Killed servers then reset new connections at once
  // (the client sees a reset, not a refusal). For fleets larger than RLIMIT_NOFILE / 2.
  bool shared_listener = false;
};

class Fleet {
 public:
  Fleet(uv_loop_t* loop, FleetOptions options, Stats& stats);
  ~Fleet();
  // Binds every listener; returns how many failed (their error is printed to stderr).
  int Start();
  std::size_t size() const { return instances_.size(); }
  Instance& at(std::size_t i) { return *instances_[i]; }
  bool Kill(Instance& inst);    // close the listener and every connection: refused afterwards
  bool Revive(Instance& inst);  // listen again
  void Hang(Instance& inst, bool on);
  std::int64_t alive() const;
  std::int64_t connections() const { return open_conns_; }
  // {"pollIntervalMs":..,"instances":[...],"webhooks":[]}: a vigil config the bench completes.
  std::string VigilConfig(int poll_interval_ms) const;
  void CloseAll();

  // Used by the uv callbacks.
  void OnConnection(Instance* inst, uv_stream_t* server);  // inst: nullptr from the shared one
  void OnRead(Conn* c, const char* data, std::size_t n);
  void CloseConn(Conn* c);

 private:
  bool Listen(Instance& inst);
  bool ListenShared();
  Instance* FromLocalAddress(uv_tcp_t* tcp);
  void Process(Conn* c, std::string_view data, std::size_t* used);
  void Write(Conn* c, const std::string& bytes);

  uv_loop_t* loop_;
  FleetOptions options_;
  Stats& stats_;
  InfoTemplate info_;
  ServerEnv env_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::int64_t open_conns_ = 0;
  std::uint64_t next_client_id_ = 1;
  uv_tcp_t* shared_ = nullptr;
};

}  // namespace fakefleet
