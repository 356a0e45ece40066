// A real HTTP/1.1 webhook receiver for tests: listens on 127.0.0.1 (ephemeral port) on its own
// libuv loop and thread, records every request and answers through a handler. Independent of
// core/http so the client is tested against another implementation. Optional TLS (mbedTLS).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace vigil::testing {

struct RecordedRequest {
  std::string method;
  std::string path;  // request target, query included
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::steady_clock::time_point received;
  std::uint64_t connection_id = 0;        // 1, 2, ... in accept order
  std::uint64_t index_on_connection = 0;  // 0 for the first request of a connection
  // First header of that name, any case; nullptr if absent.
  const std::string* header(std::string_view name) const;
};

struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body = "ok";
  std::uint64_t delay_ms = 0;  // answer later (on a timer); later pipelined answers wait
  bool never_answer = false;   // hold the connection open and never respond
  bool reset = false;          // close at once with a TCP RST, no answer
  bool drop = false;           // close at once with a FIN, no answer
  bool close_after = false;    // close (FIN) right after writing the answer, no header saying so
};

struct ReceiverOptions {
  // Called on the server thread for each request; default: 200 "ok".
  std::function<Reply(const RecordedRequest&)> handler;
  // TLS when both are set: PEM server certificate (chain) and private key.
  std::string cert_file;
  std::string key_file;
};

class HttpReceiver {
 public:
  using Handler = std::function<Reply(const RecordedRequest&)>;

  // Starts listening and the server thread; throws std::runtime_error on failure.
  explicit HttpReceiver(ReceiverOptions options = {});
  explicit HttpReceiver(Handler handler);
  ~HttpReceiver();  // Stop()
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  int port() const { return port_; }
  bool tls() const;
  // "http://127.0.0.1:<port><path>" (https with TLS; host overrides 127.0.0.1).
  std::string url(std::string_view path = "/", std::string_view host = "127.0.0.1") const;

  // Thread-safe.
  void set_handler(Handler handler);
  std::vector<RecordedRequest> requests() const;
  std::size_t count() const;
  bool WaitForCount(std::size_t n,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  std::uint64_t connections_accepted() const;
  std::size_t open_connections() const;
  // Closes every open connection (FIN), as a server's idle timeout would; returns once done.
  void CloseAllConnections();
  // Stops the loop and joins the thread; idempotent.
  void Stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace vigil::testing
