// The API's error answers: {"error": "...", "field": "<name>" | null}, and how a Status from the
// daemon (Invalid "<field>: <why>", NotFound, Conflict, ...) becomes an HTTP status.
#pragma once

#include <string>
#include <string_view>

#include "core/http/headers.hpp"
#include "core/http/server_responder.hpp"
#include "core/util/result.hpp"

namespace vigil::api {

// {"error":message,"field":field or null (when empty)}.
std::string ErrorBody(std::string_view message, std::string_view field = {});
void SendError(http::Responder& r, int status, std::string_view message,
               std::string_view field = {}, http::Headers headers = {});
// 400 Invalid, 404 NotFound, 409 Conflict, 503 Unavailable/Timeout, 500 otherwise.
int HttpStatusOf(const Status& s);
// "thresholds.memoryCriticalPercent: must be 1..100" -> "thresholds.memoryCriticalPercent";
// empty when the message does not start with a field path ("invalid JSON: ...").
std::string FieldOf(std::string_view message);
// SendError(HttpStatusOf(s), s.message(), FieldOf(s.message()) for 400 and 409).
void SendStatus(http::Responder& r, const Status& s);

}  // namespace vigil::api
