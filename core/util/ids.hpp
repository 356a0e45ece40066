// Random identifiers: RFC 4122 version-4 UUIDs for events and deliveries.
#pragma once

#include <string>

namespace vigil {

// A version-4 UUID in canonical lowercase form, e.g. "550e8400-e29b-41d4-a716-446655440000".
std::string NewUuid();

}  // namespace vigil
