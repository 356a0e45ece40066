// A delivery: one event sent to one webhook, with every attempt it took. Its id is the
// X-Webhook-Delivery-Id header and never changes across retries (or restarts, once durable).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event/catalog.hpp"

namespace vigil::deliver {

enum class DeliveryStatus { kPending, kRetrying, kSuccess, kFailed, kDeadLetter };
std::string_view DeliveryStatusName(DeliveryStatus s);
bool ParseDeliveryStatus(std::string_view s, DeliveryStatus* out);

struct Attempt {
  std::int64_t started_at_ms = 0;
  std::int64_t duration_ms = 0;
  int status_code = 0;  // 0 when no response arrived
  std::string error;    // transport error, empty when a response arrived
};

struct Delivery {
  std::string id;
  std::string webhook_id;
  std::string event_id;
  event::Type event = event::Type::kTest;
  std::string instance;           // instance name, for logs and filtering
  std::int64_t timestamp_ms = 0;  // the event's timestamp: signed as X-Webhook-Timestamp
  // The request the webhook's sink rendered, sent identically on every attempt (the host adds
  // signature and id headers at send time). Empty method/url: a record from before sinks, which
  // the generic sink had rendered into `payload` alone.
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> request_headers;
  std::string payload;  // the exact body, identical on every attempt
  DeliveryStatus status = DeliveryStatus::kPending;
  std::vector<Attempt> attempts;
  int last_status_code = 0;
  std::string response_body;  // first bytes of the last response
  std::string last_error;
  std::int64_t duration_ms = 0;  // of the last attempt
  std::int64_t created_at_ms = 0;
  std::int64_t completed_at_ms = 0;   // 0 while not final
  std::int64_t next_retry_at_ms = 0;  // 0 when no retry is scheduled
  bool test = false;                  // X-Webhook-Test: true

  bool final() const {
    return status == DeliveryStatus::kSuccess || status == DeliveryStatus::kFailed ||
           status == DeliveryStatus::kDeadLetter;
  }
};

}  // namespace vigil::deliver
