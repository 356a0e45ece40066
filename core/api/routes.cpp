// The route table of the API, in matching order. The OpenAPI document (openapi.cpp) describes
// the same set; a unit test keeps the two equal.
#include "core/api/api.hpp"
#include "core/api/handlers.hpp"

namespace vigil::api {

const std::vector<RouteSpec>& Routes() {
  static const std::vector<RouteSpec> routes{
      {"GET", "/health", "Liveness; never needs the token.", false, &Health},
      {"GET", "/version", "vigil's version.", false, &Version},
      {"GET", "/openapi.json", "This API as an OpenAPI 3 document.", false, &OpenApi},
      {"GET", "/metrics", "Prometheus exposition.", false, &Metrics},
      {"GET", "/prometheus/metrics", "Prometheus exposition (same as /metrics).", false, &Metrics},
      {"GET", "/webhooks", "List webhooks (secrets masked).", false, &ListWebhooks},
      {"POST", "/webhooks", "Create a webhook.", true, &CreateWebhook},
      {"GET", "/webhooks/allowed-events", "Event types a webhook may subscribe to.", false,
       &AllowedEvents},
      {"GET", "/webhooks/stats/retry-queue", "Deliveries waiting or retrying.", false,
       &RetryQueueStats},
      {"GET", "/webhooks/deliveries/:deliveryId", "One delivery with its attempts.", false,
       &GetDelivery},
      {"POST", "/webhooks/deliveries/:deliveryId/retry", "Retry a delivery now.", false,
       &RetryDelivery},
      {"GET", "/webhooks/:id", "One webhook (secret masked).", false, &GetWebhook},
      {"PUT", "/webhooks/:id", "Partial update of a webhook.", true, &UpdateWebhook},
      {"DELETE", "/webhooks/:id", "Delete a webhook.", false, &DeleteWebhook},
      {"POST", "/webhooks/:id/test", "Send a webhook.test event now.", false, &TestWebhook},
      {"GET", "/webhooks/:id/deliveries", "Delivery history of a webhook.", false, &ListDeliveries},
      {"POST", "/webhooks/:id/dead-letters/retry", "Retry every dead letter of a webhook.", false,
       &RetryDeadLetters},
      {"POST", "/webhooks/:id/rotate-secret", "Replace the signing secret.", false,
       &RotateWebhookSecret},
      {"GET", "/instances", "List instances with live state.", false, &ListInstances},
      {"POST", "/instances", "Add an instance.", true, &CreateInstance},
      {"GET", "/instances/:name", "One instance with live state.", false, &GetInstance},
      {"PUT", "/instances/:name", "Partial update of an instance.", true, &UpdateInstance},
      {"DELETE", "/instances/:name", "Stop watching an instance.", false, &DeleteInstance},
      {"GET", "/events", "Recent events, newest first.", false, &RecentEvents},
  };
  return routes;
}

}  // namespace vigil::api
