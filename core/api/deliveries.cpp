// Delivery history routes: a webhook's deliveries (paged, by status), one delivery, retrying one
// or every dead letter of a webhook, and the retry queue's stats. All through the Dispatcher.
#include "core/api/handlers.hpp"
#include "core/api/resource_json.hpp"
#include "core/util/json_writer.hpp"

namespace vigil::api {

void ListDeliveries(Call& c) {
  if (!c.control.GetWebhook(c.param(0))) return c.Error(404, "webhook not found: " + c.param(0));
  std::size_t limit = 0, offset = 0;
  if (!QueryCount(c, "limit", 50, 1000, limit) || !QueryCount(c, "offset", 0, 100000000, offset))
    return;
  std::optional<deliver::DeliveryStatus> status;
  if (const std::string* s = c.req.query_param("status")) {
    deliver::DeliveryStatus st;
    if (!deliver::ParseDeliveryStatus(*s, &st))
      return c.Error(400, "status: must be one of pending, retrying, success, failed, dead_letter",
                     "status");
    status = st;
  }
  c.control.dispatcher().List(c.param(0), limit, offset, status,
                              [out = c.out](Result<std::vector<deliver::Delivery>> r) {
                                if (!r.ok()) return SendStatus(*out, r.status());
                                std::string body = "[";
                                for (std::size_t i = 0; i < r->size(); ++i)
                                  body += (i ? "," : "") + DeliveryToJson((*r)[i]);
                                out->Json(200, body + "]");
                              });
}

void GetDelivery(Call& c) {
  c.control.dispatcher().Get(c.param(0), [out = c.out](Result<deliver::Delivery> r) {
    if (!r.ok()) return SendStatus(*out, r.status());
    out->Json(200, DeliveryToJson(*r));
  });
}

void RetryDelivery(Call& c) {
  c.control.dispatcher().Retry(c.param(0), [out = c.out](Result<deliver::Delivery> r) {
    if (!r.ok()) return SendStatus(*out, r.status());
    out->Json(200, DeliveryToJson(*r));
  });
}

void RetryDeadLetters(Call& c) {
  if (!c.control.GetWebhook(c.param(0))) return c.Error(404, "webhook not found: " + c.param(0));
  c.control.dispatcher().RetryDeadLetters(c.param(0), [out = c.out](Result<std::size_t> r) {
    if (!r.ok()) return SendStatus(*out, r.status());
    std::string body;
    JsonWriter(body).begin_object().field("retried", static_cast<std::uint64_t>(*r)).end_object();
    out->Json(200, std::move(body));
  });
}

void RetryQueueStats(Call& c) {
  auto s = c.control.dispatcher().RetryQueueStats();
  std::string body;
  JsonWriter j(body);
  j.begin_object().field("pending", static_cast<std::uint64_t>(s.pending));
  j.field("inFlight", static_cast<std::uint64_t>(s.in_flight)).key("nextRetryAt");
  if (s.next_due_ms > 0)
    j.value(s.next_due_ms);
  else
    j.null();
  j.end_object();
  c.Json(200, std::move(body));
}

}  // namespace vigil::api
