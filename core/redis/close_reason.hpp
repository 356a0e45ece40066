// Why a RESP connection ended (or never became ready): the reason an instance.down event names.
#pragma once

#include <string_view>

namespace vigil::redis {

enum class CloseReason {
  kRefused,     // nothing listens (ECONNREFUSED) or the host is unreachable
  kReset,       // the peer reset the connection
  kClosed,      // the peer closed the connection (EOF)
  kTimeout,     // connect, handshake or a request did not finish in time
  kAuthFailed,  // AUTH / HELLO AUTH was refused
  kProtocol,    // bytes that are not RESP, or a reply over the size cap
  kDns,         // the host name did not resolve
  kIo,          // any other socket error
  kByUser,      // Close() was called
};

constexpr std::string_view CloseReasonName(CloseReason r) {
  switch (r) {
    case CloseReason::kRefused:
      return "refused";
    case CloseReason::kReset:
      return "reset";
    case CloseReason::kClosed:
      return "closed";
    case CloseReason::kTimeout:
      return "timeout";
    case CloseReason::kAuthFailed:
      return "auth_failed";
    case CloseReason::kProtocol:
      return "protocol_error";
    case CloseReason::kDns:
      return "dns";
    case CloseReason::kIo:
      return "io_error";
    case CloseReason::kByUser:
      return "closed_by_vigil";
  }
  return "unknown";
}

}  // namespace vigil::redis
