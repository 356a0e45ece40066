// Process helpers: posix_spawn, redis-server lifecycle, vigil lifecycle.
#include "tests/support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/wait.hpp"

extern char** environ;

namespace vigil::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "vigil-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path,
            const std::string& cwd) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  posix_spawn_file_actions_addopen(&fa, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot spawn " + argv[0]);
  return pid;
}

int KillAndWait(pid_t pid, int sig) {
  if (pid <= 0) return -1;
  ::kill(pid, sig);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string RunCapture(const std::vector<std::string>& argv, int* exit_status) {
  TempDir d;
  std::string out = d.file("out");
  pid_t pid = Spawn(argv, out);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (exit_status) *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream f(out);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

RedisServer::RedisServer(std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)), port_(FreeTcpPort()) {
  Start();
}

RedisServer::~RedisServer() {
  Kill();
}

void RedisServer::Start() {
  std::vector<std::string> argv = {
      VIGIL_REDIS_SERVER, "--port", std::to_string(port_), "--bind", "127.0.0.1",
      "--save",           "",       "--appendonly",        "no",     "--dir",
      dir_.path()};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  pid_ = Spawn(argv, dir_.file("redis.log"));
  bool up = WaitFor(
      [&] {
        std::string r = Cli({"PING"});
        return r == "PONG" || r.find("NOAUTH") != std::string::npos;
      },
      std::chrono::seconds(10));
  if (!up) {
    Kill();  // a constructor that throws runs no destructor: do not leak the process
    throw std::runtime_error("redis-server did not start on port " + std::to_string(port_));
  }
}

void RedisServer::Kill() {
  if (pid_ > 0) KillAndWait(pid_, SIGKILL);
  pid_ = -1;
}

std::string RedisServer::Cli(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"/usr/bin/redis-cli", "-p", std::to_string(port_)};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string out = RunCapture(argv);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

long long RedisServer::InfoInt(const std::string& field) const {
  std::string info = Cli({"INFO"});
  auto pos = info.find("\n" + field + ":");
  if (pos == std::string::npos) throw std::runtime_error("no INFO field " + field);
  return std::atoll(info.c_str() + pos + field.size() + 2);
}

VigilProcess::VigilProcess(const std::string& config_json, std::vector<std::string> extra_args)
    : config_(dir_.file("vigil.json")),
      log_(dir_.file("vigil.log")),
      extra_args_(std::move(extra_args)) {
  // Tests run in parallel: unless the test chose an API address, give vigil a free port rather
  // than the default 127.0.0.1:8080.
  std::string json = config_json;
  std::size_t brace = json.find('{');
  if (json.find("\"listen\"") == std::string::npos && brace != std::string::npos)
    json.insert(brace + 1, "\"listen\":\"127.0.0.1:" + std::to_string(FreeTcpPort()) + "\",");
  std::ofstream(config_) << json;
  Start();
}

VigilProcess::~VigilProcess() {
  Kill();
}

void VigilProcess::Start() {
  std::vector<std::string> argv = {VIGIL_BINARY, "--config", config_, "--log-format", "json"};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  pid_ = Spawn(argv, log_, dir_.path());
}

std::string VigilProcess::Log() const {
  std::ifstream f(log_);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool VigilProcess::WaitForLog(const std::string& needle, std::chrono::milliseconds timeout) const {
  return WaitFor([&] { return Log().find(needle) != std::string::npos; }, timeout);
}

int VigilProcess::Stop() {
  int rc = KillAndWait(pid_, SIGTERM);
  pid_ = -1;
  return rc;
}

void VigilProcess::Kill() {
  if (pid_ > 0) KillAndWait(pid_, SIGKILL);
  pid_ = -1;
}

}  // namespace vigil::testing
