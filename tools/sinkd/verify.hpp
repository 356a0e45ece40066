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
// The instance: vigil's "instance":{"name":"..." or an Alertmanager "instance" label.
std::string_view PayloadInstance(std::string_view body);
// The event: vigil's "event", or an Alertmanager notification's "status".
std::string_view PayloadEvent(std::string_view body);

}  // namespace sinkd
