// RESP reply writers (RESP2 and RESP3 encodings, as redis 7 writes them).
#include "tools/fakefleet/reply.hpp"

#include <charconv>
#include <cstdio>

namespace fakefleet::reply {
namespace {

void Header(std::string* out, char prefix, std::int64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  (void)ec;
  out->push_back(prefix);
  out->append(buf, end).append("\r\n");
}

}  // namespace

void Simple(std::string* out, std::string_view s) {
  out->append("+").append(s).append("\r\n");
}
void Error(std::string* out, std::string_view s) {
  out->append("-").append(s).append("\r\n");
}
void Int(std::string* out, std::int64_t v) {
  Header(out, ':', v);
}
void Bulk(std::string* out, std::string_view s) {
  Header(out, '$', static_cast<std::int64_t>(s.size()));
  out->append(s).append("\r\n");
}
void Array(std::string* out, std::size_t n) {
  Header(out, '*', static_cast<std::int64_t>(n));
}
void Map(std::string* out, std::size_t n, int proto) {
  if (proto == 3)
    Header(out, '%', static_cast<std::int64_t>(n));
  else
    Header(out, '*', static_cast<std::int64_t>(2 * n));
}
void Verbatim(std::string* out, std::string_view s, int proto) {
  if (proto != 3) return Bulk(out, s);
  Header(out, '=', static_cast<std::int64_t>(s.size() + 4));
  out->append("txt:").append(s).append("\r\n");
}
void Double(std::string* out, double v, int proto) {
  char buf[40];
  int n = std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string_view s(buf, static_cast<std::size_t>(n));
  if (proto == 3)
    out->append(",").append(s).append("\r\n");
  else
    Bulk(out, s);
}

}  // namespace fakefleet::reply
