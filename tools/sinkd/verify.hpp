// Signature check (docs/webhooks.md) and the cheap payload field lookups sinkd needs.
#pragma once

#include <cstdint>
#include <string_view>

namespace sinkd {

// True when signature == lowercase_hex(HMAC-SHA256(secret, timestamp + "." + body)).
bool VerifySignature(std::string_view secret, std::string_view timestamp, std::string_view body,
                     std::string_view signature);
// The integer after "timestamp": in the body; 0 if absent.
std::int64_t PayloadTimestamp(std::string_view body);
// The string after "instance":{"name":" in the body; empty if absent.
std::string_view PayloadInstance(std::string_view body);
// The string after "event":" in the body; empty if absent.
std::string_view PayloadEvent(std::string_view body);

}  // namespace sinkd
