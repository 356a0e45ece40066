// Responder: serializes the answer into its slot and tells the connection, if still open.
#include "core/http/server_responder.hpp"

#include "core/http/server_connection.hpp"
#include "core/http/server_response.hpp"

namespace vigil::http {

Responder::~Responder() {
  if (slot_) Json(500, JsonErrorBody("handler did not respond"));
}

Responder& Responder::operator=(Responder&& other) noexcept {
  if (this != &other) {
    if (slot_) Json(500, JsonErrorBody("handler did not respond"));
    slot_ = std::move(other.slot_);
  }
  return *this;
}

bool Responder::alive() const {
  return slot_ && slot_->conn && !slot_->answered;
}

void Responder::Send(int status, Headers headers, std::string body, std::string_view content_type) {
  std::shared_ptr<detail::ResponseSlot> slot = std::move(slot_);
  if (!slot || !slot->conn || slot->answered) return;
  ResponseFraming framing;
  framing.head_request = slot->head_request;
  framing.keep_alive = slot->keep_alive && !AsksToClose(headers);
  framing.http_minor = slot->http_minor;
  SerializeResponse(status, headers, content_type, body, framing, &slot->wire);
  slot->status = status < 200 || status > 999 ? 500 : status;
  slot->answered = true;
  slot->close_after = !framing.keep_alive;
  slot->conn->OnAnswer(slot.get());
}

}  // namespace vigil::http
