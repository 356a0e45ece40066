// SignPayload: HMAC over timestamp, '.', body without building the concatenation.
#include "core/deliver/signature.hpp"

#include <charconv>

#include "core/util/hmac.hpp"

namespace vigil::deliver {

std::string SignPayload(std::string_view secret, std::int64_t timestamp_ms, std::string_view body) {
  char ts[24];
  auto [end, ec] = std::to_chars(ts, ts + sizeof ts, timestamp_ms);
  (void)ec;
  return ToHex(HmacSha256(secret, {std::string_view(ts, end - ts), ".", body}));
}

}  // namespace vigil::deliver
