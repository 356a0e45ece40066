// OpenApiDocument: the operations table below (path, method, parameters, body, answers) and the
// component schemas, rendered once into a JSON string.
#include "core/api/openapi.hpp"

#include <string>
#include <vector>

#include "core/util/json_writer.hpp"

namespace vigil::api {
namespace {

struct Operation {
  std::string_view path;  // OpenAPI form: "/webhooks/{id}"
  std::string_view method;
  std::string_view id;
  std::string_view summary;
  std::vector<std::string_view> path_params;
  std::vector<std::string_view> query_params;  // "limit:integer"
  std::string_view request;                    // schema name of the JSON body, or ""
  int status;                                  // success status
  std::string_view response;                   // schema name, "[Name]" for an array, "" none
  std::string_view media = "application/json";
};

const std::vector<Operation>& Operations() {
  static const std::vector<Operation> ops{
      {"/health", "get", "health", "Liveness (no token needed)", {}, {}, "", 200, "Health"},
      {"/version", "get", "version", "vigil's version", {}, {}, "", 200, "Version"},
      {"/openapi.json", "get", "openapi", "This document", {}, {}, "", 200, "Any"},
      {"/metrics",
       "get",
       "metrics",
       "Prometheus text exposition 0.0.4",
       {},
       {},
       "",
       200,
       "Text",
       "text/plain"},
      {"/prometheus/metrics",
       "get",
       "prometheusMetrics",
       "Same as /metrics",
       {},
       {},
       "",
       200,
       "Text",
       "text/plain"},
      {"/webhooks", "get", "listWebhooks", "List webhooks", {}, {}, "", 200, "[Webhook]"},
      {"/webhooks",
       "post",
       "createWebhook",
       "Create a webhook (full secret in this answer only)",
       {},
       {},
       "WebhookInput",
       201,
       "Webhook"},
      {"/webhooks/allowed-events",
       "get",
       "allowedEvents",
       "Subscribable event types",
       {},
       {},
       "",
       200,
       "AllowedEvents"},
      {"/webhooks/stats/retry-queue",
       "get",
       "retryQueueStats",
       "Retry queue",
       {},
       {},
       "",
       200,
       "RetryQueue"},
      {"/webhooks/deliveries/{deliveryId}",
       "get",
       "getDelivery",
       "One delivery",
       {"deliveryId"},
       {},
       "",
       200,
       "Delivery"},
      {"/webhooks/deliveries/{deliveryId}/retry",
       "post",
       "retryDelivery",
       "Retry a delivery now",
       {"deliveryId"},
       {},
       "",
       200,
       "Delivery"},
      {"/webhooks/{id}",
       "get",
       "getWebhook",
       "One webhook (secret masked)",
       {"id"},
       {},
       "",
       200,
       "Webhook"},
      {"/webhooks/{id}",
       "put",
       "updateWebhook",
       "Partial update",
       {"id"},
       {},
       "WebhookInput",
       200,
       "Webhook"},
      {"/webhooks/{id}", "delete", "deleteWebhook", "Delete a webhook", {"id"}, {}, "", 204, ""},
      {"/webhooks/{id}/test",
       "post",
       "testWebhook",
       "Send a webhook.test event now",
       {"id"},
       {},
       "",
       200,
       "TestResult"},
      {"/webhooks/{id}/deliveries",
       "get",
       "listDeliveries",
       "Delivery history, newest first",
       {"id"},
       {"limit:integer", "offset:integer", "status:string"},
       "",
       200,
       "[Delivery]"},
      {"/webhooks/{id}/dead-letters/retry",
       "post",
       "retryDeadLetters",
       "Retry all dead letters",
       {"id"},
       {},
       "",
       200,
       "RetryCount"},
      {"/webhooks/{id}/rotate-secret",
       "post",
       "rotateSecret",
       "New secret; the old one keeps signing during the grace period",
       {"id"},
       {},
       "Rotate",
       200,
       "Webhook"},
      {"/instances",
       "get",
       "listInstances",
       "Instances with live state",
       {},
       {},
       "",
       200,
       "[Instance]"},
      {"/instances",
       "post",
       "createInstance",
       "Watch a new instance",
       {},
       {},
       "InstanceInput",
       201,
       "Instance"},
      {"/instances/{name}",
       "get",
       "getInstance",
       "One instance",
       {"name"},
       {},
       "",
       200,
       "Instance"},
      {"/instances/{name}",
       "put",
       "updateInstance",
       "Partial update",
       {"name"},
       {},
       "InstanceInput",
       200,
       "Instance"},
      {"/instances/{name}", "delete", "deleteInstance", "Stop watching", {"name"}, {}, "", 204, ""},
      {"/events",
       "get",
       "recentEvents",
       "Recent events, newest first",
       {},
       {"limit:integer", "instance:string", "event:string"},
       "",
       200,
       "[Event]"},
  };
  return ops;
}

// Component schemas, as JSON text (keys in the config file's spelling).
constexpr std::string_view kSchemas = R"({
"Error":{"type":"object","required":["error","field"],"properties":{"error":{"type":"string"},"field":{"type":"string","nullable":true}}},
"Health":{"type":"object","properties":{"status":{"type":"string","enum":["ok"]}}},
"Version":{"type":"object","properties":{"name":{"type":"string"},"version":{"type":"string"}}},
"Any":{"type":"object"},
"Text":{"type":"string"},
"Thresholds":{"type":"object","properties":{"memoryCriticalPercent":{"type":"number","minimum":1,"maximum":100},"connectionCriticalPercent":{"type":"number","minimum":1,"maximum":100}}},
"RetryPolicy":{"type":"object","properties":{"maxRetries":{"type":"integer","minimum":0,"maximum":100},"initialDelayMs":{"type":"integer"},"backoffMultiplier":{"type":"number"},"maxDelayMs":{"type":"integer"}}},
"Tls":{"type":"object","properties":{"caFile":{"type":"string","nullable":true},"insecureSkipVerify":{"type":"boolean"}}},
"RateLimit":{"type":"object","properties":{"perSecond":{"type":"number","nullable":true},"burst":{"type":"integer"}}},
"WebhookInput":{"type":"object","description":"Keys of webhooks[] in the config file (docs/configuration.md); POST requires events, PUT changes only the keys given.","additionalProperties":false,"properties":{"id":{"type":"string"},"name":{"type":"string"},"url":{"type":"string"},"secret":{"type":"string"},"enabled":{"type":"boolean"},"events":{"type":"array","items":{"type":"string"}},"headers":{"type":"object","additionalProperties":{"type":"string"}},"thresholds":{"$ref":"#/components/schemas/Thresholds"},"hysteresisFactor":{"type":"number"},"retryPolicy":{"$ref":"#/components/schemas/RetryPolicy"},"timeoutMs":{"type":"integer"},"tls":{"$ref":"#/components/schemas/Tls"},"instances":{"type":"array","items":{"type":"string"}},"sink":{"type":"string"},"sinkOptions":{"type":"object"},"signatureFormat":{"type":"string","enum":["vigil","standard-webhooks"]},"rateLimit":{"$ref":"#/components/schemas/RateLimit"},"sendResolved":{"type":"boolean","nullable":true}}},
"Webhook":{"allOf":[{"$ref":"#/components/schemas/WebhookInput"},{"type":"object","properties":{"source":{"type":"string","enum":["config","api"]},"createdAt":{"type":"integer","description":"ms since the epoch"},"circuit":{"type":"string","enum":["closed","open","half_open"]},"secretRotating":{"type":"boolean"}}}]},
"Rotate":{"type":"object","properties":{"gracePeriodMs":{"type":"integer","minimum":0,"maximum":604800000}}},
"TestResult":{"type":"object","properties":{"success":{"type":"boolean"},"statusCode":{"type":"integer","nullable":true},"responseBody":{"type":"string"},"error":{"type":"string","nullable":true},"durationMs":{"type":"integer"}}},
"Attempt":{"type":"object","properties":{"startedAt":{"type":"integer"},"durationMs":{"type":"integer"},"statusCode":{"type":"integer","nullable":true},"error":{"type":"string","nullable":true}}},
"Delivery":{"type":"object","properties":{"id":{"type":"string"},"webhookId":{"type":"string"},"eventId":{"type":"string"},"event":{"type":"string"},"instance":{"type":"string"},"payload":{},"status":{"type":"string","enum":["pending","retrying","success","failed","dead_letter"]},"attempts":{"type":"array","items":{"$ref":"#/components/schemas/Attempt"}},"statusCode":{"type":"integer","nullable":true},"responseBody":{"type":"string"},"error":{"type":"string","nullable":true},"durationMs":{"type":"integer"},"test":{"type":"boolean"},"createdAt":{"type":"integer"},"completedAt":{"type":"integer","nullable":true},"nextRetryAt":{"type":"integer","nullable":true}}},
"RetryCount":{"type":"object","properties":{"retried":{"type":"integer"}}},
"RetryQueue":{"type":"object","properties":{"pending":{"type":"integer"},"inFlight":{"type":"integer"},"nextRetryAt":{"type":"integer","nullable":true}}},
"AllowedEvents":{"type":"object","properties":{"allowedEvents":{"type":"array","items":{"type":"string"}},"events":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"severity":{"type":"string"},"description":{"type":"string"}}}}}},
"InstanceInput":{"type":"object","description":"Keys of instances[] in the config file; POST requires host.","additionalProperties":false,"properties":{"name":{"type":"string"},"host":{"type":"string"},"port":{"type":"integer"},"username":{"type":"string","nullable":true},"password":{"type":"string","nullable":true},"pollIntervalMs":{"type":"integer","nullable":true},"timeoutMs":{"type":"integer","nullable":true}}},
"Instance":{"type":"object","properties":{"name":{"type":"string"},"host":{"type":"string"},"port":{"type":"integer"},"username":{"type":"string","nullable":true},"password":{"type":"string","nullable":true,"description":"\"***\" when set, never the password"},"pollIntervalMs":{"type":"integer","nullable":true},"timeoutMs":{"type":"integer","nullable":true},"effectivePollIntervalMs":{"type":"integer"},"effectiveTimeoutMs":{"type":"integer"},"source":{"type":"string"},"status":{"type":"string","enum":["unknown","up","down"]},"up":{"type":"boolean"},"since":{"type":"integer"},"lastPollAt":{"type":"integer","nullable":true},"lastPollDurationMs":{"type":"integer"},"lastError":{"type":"string","nullable":true},"polls":{"type":"integer"},"pollErrors":{"type":"integer"},"role":{"type":"string","nullable":true,"enum":["master","replica"]},"version":{"type":"string","nullable":true},"memoryPercent":{"type":"number","nullable":true},"usedMemory":{"type":"integer","nullable":true},"maxmemory":{"type":"integer","nullable":true},"connectedClients":{"type":"integer","nullable":true},"maxclients":{"type":"integer","nullable":true},"opsPerSec":{"type":"integer","nullable":true},"uptimeSeconds":{"type":"integer","nullable":true}}},
"Event":{"type":"object","description":"An event payload as delivered by the generic sink (docs/webhooks.md)."}
})";

void Ref(JsonWriter& j, std::string_view schema) {
  bool array = schema.starts_with('[');
  if (array) schema = schema.substr(1, schema.size() - 2);
  std::string ref = "#/components/schemas/" + std::string(schema);
  if (array) {
    j.begin_object().field("type", "array").key("items").begin_object().field("$ref", ref);
    j.end_object().end_object();
  } else {
    j.begin_object().field("$ref", ref).end_object();
  }
}

void ErrorResponse(JsonWriter& j, std::string_view code, std::string_view what) {
  j.key(code).begin_object().field("description", what).key("content").begin_object();
  j.key("application/json").begin_object().key("schema");
  Ref(j, "Error");
  j.end_object().end_object().end_object();
}

void RenderOperation(JsonWriter& j, const Operation& op) {
  j.key(op.method).begin_object();
  j.field("operationId", op.id).field("summary", op.summary);
  if (op.path != "/health") {
    j.key("security").begin_array().begin_object().key("bearer").begin_array().end_array();
    j.end_object().end_array();
  }
  if (!op.path_params.empty() || !op.query_params.empty()) {
    j.key("parameters").begin_array();
    for (auto p : op.path_params) {
      j.begin_object().field("name", p).field("in", "path").field("required", true);
      j.key("schema").begin_object().field("type", "string").end_object().end_object();
    }
    for (auto q : op.query_params) {
      auto colon = q.find(':');
      j.begin_object().field("name", q.substr(0, colon)).field("in", "query");
      j.key("schema").begin_object().field("type", q.substr(colon + 1)).end_object().end_object();
    }
    j.end_array();
  }
  if (!op.request.empty()) {
    j.key("requestBody").begin_object().field("required", op.request != "Rotate");
    j.key("content").begin_object().key("application/json").begin_object().key("schema");
    Ref(j, op.request);
    j.end_object().end_object().end_object();
  }
  j.key("responses").begin_object();
  j.key(std::to_string(op.status)).begin_object().field("description", "success");
  if (!op.response.empty()) {
    j.key("content").begin_object().key(op.media).begin_object().key("schema");
    Ref(j, op.response);
    j.end_object().end_object();
  }
  j.end_object();
  if (!op.request.empty() || !op.query_params.empty())
    ErrorResponse(j, "400", "bad JSON or a bad field (named in `field`)");
  if (op.path != "/health") ErrorResponse(j, "401", "missing or wrong bearer token");
  if (!op.path_params.empty()) ErrorResponse(j, "404", "no such resource");
  if (op.method == "post" && op.request == "WebhookInput") ErrorResponse(j, "409", "duplicate id");
  if (op.method == "post" && op.request == "InstanceInput")
    ErrorResponse(j, "409", "duplicate name");
  if (!op.request.empty()) {
    ErrorResponse(j, "413", "body over 1 MiB");
    ErrorResponse(j, "415", "Content-Type is not application/json");
  }
  j.end_object().end_object();
}

std::string Build() {
  std::string out;
  JsonWriter j(out);
  j.begin_object().field("openapi", "3.0.3");
  j.key("info").begin_object().field("title", "vigil API").field("version", VIGIL_VERSION);
  j.field("description",
          "Webhooks, instances, deliveries and events of a vigil daemon. Paths and fields follow "
          "BetterDB Monitor's webhook API. See docs/api.md.");
  j.end_object();
  j.key("paths").begin_object();
  const auto& ops = Operations();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    bool seen = false;
    for (std::size_t k = 0; k < i; ++k) seen = seen || ops[k].path == ops[i].path;
    if (seen) continue;
    j.key(ops[i].path).begin_object();
    for (const auto& op : ops)
      if (op.path == ops[i].path) RenderOperation(j, op);
    j.end_object();
  }
  j.end_object();
  j.key("components").begin_object();
  j.key("securitySchemes").begin_object().key("bearer").begin_object();
  j.field("type", "http").field("scheme", "bearer").end_object().end_object();
  j.key("schemas").raw(kSchemas);
  j.end_object().end_object();
  return out;
}

}  // namespace

std::string_view OpenApiDocument() {
  static const std::string doc = Build();
  return doc;
}

}  // namespace vigil::api
