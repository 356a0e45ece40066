// /webhooks routes: list, create (secret generated when absent, shown once), read (masked),
// partial update, delete, test delivery, secret rotation, allowed events.
#include <simdjson.h>

#include "core/api/handlers.hpp"
#include "core/api/resource_json.hpp"
#include "core/api/secret.hpp"
#include "core/config/api_parse.hpp"
#include "core/util/json_writer.hpp"

namespace vigil::api {

void ListWebhooks(Call& c) {
  std::string out = "[";
  bool first = true;
  for (const auto& e : c.control.ListWebhooks()) {
    if (!first) out += ',';
    first = false;
    out += WebhookToJson(e, true);
  }
  c.Json(200, out + "]");
}

void CreateWebhook(Call& c) {
  config::Webhook base;
  base.secret = GenerateSecret();  // kept unless the body sets "secret" ("" = unsigned)
  auto w = config::ParseWebhookJson(c.req.body, std::move(base), ConfigView(c.control));
  if (!w.ok()) return c.Fail(w.status());
  auto e = c.control.CreateWebhook(std::move(w).value());
  if (!e.ok()) return c.Fail(e.status());
  c.Json(201, WebhookToJson(*e, false));
}

void GetWebhook(Call& c) {
  auto e = c.control.GetWebhook(c.param(0));
  if (!e) return c.Error(404, "webhook not found: " + c.param(0));
  c.Json(200, WebhookToJson(*e, true));
}

void UpdateWebhook(Call& c) {
  auto cur = c.control.GetWebhook(c.param(0));
  if (!cur) return c.Error(404, "webhook not found: " + c.param(0));
  auto w = config::ParseWebhookJson(c.req.body, cur->webhook, ConfigView(c.control));
  if (!w.ok()) return c.Fail(w.status());
  if (w->id != cur->webhook.id) return c.Error(400, "id: cannot be changed", "id");
  // A read-modify-write sends the masked secret back: keep the real one.
  if (w->secret != cur->webhook.secret && w->secret == MaskSecret(cur->webhook.secret))
    w->secret = cur->webhook.secret;
  auto e = c.control.UpdateWebhook(c.param(0), std::move(w).value());
  if (!e.ok()) return c.Fail(e.status());
  c.Json(200, WebhookToJson(*e, true));
}

void DeleteWebhook(Call& c) {
  if (Status s = c.control.DeleteWebhook(c.param(0)); !s.ok()) return c.Fail(s);
  c.out->Send(204, {}, "", "");
}

void TestWebhook(Call& c) {
  if (!c.control.GetWebhook(c.param(0))) return c.Error(404, "webhook not found: " + c.param(0));
  c.control.TestWebhook(c.param(0), [out = c.out](Result<app::Control::TestResult> r) {
    if (!r.ok()) return SendStatus(*out, r.status());
    std::string body;
    JsonWriter j(body);
    j.begin_object().field("success", r->success).key("statusCode");
    if (r->status_code > 0)
      j.value(r->status_code);
    else
      j.null();
    j.field("responseBody", r->response_body).key("error");
    if (r->error.empty())
      j.null();
    else
      j.value(r->error);
    j.field("durationMs", r->duration_ms).end_object();
    out->Json(200, std::move(body));
  });
}

void RotateWebhookSecret(Call& c) {
  std::int64_t grace = c.state.rotate_grace_ms;
  if (!c.req.body.empty()) {  // optional {"gracePeriodMs": n}
    simdjson::dom::parser parser;
    simdjson::dom::object root;
    if (parser.parse(c.req.body).get(root) != simdjson::SUCCESS)
      return c.Error(400, "invalid JSON: expected an object");
    for (auto kv : root) {
      if (kv.key != "gracePeriodMs")
        return c.Error(400, std::string(kv.key) + ": unknown key (known: gracePeriodMs)", kv.key);
      std::int64_t v = 0;
      if (kv.value.get(v) != simdjson::SUCCESS || v < 0 || v > 7 * 86400000LL)
        return c.Error(400, "gracePeriodMs: must be an integer 0..604800000", "gracePeriodMs");
      grace = v;
    }
  }
  auto e = c.control.RotateSecret(c.param(0), GenerateSecret(), grace);
  if (!e.ok()) return c.Fail(e.status());
  c.Json(200, WebhookToJson(*e, false));
}

void AllowedEvents(Call& c) {
  std::string out;
  JsonWriter j(out);
  j.begin_object().key("allowedEvents").begin_array();
  for (const auto& i : event::kCatalog)
    if (i.type != event::Type::kTest) j.value(i.name);
  j.end_array().key("events").begin_array();
  for (const auto& i : event::kCatalog) {
    if (i.type == event::Type::kTest) continue;
    j.begin_object().field("name", i.name).field("severity", event::SeverityName(i.severity));
    j.field("description", i.description).end_object();
  }
  j.end_array().end_object();
  c.Json(200, std::move(out));
}

}  // namespace vigil::api
