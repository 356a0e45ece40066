// The host side of source plugins: a SourceRunner per configured source runs the plugin's
// create/destroy and gives it emit (into the event pipeline), timers and RESP connections.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/event/sink.hpp"
#include "core/reactor/timer_queue.hpp"
#include "core/util/result.hpp"
#include "vigil/plugin.h"

namespace vigil::plugin {

// Fills the source members of the host table (emit, timers, RESP).
void FillSourceFunctions(vigil_host_api* api);

// One running source (e.g. sources[0], plugin "sentinel"). Loop thread only. The runner owns what
// the plugin opens through the host table with ctx = this runner: timers and RESP connections,
// which Stop() releases. Events go to sink.Publish(event, nullptr).
class SourceRunner {
 public:
  SourceRunner(reactor::TimerQueue& timers, event::EventSink& sink, const vigil_source_vtable* vt,
               std::string name, std::string options_json);
  ~SourceRunner();  // Stop()
  SourceRunner(const SourceRunner&) = delete;
  SourceRunner& operator=(const SourceRunner&) = delete;

  // Calls the plugin's create. A refusal is Status::Invalid("sources[<name>]: <plugin message>").
  Status Start();
  // Calls destroy, then closes every connection and cancels every timer the source still owns.
  // Idempotent. Not to be called from inside one of this source's callbacks.
  void Stop();

  std::uint64_t emitted() const { return emitted_; }
  const std::string& name() const { return name_; }
  bool running() const { return running_; }
  std::size_t open_connections() const { return conns_.size(); }
  std::size_t pending_timers() const { return timer_ids_.size(); }

 private:
  friend struct SourceHost;  // the host functions in source_host.cpp

  std::vector<vigil_resp_value>& AcquireArena();
  void ReleaseArena() { --arena_depth_; }
  void Bury(vigil_resp_conn* c);  // frees c on a later loop turn (it may be on the stack)
  void ReleaseAll();

  reactor::TimerQueue& timers_;
  event::EventSink& sink_;
  const vigil_source_vtable* vt_;
  std::string name_, options_json_;
  void* state_ = nullptr;
  bool running_ = false;
  std::uint64_t emitted_ = 0;
  std::unordered_set<reactor::TimerQueue::Id> timer_ids_;  // the plugin's pending timers
  std::unordered_map<vigil_resp_conn*, std::unique_ptr<vigil_resp_conn>> conns_;
  std::vector<std::unique_ptr<vigil_resp_conn>> graveyard_;  // closed, freed next turn
  reactor::TimerQueue::Id graveyard_timer_ = 0;
  // Reply trees handed to callbacks: one arena per nesting level, capacity kept.
  std::vector<std::vector<vigil_resp_value>> arenas_;
  std::size_t arena_depth_ = 0;
};

}  // namespace vigil::plugin
