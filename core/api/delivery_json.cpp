// DeliveryToJson: a delivery and its attempts; the payload inlined as JSON when it parses.
#include <simdjson.h>

#include "core/api/resource_json.hpp"
#include "core/util/json_writer.hpp"

namespace vigil::api {
namespace {

bool IsJson(const std::string& text) {
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::element e;
  return !text.empty() && parser.parse(text).get(e) == simdjson::SUCCESS;
}

void MsOrNull(JsonWriter& j, std::string_view key, std::int64_t ms) {
  j.key(key);
  if (ms > 0)
    j.value(ms);
  else
    j.null();
}

}  // namespace

std::string DeliveryToJson(const deliver::Delivery& d) {
  std::string out;
  JsonWriter j(out);
  j.begin_object();
  j.field("id", d.id).field("webhookId", d.webhook_id).field("eventId", d.event_id);
  j.field("event", event::Name(d.event)).field("instance", d.instance);
  j.key("payload");
  if (IsJson(d.payload))
    j.raw(d.payload);
  else
    j.value(d.payload);
  j.field("status", deliver::DeliveryStatusName(d.status));
  j.key("attempts").begin_array();
  for (const auto& a : d.attempts) {
    j.begin_object().field("startedAt", a.started_at_ms).field("durationMs", a.duration_ms);
    j.key("statusCode");
    if (a.status_code > 0)
      j.value(a.status_code);
    else
      j.null();
    j.key("error");
    if (a.error.empty())
      j.null();
    else
      j.value(a.error);
    j.end_object();
  }
  j.end_array();
  j.key("statusCode");
  if (d.last_status_code > 0)
    j.value(d.last_status_code);
  else
    j.null();
  j.field("responseBody", d.response_body);
  j.key("error");
  if (d.last_error.empty())
    j.null();
  else
    j.value(d.last_error);
  j.field("durationMs", d.duration_ms);
  j.field("test", d.test);
  j.field("createdAt", d.created_at_ms);
  MsOrNull(j, "completedAt", d.completed_at_ms);
  MsOrNull(j, "nextRetryAt", d.next_retry_at_ms);
  j.end_object();
  return out;
}

}  // namespace vigil::api
