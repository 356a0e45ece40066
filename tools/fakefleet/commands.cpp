// Execute: command dispatch and replies. Replies mirror a redis 7.0.15 capture (RESP2 and RESP3).
#include "tools/fakefleet/commands.hpp"

#include "tools/fakefleet/reply.hpp"

namespace fakefleet {
namespace {

bool Is(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (x != b[i]) return false;
  }
  return true;
}

Cmd Classify(std::string_view c) {
  static constexpr std::pair<std::string_view, Cmd> kTable[] = {
      {"HELLO", Cmd::kHello},   {"AUTH", Cmd::kAuth},       {"PING", Cmd::kPing},
      {"INFO", Cmd::kInfo},     {"SLOWLOG", Cmd::kSlowlog}, {"LATENCY", Cmd::kLatency},
      {"ACL", Cmd::kAcl},       {"CONFIG", Cmd::kConfig},   {"COMMAND", Cmd::kCommand},
      {"CLIENT", Cmd::kClient}, {"QUIT", Cmd::kQuit},       {"SELECT", Cmd::kSelect}};
  for (const auto& [name, cmd] : kTable)
    if (Is(c, name)) return cmd;
  return Cmd::kOther;
}

void UnknownCommand(const std::vector<std::string_view>& args, std::string* out) {
  std::string msg = "ERR unknown command '" + std::string(args[0].substr(0, 128)) +
                    "', with args beginning with: ";
  for (std::size_t i = 1; i < args.size() && i < 4; ++i)
    msg += "'" + std::string(args[i].substr(0, 128)) + "' ";
  for (char& c : msg)
    if (c == '\r' || c == '\n') c = ' ';
  reply::Error(out, msg);
}

void WrongArgs(std::string_view cmd, std::string* out) {
  reply::Error(out, "ERR wrong number of arguments for '" + std::string(cmd) + "' command");
}

std::string ClientInfo(const Instance& inst, const Session& s) {
  return "id=" + std::to_string(s.id) + " addr=127.0.0.1:40000 laddr=" + inst.host + ":" +
         std::to_string(inst.port) + " fd=8 name=" + s.name +
         " age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 "
         "argv-mem=10 multi-mem=0 rbs=1024 rbp=437 obl=0 oll=0 omem=0 tot-mem=22298 events=r "
         "cmd=client|info user=default redir=-1 resp=" +
         std::to_string(s.proto) + "\n";
}

// Checks AUTH credentials; counts a failure like redis' acl_access_denied_auth does.
bool CheckAuth(const ServerEnv& env, Instance& inst, std::string_view user, std::string_view pass,
               std::uint64_t now_ms) {
  if (!env.password.empty() && (user == "default" || user.empty()) && pass == env.password)
    return true;
  Metric m = Metric::kAclAccessDeniedAuth;
  inst.metrics.Set(m, inst.metrics.Get(m, now_ms) + 1);
  return false;
}

void Hello(const ServerEnv& env, Instance& inst, Session& s,
           const std::vector<std::string_view>& args, std::uint64_t now_ms, std::string* out) {
  int proto = s.proto;
  if (args.size() >= 2) {
    if (args[1] == "2")
      proto = 2;
    else if (args[1] == "3")
      proto = 3;
    else
      return reply::Error(out, "NOPROTO unsupported protocol version");
  }
  std::string_view name;
  bool has_name = false;
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (Is(args[i], "AUTH") && i + 2 < args.size()) {
      // Without a password the default user is "nopass": any AUTH succeeds, as in redis.
      if (!env.password.empty() && !CheckAuth(env, inst, args[i + 1], args[i + 2], now_ms)) {
        return reply::Error(out, "WRONGPASS invalid username-password pair or user is disabled.");
      }
      s.authed = true;
      i += 2;
    } else if (Is(args[i], "SETNAME") && i + 1 < args.size()) {
      name = args[++i];
      has_name = true;
    } else {
      return reply::Error(
          out, "ERR Syntax error in HELLO option '" + std::string(args[i].substr(0, 64)) + "'");
    }
  }
  if (!env.password.empty() && !s.authed)
    return reply::Error(out,
                        "NOAUTH HELLO must be called with the client already authenticated, "
                        "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to "
                        "authenticate the client and select the RESP protocol version at the same "
                        "time");
  s.proto = proto;
  if (has_name) s.name = std::string(name);
  reply::Map(out, 7, proto);
  reply::Bulk(out, "server");
  reply::Bulk(out, "redis");
  reply::Bulk(out, "version");
  reply::Bulk(out, "7.0.15");
  reply::Bulk(out, "proto");
  reply::Int(out, proto);
  reply::Bulk(out, "id");
  reply::Int(out, static_cast<std::int64_t>(s.id));
  reply::Bulk(out, "mode");
  reply::Bulk(out, "standalone");
  reply::Bulk(out, "role");
  reply::Bulk(out, "master");
  reply::Bulk(out, "modules");
  reply::Array(out, 0);
}

void Info(const ServerEnv& env, Instance& inst, Session& s,
          const std::vector<std::string_view>& args, std::uint64_t now_ms, std::int64_t now_us,
          std::string* out) {
  if (s.last_info_ms) env.stats->RecordInterval(now_ms - s.last_info_ms);
  s.last_info_ms = now_ms;
  MetricSet& m = inst.metrics;
  InfoValues v;
  v.port = inst.port;
  v.process_id = env.process_id;
  v.run_id = inst.run_id;
  v.uptime_s = static_cast<std::int64_t>((now_ms - inst.started_ms) / 1000);
  v.now_us = now_us;
  std::int64_t cc = m.Get(Metric::kConnectedClients, now_ms);
  v.connected_clients = cc >= 0 ? cc : inst.live_conns;
  v.maxclients = m.Get(Metric::kMaxclients, now_ms);
  v.blocked_clients = m.Get(Metric::kBlockedClients, now_ms);
  v.used_memory = m.Get(Metric::kUsedMemory, now_ms);
  v.used_memory_peak = v.used_memory;
  v.used_memory_rss = m.Get(Metric::kUsedMemoryRss, now_ms);
  v.maxmemory = m.Get(Metric::kMaxmemory, now_ms);
  std::int64_t tc = m.Get(Metric::kTotalConnectionsReceived, now_ms);
  v.total_connections_received = tc >= 0 ? tc : inst.accepted;
  v.total_commands_processed = inst.commands;
  v.instantaneous_ops_per_sec = m.Get(Metric::kInstantaneousOpsPerSec, now_ms);
  v.rejected_connections = m.Get(Metric::kRejectedConnections, now_ms);
  v.acl_access_denied_auth = m.Get(Metric::kAclAccessDeniedAuth, now_ms);
  v.acl_stats = env.acl_stats;
  thread_local std::string text;
  text.clear();
  std::vector<std::string_view> sections(args.begin() + 1, args.end());
  env.info->Render(sections, v, &text);
  reply::Verbatim(out, text, s.proto);
}

void AclLog(Instance& inst, Session& s, std::uint64_t now_ms, std::string* out) {
  std::int64_t denied = inst.metrics.Get(Metric::kAclAccessDeniedAuth, now_ms);
  if (denied <= 0) return reply::Array(out, 0);
  reply::Array(out, 1);
  reply::Map(out, 7, s.proto);
  reply::Bulk(out, "count");
  reply::Int(out, denied);
  reply::Bulk(out, "reason");
  reply::Bulk(out, "auth");
  reply::Bulk(out, "context");
  reply::Bulk(out, "toplevel");
  reply::Bulk(out, "object");
  reply::Bulk(out, "AUTH");
  reply::Bulk(out, "username");
  reply::Bulk(out, "intruder");
  reply::Bulk(out, "age-seconds");
  reply::Double(out, 0.5, s.proto);
  reply::Bulk(out, "client-info");
  reply::Bulk(out, "id=3 addr=127.0.0.1:47454 laddr=" + inst.host + ":" +
                       std::to_string(inst.port) +
                       " fd=8 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=37 "
                       "qbuf-free=20437 argv-mem=15 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 "
                       "omem=0 tot-mem=37671 events=r cmd=auth user=default redir=-1 resp=2");
}

void ConfigGet(Instance& inst, Session& s, const std::vector<std::string_view>& args,
               std::uint64_t now_ms, std::string* out) {
  std::vector<std::pair<std::string, std::string>> all = {
      {"maxmemory", std::to_string(inst.metrics.Get(Metric::kMaxmemory, now_ms))},
      {"maxclients", std::to_string(inst.metrics.Get(Metric::kMaxclients, now_ms))},
      {"maxmemory-policy", "noeviction"},
      {"save", ""},
      {"appendonly", "no"},
      {"timeout", "0"},
      {"port", std::to_string(inst.port)},
  };
  std::vector<const std::pair<std::string, std::string>*> hits;
  for (const auto& kv : all)
    for (std::size_t i = 2; i < args.size(); ++i)
      if (args[i] == "*" || args[i] == kv.first) {
        hits.push_back(&kv);
        break;
      }
  reply::Map(out, hits.size(), s.proto);
  for (const auto* kv : hits) {
    reply::Bulk(out, kv->first);
    reply::Bulk(out, kv->second);
  }
}

}  // namespace

void Execute(const ServerEnv& env, Instance& inst, Session& s,
             const std::vector<std::string_view>& args, std::uint64_t now_ms, std::int64_t now_us,
             std::string* out) {
  if (args.empty()) return;
  Cmd cmd = Classify(args[0]);
  env.stats->Count(cmd);
  ++inst.commands;
  std::string_view sub = args.size() > 1 ? args[1] : std::string_view();
  if (!env.password.empty() && !s.authed && cmd != Cmd::kHello && cmd != Cmd::kAuth &&
      cmd != Cmd::kQuit)
    return reply::Error(out, "NOAUTH Authentication required.");
  switch (cmd) {
    case Cmd::kHello:
      return Hello(env, inst, s, args, now_ms, out);
    case Cmd::kAuth: {
      if (args.size() < 2 || args.size() > 3) return WrongArgs("auth", out);
      if (env.password.empty())
        return reply::Error(out,
                            "ERR AUTH <password> called without any password configured for the "
                            "default user. Are you sure your configuration is correct?");
      std::string_view user = args.size() == 3 ? args[1] : std::string_view("default");
      if (!CheckAuth(env, inst, user, args.back(), now_ms))
        return reply::Error(out, "WRONGPASS invalid username-password pair or user is disabled.");
      s.authed = true;
      return reply::Simple(out, "OK");
    }
    case Cmd::kPing:
      if (args.size() > 1) return reply::Bulk(out, args[1]);
      return reply::Simple(out, "PONG");
    case Cmd::kInfo:
      return Info(env, inst, s, args, now_ms, now_us, out);
    case Cmd::kSlowlog:
      if (Is(sub, "GET")) return reply::Array(out, 0);
      if (Is(sub, "LEN")) return reply::Int(out, 0);
      if (Is(sub, "RESET")) return reply::Simple(out, "OK");
      break;
    case Cmd::kLatency:
      if (Is(sub, "LATEST")) return reply::Array(out, 0);
      break;
    case Cmd::kAcl:
      if (Is(sub, "LOG")) {
        if (args.size() > 2 && Is(args[2], "RESET")) {
          inst.metrics.Set(Metric::kAclAccessDeniedAuth, 0);
          return reply::Simple(out, "OK");
        }
        return AclLog(inst, s, now_ms, out);
      }
      break;
    case Cmd::kConfig:
      if (Is(sub, "GET")) {
        if (args.size() < 3) return WrongArgs("config|get", out);
        return ConfigGet(inst, s, args, now_ms, out);
      }
      break;
    case Cmd::kCommand:
      if (Is(sub, "DOCS")) return reply::Map(out, 0, s.proto);
      if (Is(sub, "COUNT")) return reply::Int(out, 0);
      break;
    case Cmd::kClient:
      if (Is(sub, "SETNAME") && args.size() == 3) {
        s.name = std::string(args[2]);
        return reply::Simple(out, "OK");
      }
      if (Is(sub, "GETNAME")) return reply::Bulk(out, s.name);
      if (Is(sub, "INFO")) return reply::Verbatim(out, ClientInfo(inst, s), s.proto);
      if (Is(sub, "ID")) return reply::Int(out, static_cast<std::int64_t>(s.id));
      break;
    case Cmd::kQuit:
      s.close_after_reply = true;
      return reply::Simple(out, "OK");
    case Cmd::kSelect:
      if (sub == "0") return reply::Simple(out, "OK");
      return reply::Error(out, "ERR DB index is out of range");
    case Cmd::kOther:
    case Cmd::kCount:
      break;
  }
  if (cmd != Cmd::kOther && args.size() > 1) {
    std::string msg = "ERR unknown subcommand '" + std::string(sub.substr(0, 64)) + "'. Try " +
                      std::string(args[0].substr(0, 16)) + " HELP.";
    for (char& c : msg)
      if (c == '\r' || c == '\n') c = ' ';
    return reply::Error(out, msg);
  }
  UnknownCommand(args, out);
}

}  // namespace fakefleet
