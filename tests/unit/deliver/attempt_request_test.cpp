// BuildAttemptRequest: the exact headers of an attempt (order, names, values: docs/webhooks.md),
// and that rebuilding a request of the same shape reuses every string of the previous one.
#include "core/deliver/attempt_request.hpp"

#include <gtest/gtest.h>

#include "core/deliver/signature.hpp"

namespace vigil::deliver {
namespace {

Endpoint MakeEndpoint() {
  Endpoint ep;
  ep.cfg.id = "ops";
  ep.cfg.secret = "s3cret";
  ep.cfg.headers = {{"X-Team", "db"}, {"user-agent", "custom/1"}};
  ep.url = *http::Url::Parse("http://127.0.0.1:9/legacy");
  return ep;
}

Delivery MakeDelivery(std::string id = "0e4f3c7a-1111-4222-8333-944455556666") {
  Delivery d;
  d.id = std::move(id);
  d.event = event::Type::kInstanceDown;
  d.timestamp_ms = 1706457600000;
  d.method = "POST";
  d.url = "http://127.0.0.1:9/hook";
  d.request_headers = {{"Content-Type", "application/json"}};
  d.payload = R"({"id":"x"})";
  return d;
}

TEST(AttemptRequest, VigilSignatureHeaders) {
  Endpoint ep = MakeEndpoint();
  Delivery d = MakeDelivery("del-1");
  http::Request req;
  BuildAttemptRequest(ep, d, 0, &req);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url.target, "/hook");
  EXPECT_EQ(req.body, d.payload);
  http::Headers want = {
      {"Content-Type", "application/json"},
      {"User-Agent", "custom/1"},  // the webhook's own header replaces the default in place
      {"X-Webhook-Signature", "64626f26e8c6a3bf3cf35a9215872c9dd4b1e61da05c84ce9c4db76cfe61d473"},
      {"X-Webhook-Timestamp", "1706457600000"},
      {"X-Webhook-Id", "ops"},
      {"X-Webhook-Delivery-Id", "del-1"},
      {"X-Webhook-Event", "instance.down"},
      {"X-Team", "db"}};
  EXPECT_EQ(req.headers, want);
}

TEST(AttemptRequest, PreviousSecretSignsTooDuringItsGracePeriod) {
  Endpoint ep = MakeEndpoint();
  ep.previous_secret = "old";
  ep.previous_secret_until_ms = 1000;
  Delivery d = MakeDelivery();
  http::Request req;
  BuildAttemptRequest(ep, d, 999, &req);
  EXPECT_EQ(*http::FindHeader(req.headers, "X-Webhook-Signature"),
            SignPayload("s3cret", d.timestamp_ms, d.payload) + " " +
                SignPayload("old", d.timestamp_ms, d.payload));
  BuildAttemptRequest(ep, d, 1000, &req);
  EXPECT_EQ(*http::FindHeader(req.headers, "X-Webhook-Signature"),
            SignPayload("s3cret", d.timestamp_ms, d.payload));
}

TEST(AttemptRequest, StandardWebhooksHeadersAndTestFlag) {
  Endpoint ep = MakeEndpoint();
  ep.cfg.headers.clear();
  ep.cfg.signature_format = config::SignatureFormat::kStandardWebhooks;
  Delivery d = MakeDelivery("msg_1");
  d.test = true;
  http::Request req;
  BuildAttemptRequest(ep, d, 0, &req);
  http::Headers want = {
      {"Content-Type", "application/json"},
      {"User-Agent", "vigil/" VIGIL_VERSION},
      {"webhook-id", "msg_1"},
      {"webhook-timestamp", "1706457600"},
      {"webhook-signature", SignStandardWebhooks("s3cret", "msg_1", 1706457600, d.payload)},
      {"X-Webhook-Id", "ops"},
      {"X-Webhook-Delivery-Id", "msg_1"},
      {"X-Webhook-Event", "instance.down"},
      {"X-Webhook-Test", "true"}};
  EXPECT_EQ(req.headers, want);
}

TEST(AttemptRequest, RecordWithoutUrlGoesToTheWebhookUrlAsJson) {
  Endpoint ep = MakeEndpoint();
  ep.cfg.secret.clear();
  ep.cfg.headers.clear();
  Delivery d = MakeDelivery("del-1");
  d.url.clear();
  d.method.clear();
  d.request_headers.clear();
  http::Request req;
  req.headers = {{"Left", "over"}, {"From", "before"}, {"A", "b"}, {"C", "d"}, {"E", "f"},
                 {"G", "h"},       {"I", "j"},         {"K", "l"}, {"M", "n"}, {"O", "p"}};
  BuildAttemptRequest(ep, d, 0, &req);
  EXPECT_EQ(req.url.target, "/legacy");
  http::Headers want = {
      {"Content-Type", "application/json"},     {"User-Agent", "vigil/" VIGIL_VERSION},
      {"X-Webhook-Timestamp", "1706457600000"}, {"X-Webhook-Id", "ops"},
      {"X-Webhook-Delivery-Id", "del-1"},       {"X-Webhook-Event", "instance.down"}};
  EXPECT_EQ(req.headers, want);
}

TEST(AttemptRequest, SameShapeAgainReusesEveryString) {
  Endpoint ep = MakeEndpoint();
  http::Request req;
  BuildAttemptRequest(ep, MakeDelivery(), 0, &req);
  std::vector<const char*> names, values;
  for (const auto& [n, v] : req.headers) {
    names.push_back(n.data());
    values.push_back(v.data());
  }
  const http::Header* slots = req.headers.data();
  const char* body = req.body.data();
  const char* target = req.url.target.data();

  Delivery next = MakeDelivery("0e4f3c7a-2222-4222-8333-944455556666");
  next.timestamp_ms += 1;
  next.payload = R"({"id":"y"})";
  BuildAttemptRequest(ep, next, 0, &req);
  ASSERT_EQ(req.headers.size(), names.size());
  EXPECT_EQ(req.headers.data(), slots);
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(req.headers[i].first.data(), names[i]) << req.headers[i].first;
    EXPECT_EQ(req.headers[i].second.data(), values[i]) << req.headers[i].first;
  }
  EXPECT_EQ(req.body.data(), body);
  EXPECT_EQ(req.url.target.data(), target);
  EXPECT_EQ(*http::FindHeader(req.headers, "X-Webhook-Delivery-Id"), next.id);
  EXPECT_EQ(*http::FindHeader(req.headers, "X-Webhook-Signature"),
            SignPayload("s3cret", next.timestamp_ms, next.payload));

  next.test = true;  // one header more, then one fewer again
  BuildAttemptRequest(ep, next, 0, &req);
  EXPECT_EQ(req.headers.size(), names.size() + 1);
  next.test = false;
  BuildAttemptRequest(ep, next, 0, &req);
  EXPECT_EQ(req.headers.size(), names.size());
  EXPECT_EQ(http::FindHeader(req.headers, "X-Webhook-Test"), nullptr);
}

}  // namespace
}  // namespace vigil::deliver
