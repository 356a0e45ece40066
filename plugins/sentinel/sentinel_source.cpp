// The sentinel source plugin: one connection per configured source to a Sentinel, subscribed to
// its down/up/failover channels, reconnecting with backoff; messages become events (see
// sentinel_events.hpp). Uses only the SDK's host table: timers, RESP connections, emit, log.
#include <algorithm>
#include <memory>
#include <string>

#include "sentinel_events.hpp"
#include "sentinel_options.hpp"
#include "vigil/plugin.h"

namespace vigil_sentinel {
namespace {

const vigil_host_api* g_host = nullptr;

constexpr std::uint64_t kFirstRetryMs = 250;
constexpr std::uint64_t kMaxRetryMs = 30000;
constexpr std::string_view kChannels[] = {"+sdown", "-sdown", "+odown", "-odown", "+switch-master"};

vigil_str Str(std::string_view s) {
  return vigil_str{s.data(), s.size()};
}
std::string_view View(vigil_str s) {
  return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

class Source {
 public:
  Source(void* ctx, std::string name, Options o)
      : ctx_(ctx),
        name_(std::move(name)),
        opts_(std::move(o)),
        sentinel_(opts_.host + ":" + std::to_string(opts_.port)),
        mapper_(sentinel_, opts_.masters) {}
  ~Source() {
    if (retry_timer_) g_host->timer_cancel(ctx_, retry_timer_);
    if (conn_) g_host->resp_close(conn_);
  }

  void Connect() {
    vigil_resp_options o{};
    o.struct_size = sizeof o;
    o.host = Str(opts_.host);
    o.port = opts_.port;
    o.username = Str(opts_.username);
    o.password = Str(opts_.password);
    vigil_resp_callbacks cbs{&Source::OnReady, &Source::OnClosed, &Source::OnPush};
    conn_ = g_host->resp_open(ctx_, &o, cbs, this);
    if (!conn_) Retry("the host refused the connection options");
  }

 private:
  void Log(vigil_log_level level, const std::string& text) {
    std::string line = "sentinel source " + name_ + " (" + sentinel_ + "): " + text;
    g_host->log(level, Str(line));
  }

  // Drops the connection (if any) and tries again after the current backoff.
  void Retry(std::string_view why) {
    if (conn_) g_host->resp_close(conn_);
    conn_ = nullptr;
    Log(VIGIL_LOG_WARN,
        std::string(why) + "; reconnecting in " + std::to_string(backoff_ms_) + " ms");
    retry_timer_ = g_host->timer_start(ctx_, backoff_ms_, &Source::OnRetry, this);
    backoff_ms_ = std::min(backoff_ms_ * 2, kMaxRetryMs);
  }

  static void OnRetry(void* arg) {
    auto* self = static_cast<Source*>(arg);
    self->retry_timer_ = 0;
    self->Connect();
  }

  static void OnReady(void* arg, vigil_resp_conn* c) {
    auto* self = static_cast<Source*>(arg);
    if (c != self->conn_) return;
    vigil_str argv[1 + std::size(kChannels)];
    argv[0] = Str("SUBSCRIBE");
    for (std::size_t i = 0; i < std::size(kChannels); ++i) argv[i + 1] = Str(kChannels[i]);
    if (g_host->resp_command(c, argv, std::size(argv), &Source::OnSubscribed, self) != VIGIL_OK)
      self->Retry("SUBSCRIBE could not be sent");
  }

  static void OnSubscribed(void* arg, const vigil_resp_value* reply) {
    auto* self = static_cast<Source*>(arg);
    if (!reply) return;  // the connection failed: on_closed follows
    if (reply->type == VIGIL_RESP_ERROR) {
      self->Retry("SUBSCRIBE refused: " + std::string(View(reply->str)));
      return;
    }
    self->backoff_ms_ = kFirstRetryMs;
    self->Log(VIGIL_LOG_INFO, "subscribed to the Sentinel's events");
  }

  static void OnClosed(void* arg, vigil_resp_conn* c, vigil_str reason) {
    auto* self = static_cast<Source*>(arg);
    if (c != self->conn_) return;
    self->Retry("connection lost: " + std::string(View(reason)));
  }

  // ["message", channel, payload]; the other confirmations of SUBSCRIBE also arrive here.
  static void OnPush(void* arg, vigil_resp_conn*, const vigil_resp_value* m) {
    auto* self = static_cast<Source*>(arg);
    if (!m || m->count < 3 || (m->type != VIGIL_RESP_PUSH && m->type != VIGIL_RESP_ARRAY)) return;
    const vigil_resp_value* e = m->elements;
    if (e[0].type != VIGIL_RESP_STRING || View(e[0].str) != "message") return;
    for (const EventOut& ev : self->mapper_.OnMessage(View(e[1].str), View(e[2].str)))
      self->Emit(ev);
  }

  void Emit(const EventOut& e) {
    vigil_emit ev{};
    ev.struct_size = sizeof ev;
    ev.type = Str(e.type);
    ev.resolved = e.resolved ? 1 : 0;
    ev.instance_name = Str(e.instance_name);
    ev.instance_host = Str(e.instance_host);
    ev.instance_port = e.instance_port;
    ev.message = Str(e.message);
    ev.data_json = Str(e.data_json);
    ev.alert_key = Str(e.alert_key);
    if (g_host->emit(ctx_, &ev, nullptr) != VIGIL_OK)
      Log(VIGIL_LOG_ERROR, "the host refused a " + e.type + " event");
  }

  void* ctx_;
  std::string name_;
  Options opts_;
  std::string sentinel_;  // "host:port"
  EventMapper mapper_;
  vigil_resp_conn* conn_ = nullptr;
  std::uint64_t retry_timer_ = 0;
  std::uint64_t backoff_ms_ = kFirstRetryMs;
};

vigil_status Create(void* ctx, vigil_str name, vigil_str options_json, void** state,
                    vigil_error* err) {
  *state = nullptr;
  Options o;
  std::string error;
  if (!ParseOptions(View(options_json), &o, &error)) {
    g_host->set_error(err, Str(error));
    return VIGIL_ERR_INVALID;
  }
  auto source = std::make_unique<Source>(ctx, std::string(View(name)), std::move(o));
  source->Connect();
  *state = source.release();
  return VIGIL_OK;
}

void Destroy(void* state) {
  delete static_cast<Source*>(state);
}

const vigil_source_vtable kSource = {sizeof(vigil_source_vtable), "sentinel", "1.0.0", Create,
                                     Destroy};
const vigil_source_vtable* const kSources[] = {&kSource};
const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "sentinel", "1.0.0", 0, nullptr, 1, kSources};

}  // namespace
}  // namespace vigil_sentinel

extern "C" VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  vigil_sentinel::g_host = host;
  return &vigil_sentinel::kPlugin;
}
