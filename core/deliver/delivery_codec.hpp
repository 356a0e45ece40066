// The stored form of a Delivery: a version byte, then every field in a fixed order as varints and
// length-prefixed strings. Decode checks every length and enum, so corrupt bytes give an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/deliver/delivery.hpp"
#include "core/util/result.hpp"

namespace vigil::deliver {

inline constexpr std::uint8_t kDeliveryCodecVersion = 2;

std::string EncodeDelivery(const Delivery& d);
void EncodeDelivery(const Delivery& d, std::string* out);  // appends
// kInvalid on truncated or corrupt input, an unknown version, enum value or event name.
Result<Delivery> DecodeDelivery(std::string_view bytes);

}  // namespace vigil::deliver
