// A sink bound to one webhook: owns the plugin's per-webhook state and calls its render and
// classify hooks with views of vigil's own structures.
#pragma once

#include <memory>
#include <string>

#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/util/result.hpp"
#include "vigil/sink.h"

namespace vigil::plugin {

// What a sink sees of a webhook (strings owned here; the vigil_webhook view points into them).
struct WebhookInfo {
  std::string id, name, url, options_json = "{}";
};

// What a sink sees of one delivery attempt of an event.
struct EventInfo {
  std::string id, type, severity, instance_name, instance_host, message, data_json, payload_json,
      alert_key, delivery_id, public_url;
  bool resolved = false;
  std::int64_t timestamp_ms = 0;
  int instance_port = 0;
};

enum class VerdictKind { kSuccess, kRetry, kFail, kDisable };
struct SinkVerdict {
  VerdictKind kind;
  std::int64_t retry_after_ms = -1;  // -1: the retry policy decides
};

// vigil's rules for sinks without a classify hook: 2xx success; 408, 429, 5xx and transport
// errors retry (Retry-After honoured); 410 disables the webhook; other statuses fail.
SinkVerdict DefaultClassify(const http::Response& r, std::int64_t now_unix_ms);

class BoundSink {
 public:
  // Calls the sink's create with the webhook; an invalid sinkOptions is Status::Invalid with the
  // plugin's message.
  static Result<std::unique_ptr<BoundSink>> Create(const vigil_sink_vtable* vt, WebhookInfo w);
  ~BoundSink();
  BoundSink(const BoundSink&) = delete;
  BoundSink& operator=(const BoundSink&) = delete;

  // Builds the request of one attempt. The URL defaults to the webhook's (or the sink's default).
  Result<http::Request> Render(const EventInfo& e) const;
  // The sink's verdict on an outcome (its classify, or vigil's default rules).
  SinkVerdict Classify(const http::Response& r, std::int64_t now_unix_ms) const;

  const vigil_sink_vtable* vtable() const { return vt_; }
  bool signed_by_host() const { return vt_->flags & VIGIL_SINK_SIGNED; }
  bool resolves() const { return vt_->flags & VIGIL_SINK_RESOLVES; }

 private:
  BoundSink(const vigil_sink_vtable* vt, WebhookInfo w) : vt_(vt), w_(std::move(w)) {}
  vigil_webhook View() const;

  const vigil_sink_vtable* vt_;
  WebhookInfo w_;
  void* state_ = nullptr;
  // The URL text the sink rendered last and its parse: sinks render the same URL for most
  // events, so Render parses it only when it changes.
  mutable std::string parsed_url_text_;
  mutable http::Url parsed_url_;
};

}  // namespace vigil::plugin
