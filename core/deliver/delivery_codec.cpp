// Delivery codec v2 (v1 is still read) and outcome codec v1. Integers are LEB128 varints (signed
// ones zigzag-encoded), strings are a varint length then the bytes, the event type is its wire name
// (stable if the catalog is reordered), the status a fixed code. New fields mean a new version,
// decoded alongside the older ones.
#include "core/deliver/delivery_codec.hpp"

#include <limits>
#include <utility>
#include <vector>

namespace vigil::deliver {
namespace {

// Stored status codes: never renumber.
std::uint64_t StatusCode(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kPending:
      return 0;
    case DeliveryStatus::kRetrying:
      return 1;
    case DeliveryStatus::kSuccess:
      return 2;
    case DeliveryStatus::kFailed:
      return 3;
    case DeliveryStatus::kDeadLetter:
      return 4;
  }
  return 0;
}

bool StatusFromCode(std::uint64_t c, DeliveryStatus* out) {
  constexpr DeliveryStatus kByCode[] = {DeliveryStatus::kPending, DeliveryStatus::kRetrying,
                                        DeliveryStatus::kSuccess, DeliveryStatus::kFailed,
                                        DeliveryStatus::kDeadLetter};
  if (c >= std::size(kByCode)) return false;
  *out = kByCode[c];
  return true;
}

void PutVarint(std::string* out, std::uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutSigned(std::string* out, std::int64_t v) {
  std::uint64_t u = static_cast<std::uint64_t>(v);
  PutVarint(out, (u << 1) ^ (v < 0 ? ~std::uint64_t{0} : 0));
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

// Reads from a view; the first failure sticks and names the field.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Varint(std::uint64_t* v, const char* field) {
    std::uint64_t r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail(field);
      auto b = static_cast<unsigned char>(in_[pos_++]);
      r |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        *v = r;
        return true;
      }
    }
    return Fail(field);
  }
  bool Signed(std::int64_t* v, const char* field) {
    std::uint64_t u;
    if (!Varint(&u, field)) return false;
    *v = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  bool Int(int* v, const char* field) {
    std::int64_t w;
    if (!Signed(&w, field)) return false;
    if (w < std::numeric_limits<int>::min() || w > std::numeric_limits<int>::max())
      return Fail(field);
    *v = static_cast<int>(w);
    return true;
  }
  bool String(std::string* s, const char* field) {
    std::uint64_t n;
    if (!Varint(&n, field)) return false;
    if (n > in_.size() - pos_) return Fail(field);
    s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool Fail(const char* field) {
    if (!error_) error_ = field;
    return false;
  }
  std::size_t remaining() const { return in_.size() - pos_; }
  const char* error() const { return error_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  const char* error_ = nullptr;
};

void PutAttempts(std::string* out, const std::vector<Attempt>& attempts) {
  PutVarint(out, attempts.size());
  for (const Attempt& a : attempts) {
    PutSigned(out, a.started_at_ms);
    PutSigned(out, a.duration_ms);
    PutSigned(out, a.status_code);
    PutString(out, a.error);
  }
}

bool ReadAttempts(Reader& r, std::vector<Attempt>* attempts) {
  std::uint64_t n = 0;
  if (!r.Varint(&n, "attempts")) return false;
  if (n > r.remaining() / 4) return r.Fail("attempts (count exceeds input)");
  attempts->resize(n);
  for (Attempt& a : *attempts)
    if (!r.Signed(&a.started_at_ms, "attempt.started_at_ms") ||
        !r.Signed(&a.duration_ms, "attempt.duration_ms") ||
        !r.Int(&a.status_code, "attempt.status_code") || !r.String(&a.error, "attempt.error"))
      return false;
  return true;
}

bool DecodeV1(Reader& r, Delivery* d) {
  std::string event_name;
  std::uint64_t status = 0, flags = 0;
  if (!r.String(&d->id, "id") || !r.String(&d->webhook_id, "webhook_id") ||
      !r.String(&d->event_id, "event_id") || !r.String(&event_name, "event") ||
      !r.String(&d->instance, "instance") || !r.Signed(&d->timestamp_ms, "timestamp_ms") ||
      !r.String(&d->payload, "payload") || !r.Varint(&status, "status"))
    return false;
  auto type = event::FromName(event_name);
  if (!type) return r.Fail("event (unknown type)");
  d->event = *type;
  if (!StatusFromCode(status, &d->status)) return r.Fail("status (unknown code)");
  if (!ReadAttempts(r, &d->attempts)) return false;
  if (!r.Int(&d->last_status_code, "last_status_code") ||
      !r.String(&d->response_body, "response_body") || !r.String(&d->last_error, "last_error") ||
      !r.Signed(&d->duration_ms, "duration_ms") || !r.Signed(&d->created_at_ms, "created_at_ms") ||
      !r.Signed(&d->completed_at_ms, "completed_at_ms") ||
      !r.Signed(&d->next_retry_at_ms, "next_retry_at_ms") || !r.Varint(&flags, "flags"))
    return false;
  if (flags > 1) return r.Fail("flags (unknown bits)");
  d->test = flags & 1;
  return true;
}

// v2 = v1 + the request the sink rendered (method, url, headers).
bool DecodeV2Request(Reader& r, Delivery* d) {
  std::uint64_t headers = 0;
  if (!r.String(&d->method, "method") || !r.String(&d->url, "url") ||
      !r.Varint(&headers, "request_headers"))
    return false;
  if (headers > r.remaining() / 2) return r.Fail("request_headers (count exceeds input)");
  d->request_headers.resize(headers);
  for (auto& [k, v] : d->request_headers)
    if (!r.String(&k, "request_header.name") || !r.String(&v, "request_header.value")) return false;
  return true;
}

}  // namespace

void EncodeDelivery(const Delivery& d, std::string* out) {
  out->push_back(static_cast<char>(kDeliveryCodecVersion));
  PutString(out, d.id);
  PutString(out, d.webhook_id);
  PutString(out, d.event_id);
  PutString(out, event::Name(d.event));
  PutString(out, d.instance);
  PutSigned(out, d.timestamp_ms);
  PutString(out, d.payload);
  PutVarint(out, StatusCode(d.status));
  PutAttempts(out, d.attempts);
  PutSigned(out, d.last_status_code);
  PutString(out, d.response_body);
  PutString(out, d.last_error);
  PutSigned(out, d.duration_ms);
  PutSigned(out, d.created_at_ms);
  PutSigned(out, d.completed_at_ms);
  PutSigned(out, d.next_retry_at_ms);
  PutVarint(out, d.test ? 1 : 0);
  PutString(out, d.method);
  PutString(out, d.url);
  PutVarint(out, d.request_headers.size());
  for (const auto& [k, v] : d.request_headers) {
    PutString(out, k);
    PutString(out, v);
  }
}

std::string EncodeDelivery(const Delivery& d) {
  std::string out;
  out.reserve(64 + d.payload.size() + d.response_body.size() + d.attempts.size() * 16);
  EncodeDelivery(d, &out);
  return out;
}

Result<Delivery> DecodeDelivery(std::string_view bytes) {
  if (bytes.empty()) return Status::Invalid("delivery record: empty");
  auto version = static_cast<std::uint8_t>(bytes[0]);
  if (version != 1 && version != kDeliveryCodecVersion)
    return Status::Invalid("delivery record: unknown version " + std::to_string(version));
  Reader r(bytes.substr(1));
  Delivery d;
  // A v1 record predates sinks: it was rendered by the generic sink into `payload` alone.
  bool ok = DecodeV1(r, &d) && (version == 1 || DecodeV2Request(r, &d)) &&
            (r.remaining() == 0 || r.Fail("end (trailing bytes)"));
  if (!ok) return Status::Invalid(std::string("delivery record: corrupt at field ") + r.error());
  return d;
}

void EncodeOutcome(const Delivery& d, std::string* out) {
  out->push_back(static_cast<char>(kOutcomeCodecVersion));
  PutVarint(out, StatusCode(d.status));
  PutAttempts(out, d.attempts);
  PutSigned(out, d.last_status_code);
  PutString(out, d.response_body);
  PutString(out, d.last_error);
  PutSigned(out, d.duration_ms);
  PutSigned(out, d.completed_at_ms);
  PutSigned(out, d.next_retry_at_ms);
}

Status DecodeOutcome(std::string_view bytes, Delivery* d) {
  if (bytes.empty()) return Status::Invalid("delivery outcome: empty");
  auto version = static_cast<std::uint8_t>(bytes[0]);
  if (version != kOutcomeCodecVersion)
    return Status::Invalid("delivery outcome: unknown version " + std::to_string(version));
  Reader r(bytes.substr(1));
  std::uint64_t status = 0;
  DeliveryStatus st = DeliveryStatus::kPending;
  std::vector<Attempt> attempts;
  int last_status_code = 0;
  std::string response_body, last_error;
  std::int64_t duration_ms = 0, completed_at_ms = 0, next_retry_at_ms = 0;
  bool ok = r.Varint(&status, "status") &&
            (StatusFromCode(status, &st) || r.Fail("status (unknown code)")) &&
            ReadAttempts(r, &attempts) && r.Int(&last_status_code, "last_status_code") &&
            r.String(&response_body, "response_body") && r.String(&last_error, "last_error") &&
            r.Signed(&duration_ms, "duration_ms") &&
            r.Signed(&completed_at_ms, "completed_at_ms") &&
            r.Signed(&next_retry_at_ms, "next_retry_at_ms") &&
            (r.remaining() == 0 || r.Fail("end (trailing bytes)"));
  if (!ok) return Status::Invalid(std::string("delivery outcome: corrupt at field ") + r.error());
  d->status = st;
  d->attempts = std::move(attempts);
  d->last_status_code = last_status_code;
  d->response_body = std::move(response_body);
  d->last_error = std::move(last_error);
  d->duration_ms = duration_ms;
  d->completed_at_ms = completed_at_ms;
  d->next_retry_at_ms = next_retry_at_ms;
  return Status::Ok();
}

void AppendMarkerId(std::string_view id, std::string* out) {
  PutString(out, id);
}

Status DecodeMarker(std::string_view bytes, std::vector<std::string>* ids) {
  Reader r(bytes);
  while (r.remaining() > 0) {
    std::string id;
    if (!r.String(&id, "id")) return Status::Invalid("pending marker: corrupt id");
    if (id.empty()) return Status::Invalid("pending marker: empty id");
    ids->push_back(std::move(id));
  }
  return Status::Ok();
}

}  // namespace vigil::deliver
