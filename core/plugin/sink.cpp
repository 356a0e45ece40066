// BoundSink: vigil_webhook / vigil_event / vigil_response views over vigil's structures, and the
// default classification for sinks without a classify hook.
#include "core/plugin/sink.hpp"

#include <fmt/format.h>

#include <vector>

#include "core/http/retry_after.hpp"
#include "core/plugin/request_builder.hpp"

namespace vigil::plugin {
namespace {

vigil_str S(const std::string& s) {
  return vigil_str{s.data(), s.size()};
}

SinkVerdict DefaultVerdict(const http::Response& r, std::int64_t now) {
  if (!r.ok()) return {VerdictKind::kRetry};
  int c = r.code;
  if (c >= 200 && c < 300) return {VerdictKind::kSuccess};
  if (c == 410) return {VerdictKind::kDisable};
  if (c == 408 || c == 429 || c >= 500) {
    SinkVerdict v{VerdictKind::kRetry};
    if (const std::string* h = r.header("Retry-After"))
      v.retry_after_ms = http::ParseRetryAfterMs(*h, now).value_or(-1);
    return v;
  }
  return {VerdictKind::kFail};
}

}  // namespace

SinkVerdict DefaultClassify(const http::Response& r, std::int64_t now_unix_ms) {
  return DefaultVerdict(r, now_unix_ms);
}

vigil_webhook BoundSink::View() const {
  vigil_webhook w{};
  w.struct_size = sizeof w;
  w.id = S(w_.id);
  w.name = S(w_.name);
  w.url = S(w_.url);
  w.options_json = S(w_.options_json);
  return w;
}

Result<std::unique_ptr<BoundSink>> BoundSink::Create(const vigil_sink_vtable* vt, WebhookInfo w) {
  std::unique_ptr<BoundSink> b(new BoundSink(vt, std::move(w)));
  vigil_webhook view = b->View();
  vigil_error err;
  if (vt->create(&view, &b->state_, &err) != VIGIL_OK)
    return Status::Invalid(
        err.message.empty() ? fmt::format("sink {} refused the webhook", vt->name) : err.message);
  return b;
}

BoundSink::~BoundSink() {
  if (vt_->destroy) vt_->destroy(state_);
}

Result<http::Request> BoundSink::Render(const EventInfo& e) const {
  vigil_request builder;
  builder.url = !w_.url.empty() ? w_.url : (vt_->default_url ? vt_->default_url : "");
  vigil_event ev{};
  ev.struct_size = sizeof ev;
  ev.id = S(e.id);
  ev.type = S(e.type);
  ev.status = e.resolved ? VIGIL_RESOLVED : VIGIL_FIRING;
  ev.severity = S(e.severity);
  ev.timestamp_ms = e.timestamp_ms;
  ev.instance_name = S(e.instance_name);
  ev.instance_host = S(e.instance_host);
  ev.instance_port = e.instance_port;
  ev.message = S(e.message);
  ev.data_json = S(e.data_json);
  ev.payload_json = S(e.payload_json);
  ev.alert_key = S(e.alert_key);
  ev.delivery_id = S(e.delivery_id);
  ev.public_url = S(e.public_url);
  vigil_webhook view = View();
  vigil_error err;
  if (vt_->render(state_, &view, &ev, &builder, &err) != VIGIL_OK)
    return Status::Invalid(
        fmt::format("sink {}: {}", vt_->name, err.message.empty() ? "render failed" : err.message));
  if (builder.url != parsed_url_text_ || parsed_url_text_.empty()) {
    auto url = http::Url::Parse(builder.url);
    if (!url.ok())
      return Status::Invalid(
          fmt::format("sink {}: bad url: {}", vt_->name, url.status().message()));
    parsed_url_ = std::move(url).value();
    parsed_url_text_ = builder.url;
  }
  builder.req.url = parsed_url_;
  return std::move(builder.req);
}

SinkVerdict BoundSink::Classify(const http::Response& r, std::int64_t now_unix_ms) const {
  if (!vt_->classify) return DefaultVerdict(r, now_unix_ms);
  std::vector<vigil_header> headers;
  headers.reserve(r.headers.size());
  for (const auto& [k, v] : r.headers) headers.push_back(vigil_header{S(k), S(v)});
  std::string error = r.ok() ? std::string() : r.status.message();
  vigil_response resp{};
  resp.struct_size = sizeof resp;
  resp.status_code = r.ok() ? r.code : 0;
  resp.error = S(error);
  resp.headers = headers.data();
  resp.header_count = headers.size();
  resp.body = S(r.body);
  vigil_verdict out{VIGIL_RETRY, -1};
  vt_->classify(state_, &resp, &out);
  switch (out.kind) {
    case VIGIL_SUCCESS:
      return {VerdictKind::kSuccess};
    case VIGIL_FAIL:
      return {VerdictKind::kFail};
    case VIGIL_DISABLE:
      return {VerdictKind::kDisable};
    case VIGIL_RETRY:
    default:
      return {VerdictKind::kRetry,
              out.retry_after_ms < 0 ? -1 : std::min(out.retry_after_ms, http::kMaxRetryAfterMs)};
  }
}

}  // namespace vigil::plugin
