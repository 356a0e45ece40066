// The stored forms of a Delivery: a version byte, then fields in a fixed order as varints and
// length-prefixed strings. Decode checks every length and enum, so corrupt bytes give an error.
//   record  (EncodeDelivery): every field; the outbox writes it once, when the event arrives.
//   outcome (EncodeOutcome):  only what changes as the delivery is attempted (status, attempts,
//            last response, timings); the outbox writes it on every later save and overlays it
//            on the record when reading.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/deliver/delivery.hpp"
#include "core/util/result.hpp"

namespace vigil::deliver {

inline constexpr std::uint8_t kDeliveryCodecVersion = 2;

std::string EncodeDelivery(const Delivery& d);
void EncodeDelivery(const Delivery& d, std::string* out);  // appends
// kInvalid on truncated or corrupt input, an unknown version, enum value or event name.
Result<Delivery> DecodeDelivery(std::string_view bytes);

inline constexpr std::uint8_t kOutcomeCodecVersion = 1;

// Appends d's outcome: status, attempts, last_status_code, response_body, last_error,
// duration_ms, completed_at_ms, next_retry_at_ms.
void EncodeOutcome(const Delivery& d, std::string* out);
// Overwrites those fields of *d with the outcome in `bytes`. kInvalid naming the field on
// truncated or corrupt input or an unknown version or status; *d is then left unchanged.
Status DecodeOutcome(std::string_view bytes, Delivery* d);

// A pending marker's value (outbox.hpp): the ids it queues, each a varint length and the bytes.
void AppendMarkerId(std::string_view id, std::string* out);
// kInvalid on truncated or corrupt input; *ids gets the ids read before the error.
Status DecodeMarker(std::string_view bytes, std::vector<std::string>* ids);

}  // namespace vigil::deliver
