// A blocking loopback HTTP/1.1 client for the API tests (unit and end-to-end): raw requests
// in, parsed responses out (core/http's ResponseParser), 5 s socket timeouts so nothing hangs.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>

#include "core/http/headers.hpp"
#include "core/http/response_parser.hpp"

namespace vigil::testing {

struct ApiReply {
  int status = 0;  // 0: no complete response
  http::Headers headers;
  std::string body;
  const std::string* header(std::string_view n) const { return http::FindHeader(headers, n); }
};

class BlockingClient {
 public:
  explicit BlockingClient(int port, int timeout_s = 5) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{timeout_s, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~BlockingClient() { ::close(fd_); }
  BlockingClient(const BlockingClient&) = delete;
  BlockingClient& operator=(const BlockingClient&) = delete;
  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  ApiReply Read(bool head = false) {
    http::ResponseParser p(http::ParserLimits{100, 64 * 1024, 64 * 1024 * 1024});
    p.Reset(head);
    for (;;) {
      std::size_t used = 0;
      if (!buf_.empty()) {
        p.Feed(buf_.data(), buf_.size(), &used);
        buf_.erase(0, used);
      }
      if (p.state() == http::ResponseParser::State::kComplete)
        return ApiReply{p.status_code(), p.TakeHeaders(), p.TakeBody()};
      if (p.state() == http::ResponseParser::State::kError || !Fill()) return {};
    }
  }
  // One request and its response on this connection.
  ApiReply Call(std::string_view method, std::string_view target, std::string_view body = {},
                std::string_view extra_headers = {}, bool json = true) {
    if (!Send(Request(method, target, body, extra_headers, json))) return {};
    return Read(method == "HEAD");
  }
  static std::string Request(std::string_view method, std::string_view target,
                             std::string_view body = {}, std::string_view extra_headers = {},
                             bool json = true) {
    std::string r = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n";
    r += extra_headers;
    if (!body.empty() || method == "POST" || method == "PUT") {
      if (json) r += "Content-Type: application/json\r\n";
      r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    r += "\r\n";
    r += body;
    return r;
  }

 private:
  bool Fill() {
    char tmp[64 * 1024];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

}  // namespace vigil::testing
