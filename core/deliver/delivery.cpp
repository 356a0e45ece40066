// Delivery status names as they appear in logs, history and the API.
#include "core/deliver/delivery.hpp"

namespace vigil::deliver {

std::string_view DeliveryStatusName(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kPending:
      return "pending";
    case DeliveryStatus::kRetrying:
      return "retrying";
    case DeliveryStatus::kSuccess:
      return "success";
    case DeliveryStatus::kFailed:
      return "failed";
    case DeliveryStatus::kDeadLetter:
      return "dead_letter";
  }
  return "pending";
}

bool ParseDeliveryStatus(std::string_view s, DeliveryStatus* out) {
  for (DeliveryStatus d :
       {DeliveryStatus::kPending, DeliveryStatus::kRetrying, DeliveryStatus::kSuccess,
        DeliveryStatus::kFailed, DeliveryStatus::kDeadLetter}) {
    if (DeliveryStatusName(d) == s) {
      *out = d;
      return true;
    }
  }
  return false;
}

}  // namespace vigil::deliver
