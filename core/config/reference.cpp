// Renders the Markdown reference of docs/configuration.md from the declaration tables and the
// event catalog, so the documentation says exactly what the loader accepts.
#include <fmt/format.h>

#include "core/config/config.hpp"
#include "core/config/schema.hpp"

namespace vigil::config {
namespace {

std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

template <typename T>
void RenderTable(const detail::ObjectDecl<T>& decl, std::string& out) {
  bool top = decl.title == std::string_view("Top level");
  out += top ? fmt::format("### {}\n\n", decl.title) : fmt::format("### `{}`\n\n", decl.title);
  out += fmt::format("{}\n\n", decl.summary);
  out += "| Key | Type | Default | Allowed | Description |\n";
  out += "|---|---|---|---|---|\n";
  const T defaults{};
  for (const auto& f : decl.fields) {
    std::string def;
    if (f.required)
      def = "**required**";
    else if (!f.default_text.empty())
      def = f.default_text;
    else if (f.show)
      def = "`" + f.show(defaults) + "`";
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", f.name, Cell(f.type), Cell(def),
                       Cell(f.allowed), Cell(f.description));
  }
  out += "\n";
}

void RenderEvents(std::string& out) {
  out += "### Events\n\n";
  out += "Names accepted in `webhooks[].events` (`\"*\"` subscribes to all of them).\n\n";
  out += "| Event | Severity | Meaning |\n|---|---|---|\n";
  for (const auto& i : event::kCatalog)
    if (i.type != event::Type::kTest)
      out += fmt::format("| `{}` | {} | {} |\n", i.name, event::SeverityName(i.severity),
                         Cell(i.description));
  out +=
      "\n`webhook.test` deliveries (sent on an operator's request) go to the webhook they name "
      "and cannot be subscribed to.\n\n";
}

void RenderRetrySpan(std::string& out) {
  RetryPolicy p;
  std::int64_t ms = TotalRetryDelayMs(p);
  out += "### Retry schedule with the defaults\n\n";
  out += fmt::format(
      "With the default `retryPolicy` ({} retries, the first after {} ms, each delay x{} up to {} "
      "ms), the last "
      "retry is made {} ms (about {} minutes) after the first attempt, not counting request "
      "time: a receiver may be down for that long without losing a delivery.\n",
      p.max_retries, p.initial_delay_ms, detail::FormatNumber(p.backoff_multiplier), p.max_delay_ms,
      ms, ms / 60000);
}

}  // namespace

std::string RenderConfigReference() {
  std::string out;
  RenderTable(detail::ConfigDecl(), out);
  RenderTable(detail::RespDecl(), out);
  RenderTable(detail::InstanceDecl(), out);
  RenderTable(detail::WebhookDecl(), out);
  RenderTable(detail::ThresholdsDecl(), out);
  RenderTable(detail::RetryPolicyDecl(), out);
  RenderTable(detail::TlsDecl(), out);
  RenderTable(detail::RateLimitDecl(), out);
  RenderTable(detail::DeliveryDecl(), out);
  RenderTable(detail::CircuitBreakerDecl(), out);
  RenderTable(detail::SourceDecl(), out);
  RenderTable(detail::ApiDecl(), out);
  RenderEvents(out);
  RenderRetrySpan(out);
  return out;
}

}  // namespace vigil::config
