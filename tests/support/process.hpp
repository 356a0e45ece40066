// Real processes for integration tests: a redis-server on a free loopback port, and the vigil
// binary run with a generated config file. Both are killed when the object goes away.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vigil::testing {

// A temporary directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs argv (argv[0] is a path) with stdout+stderr appended to log_path, in directory `cwd`
// when given; returns the pid.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path,
            const std::string& cwd = "");
// Sends sig and reaps; returns the exit status (or 128+signal).
int KillAndWait(pid_t pid, int sig);
// Runs a command to completion, returns its stdout.
std::string RunCapture(const std::vector<std::string>& argv, int* exit_status = nullptr);

class RedisServer {
 public:
  // Starts redis-server on a free port (no persistence) and waits until it answers PING.
  explicit RedisServer(std::vector<std::string> extra_args = {});
  ~RedisServer();

  int port() const { return port_; }
  // redis-cli against this server; returns its output without the trailing newline.
  std::string Cli(const std::vector<std::string>& args) const;
  // An INFO field as an integer (e.g. "used_memory").
  long long InfoInt(const std::string& field) const;
  void Kill();   // SIGKILL, as a crash would
  void Start();  // (re)start on the same port
  bool running() const { return pid_ > 0; }

 private:
  std::vector<std::string> extra_args_;
  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

class VigilProcess {
 public:
  // Writes config_json to a file and starts `vigil --config FILE --log-format json` in a fresh
  // directory of its own, so a relative dataDir (the default ./vigil-data) is private to it.
  // Without a "listen" key the API gets a free loopback port (tests run in parallel).
  explicit VigilProcess(const std::string& config_json, std::vector<std::string> extra_args = {});
  ~VigilProcess();

  const std::string& log_path() const { return log_; }
  std::string Log() const;  // everything written so far
  const std::string& dir() const { return dir_.path(); }
  // Waits until the log contains `needle`.
  bool WaitForLog(const std::string& needle,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  int Stop();    // SIGTERM and wait; returns the exit status
  void Kill();   // SIGKILL
  void Start();  // (re)start with the same config

 private:
  TempDir dir_;
  std::string config_, log_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
};

}  // namespace vigil::testing
