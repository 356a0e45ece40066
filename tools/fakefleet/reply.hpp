// RESP2/RESP3 reply writers: the few reply shapes fakefleet's commands need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fakefleet::reply {

void Simple(std::string* out, std::string_view s);  // +s
void Error(std::string* out, std::string_view s);   // -s
void Int(std::string* out, std::int64_t v);         // :v
void Bulk(std::string* out, std::string_view s);    // $len s
void Array(std::string* out, std::size_t n);        // *n
// A map of n pairs: %n in RESP3, an array of 2n in RESP2.
void Map(std::string* out, std::size_t n, int proto);
// A verbatim "txt" string in RESP3 (=len txt:...), a bulk string in RESP2.
void Verbatim(std::string* out, std::string_view s, int proto);
// A double: ",v" in RESP3, a bulk string in RESP2.
void Double(std::string* out, double v, int proto);

}  // namespace fakefleet::reply
