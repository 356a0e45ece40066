// Identifiers: random RFC 9562 version-4 UUIDs (events) and time-ordered version-7 UUIDs
// (deliveries: stored keys sorted by creation, so the store appends instead of inserting at
// random).
#pragma once

#include <cstdint>
#include <string>

namespace vigil {

// A version-4 UUID in canonical lowercase form, e.g. "550e8400-e29b-41d4-a716-446655440000".
std::string NewUuid();

// A version-7 UUID for unix_ms: 48 bits of milliseconds, then a 12-bit counter that orders ids
// made in the same millisecond on this thread (random start), then 62 random bits. Ids of one
// thread sort in creation order as strings; ids of different threads only by millisecond.
std::string NewUuidV7(std::int64_t unix_ms);

}  // namespace vigil
