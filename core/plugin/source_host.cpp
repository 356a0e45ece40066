// Source host: SourceRunner and the host functions a source reaches through vigil_host_api
// (emit, timers, RESP connections). Everything runs on the loop thread.
//
// Handles are checked before use: ctx against the live runners, vigil_resp_conn* against the
// live connections, so a NULL or stale pointer from a plugin is refused instead of followed.
// A connection closed by the plugin (resp_close) or by Stop() never calls back again; its memory
// is freed on a later loop turn because the close may come from inside one of its own callbacks.
#include "core/plugin/source_host.hpp"

#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "core/event/catalog.hpp"
#include "core/plugin/request_builder.hpp"  // struct vigil_error
#include "core/redis/connection.hpp"
#include "core/util/log.hpp"
#include "core/util/utf8.hpp"

// The host's side of a vigil_resp_conn handle.
struct vigil_resp_conn final : vigil::redis::Connection::Listener {
  vigil::plugin::SourceRunner* runner = nullptr;
  vigil_resp_callbacks cbs{};
  void* arg = nullptr;
  std::unique_ptr<vigil::redis::Connection> conn;
  bool opening = false;  // inside Connect(): a failure there is reported on a later turn
  bool dead = false;     // lost (on_closed): commands are refused
  bool closed = false;   // resp_close or Stop: no more callbacks
  void OnReady(vigil::redis::Connection&) override;
  void OnClosed(vigil::redis::Connection&, vigil::redis::CloseReason reason,
                const std::string& detail) override;
};

namespace vigil::plugin {
namespace {

constexpr std::size_t kMaxMessageBytes = 4096;
constexpr std::size_t kMaxDataBytes = 64 * 1024;

std::unordered_set<const SourceRunner*> g_runners;   // started, not yet stopped
std::unordered_set<const vigil_resp_conn*> g_conns;  // open handles

std::string_view Sv(vigil_str s) {
  return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

vigil_status Refuse(vigil_error* err, std::string msg) {
  if (err && err->message.empty()) err->message = std::move(msg);
  return VIGIL_ERR_INVALID;
}

// A strict JSON syntax check (RFC 8259) of one object, depth-limited; no values are built.
class JsonCheck {
 public:
  static bool IsObject(std::string_view s) {
    JsonCheck c(s);
    c.Ws();
    if (c.i_ >= s.size() || s[c.i_] != '{' || !c.Value()) return false;
    c.Ws();
    return c.i_ == s.size();
  }

 private:
  explicit JsonCheck(std::string_view s) : s_(s) {}
  bool Eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool Digits() {
    std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }
  bool Number() {
    Eat('-');
    if (!Digits()) return false;
    if (Eat('.') && !Digits()) return false;
    if (Eat('e') || Eat('E')) {
      if (!Eat('+')) Eat('-');
      if (!Digits()) return false;
    }
    return true;
  }
  bool String() {
    if (!Eat('"')) return false;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') continue;
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      if (e == 'u') {
        for (int k = 0; k < 4; ++k, ++i_)
          if (i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_]))) return false;
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return false;
      }
    }
    return false;
  }
  bool Literal(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool Aggregate(char close, bool object) {
    if (++depth_ > 64) return false;
    Ws();
    if (Eat(close)) return --depth_, true;
    do {
      Ws();
      if (object) {
        if (!String()) return false;
        Ws();
        if (!Eat(':')) return false;
        Ws();
      }
      if (!Value()) return false;
      Ws();
    } while (Eat(','));
    --depth_;
    return Eat(close);
  }
  bool Value() {
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{':
        return ++i_, Aggregate('}', true);
      case '[':
        return ++i_, Aggregate(']', false);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number();
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

std::size_t CountNodes(const resp::Value& v) {
  std::size_t n = 1;
  if (v.is_aggregate())
    for (resp::Value c : v) n += CountNodes(c);
  return n;
}

// Fills *out from v; an aggregate's children take the next `child_count` slots of the arena.
void Convert(const resp::Value& v, vigil_resp_value* out, std::vector<vigil_resp_value>& arena,
             std::size_t* next) {
  *out = vigil_resp_value{};
  switch (v.type()) {
    case resp::Type::kError:
    case resp::Type::kBlobError:
      out->type = VIGIL_RESP_ERROR;
      break;
    case resp::Type::kInteger:
      out->type = VIGIL_RESP_INTEGER;
      break;
    case resp::Type::kNull:
      out->type = VIGIL_RESP_NULL;
      break;
    case resp::Type::kArray:
      out->type = VIGIL_RESP_ARRAY;
      break;
    case resp::Type::kMap:
      out->type = VIGIL_RESP_MAP;
      break;
    case resp::Type::kSet:
      out->type = VIGIL_RESP_SET;
      break;
    case resp::Type::kPush:
      out->type = VIGIL_RESP_PUSH;
      break;
    case resp::Type::kDouble:
      out->type = VIGIL_RESP_DOUBLE;
      break;
    case resp::Type::kBoolean:
      out->type = VIGIL_RESP_BOOLEAN;
      break;
    default:
      out->type = VIGIL_RESP_STRING;
      break;  // simple, bulk, verbatim, big number
  }
  std::string_view s = v.str();
  out->str = vigil_str{s.data(), s.size()};
  out->integer = v.type() == resp::Type::kBoolean ? (v.boolean() ? 1 : 0) : v.integer();
  out->dbl = v.dbl();
  if (!v.is_aggregate()) return;
  std::size_t base = *next;
  out->count = v.child_count();
  out->elements = out->count ? &arena[base] : nullptr;
  *next += out->count;
  std::size_t i = 0;
  for (resp::Value c : v) Convert(c, &arena[base + i++], arena, next);
}

}  // namespace

// The host functions, with access to SourceRunner's internals.
struct SourceHost {
  static SourceRunner* Runner(void* ctx) {
    auto* r = static_cast<SourceRunner*>(ctx);
    return ctx && g_runners.count(r) ? r : nullptr;
  }
  static vigil_resp_conn* Conn(vigil_resp_conn* c) {
    return c && g_conns.count(c) && !c->closed ? c : nullptr;
  }

  static vigil_status Emit(void* ctx, const vigil_emit* ev, vigil_error* err) {
    SourceRunner* r = Runner(ctx);
    if (!r) return Refuse(err, "emit: not a running source's ctx");
    if (!ev || ev->struct_size < sizeof(vigil_emit))
      return Refuse(err, "emit: NULL event or vigil_emit of the wrong size");
    std::string_view type_name = Sv(ev->type);
    auto type = event::FromName(type_name);
    if (!type)
      return Refuse(err, fmt::format("emit: unknown event type \"{}\" (docs/events.md)",
                                     Utf8Prefix(type_name, 64)));
    std::string data(Sv(ev->data_json));
    if (data.empty()) data = "{}";
    if (data.size() > kMaxDataBytes)
      return Refuse(err, fmt::format("emit: data_json is over {} bytes", kMaxDataBytes));
    if (!JsonCheck::IsObject(data)) return Refuse(err, "emit: data_json is not a JSON object");
    if (ev->instance_port < 0 || ev->instance_port > 65535)
      return Refuse(err, "emit: instance_port out of range");
    std::string message(Utf8Prefix(Sv(ev->message), kMaxMessageBytes));
    if (message.empty()) message = std::string(type_name);
    event::Event e = event::MakeEvent(
        *type,
        {std::string(Sv(ev->instance_name)), std::string(Sv(ev->instance_host)), ev->instance_port},
        std::move(data), std::move(message));
    e.resolved = ev->resolved != 0;
    e.alert_key = std::string(Utf8Prefix(Sv(ev->alert_key), 512));
    ++r->emitted_;
    r->sink_.Publish(std::make_shared<const event::Event>(std::move(e)), nullptr);
    return VIGIL_OK;
  }

  static uint64_t TimerStart(void* ctx, uint64_t delay_ms, vigil_timer_cb cb, void* arg) {
    SourceRunner* r = Runner(ctx);
    if (!r || !cb) return 0;
    auto id = std::make_shared<reactor::TimerQueue::Id>(0);
    *id = r->timers_.schedule(delay_ms, [r, id, cb, arg] {
      r->timer_ids_.erase(*id);
      cb(arg);
    });
    r->timer_ids_.insert(*id);
    return *id;
  }

  static void TimerCancel(void* ctx, uint64_t timer_id) {
    SourceRunner* r = Runner(ctx);
    if (!r || !r->timer_ids_.erase(timer_id)) return;  // not ours, fired or cancelled
    r->timers_.cancel(timer_id);
  }

  static vigil_resp_conn* RespOpen(void* ctx, const vigil_resp_options* o, vigil_resp_callbacks cbs,
                                   void* arg) {
    SourceRunner* r = Runner(ctx);
    if (!r || !o || o->struct_size < sizeof(vigil_resp_options) || Sv(o->host).empty() ||
        o->port <= 0 || o->port > 65535) {
      log::Warn("source: resp_open refused: bad options",
                {{"source", r ? r->name_ : std::string("?")}});
      return nullptr;
    }
    redis::ConnectionOptions opts;
    opts.host = std::string(Sv(o->host));
    opts.port = o->port;
    opts.username = std::string(Sv(o->username));
    opts.password = std::string(Sv(o->password));
    if (o->timeout_ms) opts.request_timeout_ms = opts.connect_timeout_ms = o->timeout_ms;
    auto owned = std::make_unique<vigil_resp_conn>();
    vigil_resp_conn* c = owned.get();
    c->runner = r;
    c->cbs = cbs;
    c->arg = arg;
    c->conn = std::make_unique<redis::Connection>(r->timers_, std::move(opts), *c);
    c->conn->set_push_handler([c](const resp::Value& m) { Push(c, m); });
    r->conns_.emplace(c, std::move(owned));
    g_conns.insert(c);
    c->opening = true;
    c->conn->Connect();
    c->opening = false;
    return c;
  }

  static vigil_status RespCommand(vigil_resp_conn* handle, const vigil_str* argv, size_t argc,
                                  vigil_reply_cb cb, void* arg) {
    vigil_resp_conn* c = Conn(handle);
    if (!c || c->dead || !c->conn->ready() || !argv || argc == 0 || argc > 1024 * 1024)
      return VIGIL_ERR_INVALID;
    std::vector<std::string_view> args;
    args.reserve(argc);
    for (size_t i = 0; i < argc; ++i) args.push_back(Sv(argv[i]));
    c->conn->Send(args, [c, cb, arg](const Status& s, const resp::Value* reply) {
      if (c->closed || !cb) return;
      if (!s.ok() || !reply) {
        cb(arg, nullptr);
        return;
      }
      SourceRunner* r = c->runner;
      cb(arg, Tree(r, *reply));
      r->ReleaseArena();
    });
    return VIGIL_OK;
  }

  static void RespClose(vigil_resp_conn* handle) {
    vigil_resp_conn* c = handle && g_conns.count(handle) ? handle : nullptr;
    if (!c) return;
    g_conns.erase(c);
    c->closed = true;
    c->conn->Close();
    c->runner->Bury(c);
  }

  // A reply tree in the runner's arena; the caller calls ReleaseArena after the callback.
  static const vigil_resp_value* Tree(SourceRunner* r, const resp::Value& v) {
    std::vector<vigil_resp_value>& arena = r->AcquireArena();
    arena.assign(CountNodes(v), vigil_resp_value{});
    std::size_t next = 1;
    Convert(v, &arena[0], arena, &next);
    return &arena[0];
  }

  static void Push(vigil_resp_conn* c, const resp::Value& m) {
    if (c->closed || !c->cbs.on_push) return;
    SourceRunner* r = c->runner;
    c->cbs.on_push(c->arg, c, Tree(r, m));
    r->ReleaseArena();
  }

  static void Closed(vigil_resp_conn* c, std::string reason) {
    c->dead = true;
    if (c->closed || !c->cbs.on_closed) return;
    c->cbs.on_closed(c->arg, c, vigil_str{reason.data(), reason.size()});
  }

  static void OnClosed(vigil_resp_conn* c, std::string reason) {
    if (!c->opening) {
      Closed(c, std::move(reason));
      return;
    }
    // Failed inside resp_open: the plugin does not hold the handle yet; tell it next turn.
    c->dead = true;
    SourceRunner* r = c->runner;
    auto id = std::make_shared<reactor::TimerQueue::Id>(0);
    *id = r->timers_.schedule(0, [r, c, id, reason = std::move(reason)]() mutable {
      r->timer_ids_.erase(*id);
      if (r->conns_.count(c)) Closed(c, std::move(reason));
    });
    r->timer_ids_.insert(*id);
  }
};

}  // namespace vigil::plugin

void vigil_resp_conn::OnReady(vigil::redis::Connection&) {
  if (!closed && cbs.on_ready) cbs.on_ready(arg, this);
}

void vigil_resp_conn::OnClosed(vigil::redis::Connection&, vigil::redis::CloseReason reason,
                               const std::string& detail) {
  vigil::plugin::SourceHost::OnClosed(
      this, std::string(vigil::redis::CloseReasonName(reason)) + ": " + detail);
}

namespace vigil::plugin {

SourceRunner::SourceRunner(reactor::TimerQueue& timers, event::EventSink& sink,
                           const vigil_source_vtable* vt, std::string name,
                           std::string options_json)
    : timers_(timers),
      sink_(sink),
      vt_(vt),
      name_(std::move(name)),
      options_json_(std::move(options_json)) {}

SourceRunner::~SourceRunner() {
  Stop();
  ReleaseAll();
}

Status SourceRunner::Start() {
  if (running_) return Status::Ok();
  if (!vt_ || !vt_->create) return Status::Invalid(fmt::format("sources[{}]: no plugin", name_));
  g_runners.insert(this);
  running_ = true;
  vigil_error err;
  void* state = nullptr;
  vigil_status rc =
      vt_->create(this, vigil_str{name_.data(), name_.size()},
                  vigil_str{options_json_.data(), options_json_.size()}, &state, &err);
  if (rc != VIGIL_OK) {
    running_ = false;
    g_runners.erase(this);
    ReleaseAll();
    std::string why = err.message.empty() ? fmt::format("the {} source refused to start", vt_->name)
                                          : err.message;
    return Status::Invalid(fmt::format("sources[{}]: {}", name_, why));
  }
  state_ = state;
  return Status::Ok();
}

void SourceRunner::Stop() {
  if (!running_) return;
  if (vt_->destroy) vt_->destroy(state_);  // may still close its connections and timers
  state_ = nullptr;
  running_ = false;
  g_runners.erase(this);
  ReleaseAll();
}

void SourceRunner::ReleaseAll() {
  for (auto& [c, owned] : conns_) {
    g_conns.erase(c);
    c->closed = true;
    c->conn->Close();
  }
  conns_.clear();
  graveyard_.clear();
  if (graveyard_timer_) timers_.cancel(graveyard_timer_);
  graveyard_timer_ = 0;
  for (reactor::TimerQueue::Id id : timer_ids_) timers_.cancel(id);
  timer_ids_.clear();
}

void SourceRunner::Bury(vigil_resp_conn* c) {
  auto it = conns_.find(c);
  if (it == conns_.end()) return;
  graveyard_.push_back(std::move(it->second));
  conns_.erase(it);
  if (graveyard_timer_) return;
  graveyard_timer_ = timers_.schedule(0, [this] {
    graveyard_timer_ = 0;
    graveyard_.clear();
  });
}

std::vector<vigil_resp_value>& SourceRunner::AcquireArena() {
  if (arenas_.size() <= arena_depth_) arenas_.emplace_back();
  return arenas_[arena_depth_++];
}

void FillSourceFunctions(vigil_host_api* api) {
  api->emit = SourceHost::Emit;
  api->timer_start = SourceHost::TimerStart;
  api->timer_cancel = SourceHost::TimerCancel;
  api->resp_open = SourceHost::RespOpen;
  api->resp_command = SourceHost::RespCommand;
  api->resp_close = SourceHost::RespClose;
}

}  // namespace vigil::plugin
