// BuildAttemptRequest: see attempt_request.hpp.
#include "core/deliver/attempt_request.hpp"

#include "core/deliver/webhook_request.hpp"

namespace vigil::deliver {

void BuildAttemptRequest(Endpoint& ep, const Delivery& d, std::int64_t now_ms, http::Request* req) {
  if (d.url.empty()) {  // a record from before sinks: the generic JSON to the webhook's URL
    req->url = ep.url;
    req->method = "POST";
    req->headers.clear();
    req->headers.emplace_back("Content-Type", "application/json");
  } else {
    if (d.url != ep.attempt_url_text) {
      auto url = http::Url::Parse(d.url);
      ep.attempt_url = url.ok() ? std::move(url).value() : ep.url;
      ep.attempt_url_text = d.url;
    }
    req->url = ep.attempt_url;
    req->method = d.method.empty() ? "POST" : d.method;
    req->headers = d.request_headers;
  }
  req->body = d.payload;
  std::string_view previous;
  if (!ep.previous_secret.empty() && now_ms < ep.previous_secret_until_ms)
    previous = ep.previous_secret;
  AddHostHeaders(ep.cfg, ep.sink ? ep.sink->signed_by_host() : true, d, req->headers, previous);
}

}  // namespace vigil::deliver
