// ParseRequest: one RESP request (multibulk "*N $len ...", or an inline line) from the front of
// a buffer, with limits so that no input can make a connection grow without bound.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace fakefleet {

enum class ParseResult { kOk, kPending, kError };

constexpr std::size_t kMaxArgs = 1024;
constexpr std::size_t kMaxBulk = 64 * 1024;

// On kOk: args view into buf, *consumed bytes used. On kError: *error says why (redis' words).
ParseResult ParseRequest(std::string_view buf, std::size_t* consumed,
                         std::vector<std::string_view>* args, std::string_view* error);

}  // namespace fakefleet
