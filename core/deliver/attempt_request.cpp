// BuildAttemptRequest: see attempt_request.hpp. Every field is assigned into the reused
// request's own strings and header slots, so in steady state (the same webhook shapes attempt
// after attempt) building a request allocates nothing.
#include "core/deliver/attempt_request.hpp"

#include "core/deliver/webhook_request.hpp"
#include "core/http/header_writer.hpp"

namespace vigil::deliver {

void BuildAttemptRequest(Endpoint& ep, const Delivery& d, std::int64_t now_ms, http::Request* req) {
  http::HeaderWriter h(&req->headers);
  if (d.url.empty()) {  // a record from before sinks: the generic JSON to the webhook's URL
    req->url = ep.url;
    req->method = "POST";
    h.Add("Content-Type", "application/json");
  } else {
    if (d.url != ep.attempt_url_text) {
      auto url = http::Url::Parse(d.url);
      ep.attempt_url = url.ok() ? std::move(url).value() : ep.url;
      ep.attempt_url_text = d.url;
    }
    req->url = ep.attempt_url;
    req->method = d.method.empty() ? "POST" : d.method;
    for (const auto& [name, value] : d.request_headers) h.Add(name, value);
  }
  req->body = d.payload;
  std::string_view previous;
  if (!ep.previous_secret.empty() && now_ms < ep.previous_secret_until_ms)
    previous = ep.previous_secret;
  AddHostHeaders(ep.cfg, ep.sink ? ep.sink->signed_by_host() : true, d, h, previous);
  h.Finish();
}

}  // namespace vigil::deliver
