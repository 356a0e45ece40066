// GET /events: recent event payloads, newest first, filtered by instance and event type.
#include "core/api/handlers.hpp"

namespace vigil::api {

void RecentEvents(Call& c) {
  std::size_t limit = 0;
  if (!QueryCount(c, "limit", 100, 1000, limit)) return;
  std::string instance, type;
  if (const std::string* v = c.req.query_param("instance")) instance = *v;
  if (const std::string* v = c.req.query_param("event")) {
    if (!event::FromName(*v))
      return c.Error(400, "event: unknown event type \"" + *v + "\"", "event");
    type = *v;
  }
  c.control.RecentEvents(limit, std::move(instance), std::move(type),
                         [out = c.out](Result<std::vector<std::string>> r) {
                           if (!r.ok()) return SendStatus(*out, r.status());
                           std::string body = "[";
                           for (std::size_t i = 0; i < r->size(); ++i)
                             body += (i ? "," : "") + (*r)[i];
                           out->Json(200, body + "]");
                         });
}

}  // namespace vigil::api
