// Names, retry classification and Status mapping of ErrorKind.
#include "core/http/error.hpp"

#include <string>

namespace vigil::http {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNone:
      return "ok";
    case ErrorKind::kInvalidRequest:
      return "invalid_request";
    case ErrorKind::kDns:
      return "dns";
    case ErrorKind::kRefused:
      return "refused";
    case ErrorKind::kConnectTimeout:
      return "connect_timeout";
    case ErrorKind::kResponseTimeout:
      return "response_timeout";
    case ErrorKind::kReset:
      return "reset";
    case ErrorKind::kPeerClosed:
      return "closed";
    case ErrorKind::kTls:
      return "tls";
    case ErrorKind::kProtocol:
      return "protocol";
    case ErrorKind::kTooLarge:
      return "too_large";
    case ErrorKind::kClientClosed:
      return "client_closed";
    case ErrorKind::kOverloaded:
      return "overloaded";
    case ErrorKind::kIo:
      return "io";
  }
  return "unknown";
}

bool IsRetryable(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kDns:
    case ErrorKind::kRefused:
    case ErrorKind::kConnectTimeout:
    case ErrorKind::kResponseTimeout:
    case ErrorKind::kReset:
    case ErrorKind::kPeerClosed:
    case ErrorKind::kIo:
    case ErrorKind::kOverloaded:
      return true;
    default:
      return false;
  }
}

bool IsRetryableHttpStatus(int code) {
  if (code == 408 || code == 425 || code == 429) return true;
  return code >= 500 && code <= 599 && code != 501 && code != 505;
}

Status MakeStatus(ErrorKind kind, std::string_view detail) {
  std::string msg = std::string(ErrorKindName(kind)) + ": " + std::string(detail);
  switch (kind) {
    case ErrorKind::kNone:
      return Status::Ok();
    case ErrorKind::kInvalidRequest:
      return Status::Invalid(std::move(msg));
    case ErrorKind::kConnectTimeout:
    case ErrorKind::kResponseTimeout:
      return Status::Timeout(std::move(msg));
    case ErrorKind::kDns:
    case ErrorKind::kRefused:
    case ErrorKind::kClientClosed:
    case ErrorKind::kOverloaded:
      return Status::Unavailable(std::move(msg));
    case ErrorKind::kTls:
    case ErrorKind::kProtocol:
    case ErrorKind::kTooLarge:
      return Status::Protocol(std::move(msg));
    default:
      return Status::Io(std::move(msg));
  }
}

}  // namespace vigil::http
