// Error bodies and the Status -> HTTP status mapping of the API.
#include "core/api/errors.hpp"

#include "core/util/json_writer.hpp"

namespace vigil::api {

std::string ErrorBody(std::string_view message, std::string_view field) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("error", message).key("field");
  if (field.empty())
    w.null();
  else
    w.value(field);
  w.end_object();
  return out;
}

void SendError(http::Responder& r, int status, std::string_view message, std::string_view field,
               http::Headers headers) {
  r.Send(status, std::move(headers), ErrorBody(message, field), "application/json");
}

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kInvalid:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kConflict:
      return 409;
    case Status::Code::kUnavailable:
    case Status::Code::kTimeout:
      return 503;
    default:
      return 500;
  }
}

std::string FieldOf(std::string_view message) {
  std::size_t colon = message.find(": ");
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string_view path = message.substr(0, colon);
  for (char c : path)
    if (c == ' ' || c == '"') return {};
  return std::string(path);
}

void SendStatus(http::Responder& r, const Status& s) {
  int code = HttpStatusOf(s);
  std::string field = code == 400 || code == 409 ? FieldOf(s.message()) : std::string();
  SendError(r, code, s.message(), field);
}

}  // namespace vigil::api
