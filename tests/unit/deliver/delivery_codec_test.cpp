// Delivery record and outcome codecs: every field survives a round trip; truncated, corrupt or
// unknown input is an error, never a crash.
#include "core/deliver/delivery_codec.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>

namespace vigil::deliver {
namespace {

Delivery Full() {
  Delivery d;
  d.id = "0b6f3c1e-delivery";
  d.webhook_id = "ops-slack";
  d.event_id = "event-42";
  d.event = event::Type::kMemoryCritical;
  d.instance = "cache-1";
  d.timestamp_ms = 1700000000123;
  d.payload = std::string("{\"type\":\"memory.critical\",\"nul\":\"\0\"}", 37);
  d.status = DeliveryStatus::kDeadLetter;
  d.attempts = {{1700000000200, 35, 500, ""}, {1700000001200, 10000, 0, "timeout"}};
  d.last_status_code = -1;
  d.response_body = "internal error \xe2\x9c\x93";
  d.last_error = "timeout";
  d.duration_ms = 10000;
  d.created_at_ms = 1700000000150;
  d.completed_at_ms = 1700000011200;
  d.next_retry_at_ms = -7;  // negatives survive too
  d.test = true;
  d.method = "PUT";
  d.url = "https://hooks.example.com/x?wait=true";
  d.request_headers = {{"Content-Type", "application/json"}, {"X-Empty", ""}};
  return d;
}

void ExpectEqual(const Delivery& a, const Delivery& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.webhook_id, b.webhook_id);
  EXPECT_EQ(a.event_id, b.event_id);
  EXPECT_EQ(a.event, b.event);
  EXPECT_EQ(a.instance, b.instance);
  EXPECT_EQ(a.timestamp_ms, b.timestamp_ms);
  EXPECT_EQ(a.payload, b.payload);
  EXPECT_EQ(a.status, b.status);
  ASSERT_EQ(a.attempts.size(), b.attempts.size());
  for (std::size_t i = 0; i < a.attempts.size(); ++i) {
    EXPECT_EQ(a.attempts[i].started_at_ms, b.attempts[i].started_at_ms);
    EXPECT_EQ(a.attempts[i].duration_ms, b.attempts[i].duration_ms);
    EXPECT_EQ(a.attempts[i].status_code, b.attempts[i].status_code);
    EXPECT_EQ(a.attempts[i].error, b.attempts[i].error);
  }
  EXPECT_EQ(a.last_status_code, b.last_status_code);
  EXPECT_EQ(a.response_body, b.response_body);
  EXPECT_EQ(a.last_error, b.last_error);
  EXPECT_EQ(a.duration_ms, b.duration_ms);
  EXPECT_EQ(a.created_at_ms, b.created_at_ms);
  EXPECT_EQ(a.completed_at_ms, b.completed_at_ms);
  EXPECT_EQ(a.next_retry_at_ms, b.next_retry_at_ms);
  EXPECT_EQ(a.test, b.test);
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.request_headers, b.request_headers);
}

TEST(DeliveryCodec, RoundTripsEveryField) {
  Delivery d = Full();
  auto back = DecodeDelivery(EncodeDelivery(d));
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectEqual(d, *back);
}

TEST(DeliveryCodec, RoundTripsDefaultsAndEveryStatusAndType) {
  for (auto status : {DeliveryStatus::kPending, DeliveryStatus::kRetrying, DeliveryStatus::kSuccess,
                      DeliveryStatus::kFailed, DeliveryStatus::kDeadLetter})
    for (const auto& info : event::kCatalog) {
      Delivery d;
      d.status = status;
      d.event = info.type;
      auto back = DecodeDelivery(EncodeDelivery(d));
      ASSERT_TRUE(back.ok()) << back.status().message();
      ExpectEqual(d, *back);
    }
}

TEST(DeliveryCodec, ExtremeIntegers) {
  Delivery d;
  d.timestamp_ms = std::numeric_limits<std::int64_t>::max();
  d.created_at_ms = std::numeric_limits<std::int64_t>::min();
  d.last_status_code = std::numeric_limits<int>::min();
  d.attempts = {
      {std::numeric_limits<std::int64_t>::min(), -1, std::numeric_limits<int>::max(), ""}};
  auto back = DecodeDelivery(EncodeDelivery(d));
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectEqual(d, *back);
}

TEST(DeliveryCodec, EveryTruncationIsAnError) {
  std::string bytes = EncodeDelivery(Full());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    // A fresh heap copy per prefix, so ASan catches any read past its end.
    auto copy = std::make_unique<char[]>(n + 1);
    std::copy_n(bytes.data(), n, copy.get());
    auto r = DecodeDelivery(std::string_view(copy.get(), n));
    EXPECT_FALSE(r.ok()) << "prefix of " << n << " bytes decoded";
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
    }
  }
}

TEST(DeliveryCodec, CorruptInputIsAnErrorNotACrash) {
  std::string bytes = EncodeDelivery(Full());
  // Flip every byte in turn: decoding may succeed (a changed string) but must never crash.
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string c = bytes;
    c[i] = static_cast<char>(c[i] ^ 0xff);
    (void)DecodeDelivery(c).ok();
  }
  EXPECT_FALSE(DecodeDelivery(bytes + "x").ok());  // trailing bytes
  std::string huge = bytes.substr(0, 1) + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01";
  EXPECT_FALSE(DecodeDelivery(huge).ok());  // length beyond the input
  std::string overlong = bytes.substr(0, 1) + std::string(11, '\x80');
  EXPECT_FALSE(DecodeDelivery(overlong).ok());  // varint longer than 64 bits
}

TEST(DeliveryCodec, UnknownVersionEventOrStatusIsAClearError) {
  std::string bytes = EncodeDelivery(Full());
  bytes[0] = 9;
  auto r = DecodeDelivery(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown version 9"), std::string::npos);

  Delivery d;
  std::string e = EncodeDelivery(d);
  std::string name(event::Name(d.event));
  auto at = e.find(name);
  ASSERT_NE(at, std::string::npos);
  e[at] = 'X';  // "Xebhook.test"
  r = DecodeDelivery(e);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("event"), std::string::npos) << r.status().message();

  std::string s = EncodeDelivery(d);
  // Default delivery: version, 5 empty strings (but the event name), a zero timestamp, an empty
  // payload, then the status byte.
  std::size_t status_at = 1 + 3 + 1 + name.size() + 1 + 1 + 1;
  ASSERT_EQ(s[status_at], 0);
  s[status_at] = 7;
  r = DecodeDelivery(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("status"), std::string::npos) << r.status().message();
  EXPECT_FALSE(DecodeDelivery("").ok());
}

TEST(DeliveryCodec, ReadsVersionOneRecords) {
  // A v1 record is a v2 record without the trailing request fields (3 empty fields here).
  Delivery d = Full();
  d.method.clear();
  d.url.clear();
  d.request_headers.clear();
  std::string v2 = EncodeDelivery(d);
  std::string v1 = v2.substr(0, v2.size() - 3);
  v1[0] = 1;
  auto r = DecodeDelivery(v1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectEqual(*r, d);
}

// ---- outcome: the mutable part of a delivery, overlaid on its record ----

// A record as AddEvent writes it: the request, no attempt yet.
Delivery Fresh() {
  Delivery d = Full();
  d.status = DeliveryStatus::kPending;
  d.attempts.clear();
  d.last_status_code = 0;
  d.response_body.clear();
  d.last_error.clear();
  d.duration_ms = 0;
  d.completed_at_ms = 0;
  d.next_retry_at_ms = 0;
  return d;
}

std::string Outcome(const Delivery& d) {
  std::string out;
  EncodeOutcome(d, &out);
  return out;
}

TEST(OutcomeCodec, RoundTripsOntoTheRecordAndLeavesTheRestAlone) {
  Delivery full = Full();
  Delivery d = Fresh();
  std::string bytes = Outcome(full);
  EXPECT_LT(bytes.size(), EncodeDelivery(full).size() / 2);  // no request, payload or ids
  Status st = DecodeOutcome(bytes, &d);
  ASSERT_TRUE(st.ok()) << st.message();
  ExpectEqual(full, d);  // the outcome's fields from `full`, the rest from the record (the same)

  // Decoding onto another record changes only the outcome fields.
  Delivery other;
  other.id = "other";
  other.payload = "p";
  ASSERT_TRUE(DecodeOutcome(bytes, &other).ok());
  EXPECT_EQ(other.id, "other");
  EXPECT_EQ(other.payload, "p");
  EXPECT_EQ(other.status, DeliveryStatus::kDeadLetter);
  ASSERT_EQ(other.attempts.size(), 2u);
  EXPECT_EQ(other.attempts[1].error, "timeout");
  EXPECT_EQ(other.next_retry_at_ms, -7);
}

TEST(OutcomeCodec, RoundTripsEveryStatusAndExtremes) {
  for (auto status : {DeliveryStatus::kPending, DeliveryStatus::kRetrying, DeliveryStatus::kSuccess,
                      DeliveryStatus::kFailed, DeliveryStatus::kDeadLetter}) {
    Delivery d;
    d.status = status;
    d.last_status_code = std::numeric_limits<int>::min();
    d.completed_at_ms = std::numeric_limits<std::int64_t>::max();
    d.next_retry_at_ms = std::numeric_limits<std::int64_t>::min();
    d.attempts = {{-1, std::numeric_limits<std::int64_t>::max(), std::numeric_limits<int>::max(),
                   std::string("a\0b", 3)}};
    Delivery back = Full();
    ASSERT_TRUE(DecodeOutcome(Outcome(d), &back).ok());
    EXPECT_EQ(back.status, status);
    EXPECT_EQ(back.last_status_code, d.last_status_code);
    EXPECT_EQ(back.completed_at_ms, d.completed_at_ms);
    EXPECT_EQ(back.next_retry_at_ms, d.next_retry_at_ms);
    ASSERT_EQ(back.attempts.size(), 1u);
    EXPECT_EQ(back.attempts[0].duration_ms, d.attempts[0].duration_ms);
    EXPECT_EQ(back.attempts[0].status_code, d.attempts[0].status_code);
    EXPECT_EQ(back.attempts[0].error, d.attempts[0].error);
    EXPECT_TRUE(back.response_body.empty());
  }
}

TEST(OutcomeCodec, EveryTruncationIsAnErrorAndLeavesTheDeliveryUnchanged) {
  std::string bytes = Outcome(Full());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto copy = std::make_unique<char[]>(n + 1);  // ASan catches any read past the prefix
    std::copy_n(bytes.data(), n, copy.get());
    Delivery d = Fresh();
    Status st = DecodeOutcome(std::string_view(copy.get(), n), &d);
    EXPECT_FALSE(st.ok()) << "prefix of " << n << " bytes decoded";
    EXPECT_EQ(st.code(), Status::Code::kInvalid);
    ExpectEqual(d, Fresh());
  }
}

TEST(OutcomeCodec, CorruptInputNamesTheField) {
  std::string bytes = Outcome(Full());
  for (std::size_t i = 0; i < bytes.size(); ++i) {  // never a crash
    std::string c = bytes;
    c[i] = static_cast<char>(c[i] ^ 0xff);
    Delivery d;
    (void)DecodeOutcome(c, &d).ok();
  }
  Delivery d;
  Status st = DecodeOutcome(bytes + "x", &d);
  EXPECT_NE(st.message().find("trailing"), std::string::npos) << st.message();
  EXPECT_EQ(d.status, DeliveryStatus::kPending);

  std::string version = bytes;
  version[0] = 9;
  st = DecodeOutcome(version, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalid);
  EXPECT_NE(st.message().find("unknown version 9"), std::string::npos) << st.message();

  std::string status = bytes;
  status[1] = 7;  // version, then the status code
  st = DecodeOutcome(status, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalid);
  EXPECT_NE(st.message().find("status"), std::string::npos) << st.message();

  // An attempt count beyond what the input can hold.
  std::string attempts = bytes.substr(0, 2) + "\xff\xff\x03";
  st = DecodeOutcome(attempts, &d);
  EXPECT_NE(st.message().find("attempts"), std::string::npos) << st.message();

  // A response body longer than the input.
  Delivery one;
  one.response_body = "body";
  std::string body = Outcome(one);
  std::size_t at = body.find("body");
  ASSERT_NE(at, std::string::npos);
  body[at - 1] = 100;
  st = DecodeOutcome(body, &d);
  EXPECT_NE(st.message().find("response_body"), std::string::npos) << st.message();
  EXPECT_FALSE(DecodeOutcome("", &d).ok());
  EXPECT_EQ(d.status, DeliveryStatus::kPending);  // every failure left d alone
}

TEST(PendingMarker, ListsItsIdsAndRefusesCorruptBytes) {
  std::string v;
  AppendMarkerId("0190a1b2-0000-7000-8000-000000000001", &v);
  AppendMarkerId("b", &v);
  std::vector<std::string> ids;
  ASSERT_TRUE(DecodeMarker(v, &ids).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"0190a1b2-0000-7000-8000-000000000001", "b"}));
  std::vector<std::string> cut;
  EXPECT_FALSE(DecodeMarker(std::string_view(v).substr(0, 10), &cut).ok());  // truncated id
  std::vector<std::string> empty;
  EXPECT_FALSE(DecodeMarker(std::string("\0", 1), &empty).ok());  // a zero-length id
}

}  // namespace
}  // namespace vigil::deliver
