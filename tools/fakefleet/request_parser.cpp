// ParseRequest: the subset of redis' request grammar clients use (multibulk and inline).
#include "tools/fakefleet/request_parser.hpp"

#include <charconv>

namespace fakefleet {
namespace {

// Reads "<digits>\r\n" after a one-byte prefix at buf[pos]; kPending when the line is incomplete.
ParseResult ReadLength(std::string_view buf, std::size_t* pos, long long* out) {
  std::size_t crlf = buf.find("\r\n", *pos);
  if (crlf == std::string_view::npos)
    return buf.size() - *pos > 32 ? ParseResult::kError : ParseResult::kPending;
  const char* b = buf.data() + *pos + 1;
  const char* e = buf.data() + crlf;
  auto [p, ec] = std::from_chars(b, e, *out);
  if (ec != std::errc() || p != e) return ParseResult::kError;
  *pos = crlf + 2;
  return ParseResult::kOk;
}

}  // namespace

ParseResult ParseRequest(std::string_view buf, std::size_t* consumed,
                         std::vector<std::string_view>* args, std::string_view* error) {
  args->clear();
  if (buf.empty()) return ParseResult::kPending;
  if (buf[0] != '*') {  // inline command: words up to '\n'
    std::size_t nl = buf.find('\n');
    if (nl == std::string_view::npos) {
      if (buf.size() > kMaxBulk) {
        *error = "Protocol error: too big inline request";
        return ParseResult::kError;
      }
      return ParseResult::kPending;
    }
    std::string_view line = buf.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && line[i] == ' ') ++i;
      std::size_t j = i;
      while (j < line.size() && line[j] != ' ') ++j;
      if (j > i) args->push_back(line.substr(i, j - i));
      i = j;
    }
    *consumed = nl + 1;
    return ParseResult::kOk;
  }
  std::size_t pos = 0;
  long long n = 0;
  ParseResult r = ReadLength(buf, &pos, &n);
  if (r != ParseResult::kOk) {
    if (r == ParseResult::kError) *error = "Protocol error: invalid multibulk length";
    return r;
  }
  if (n < 0 || static_cast<std::size_t>(n) > kMaxArgs) {
    *error = "Protocol error: invalid multibulk length";
    return ParseResult::kError;
  }
  for (long long i = 0; i < n; ++i) {
    if (pos >= buf.size()) return ParseResult::kPending;
    if (buf[pos] != '$') {
      *error = "Protocol error: expected '$'";
      return ParseResult::kError;
    }
    long long len = 0;
    r = ReadLength(buf, &pos, &len);
    if (r != ParseResult::kOk) {
      if (r == ParseResult::kError) *error = "Protocol error: invalid bulk length";
      return r;
    }
    if (len < 0 || static_cast<std::size_t>(len) > kMaxBulk) {
      *error = "Protocol error: invalid bulk length";
      return ParseResult::kError;
    }
    std::size_t end = pos + static_cast<std::size_t>(len);
    if (buf.size() < end + 2) return ParseResult::kPending;
    if (buf[end] != '\r' || buf[end + 1] != '\n') {
      *error = "Protocol error: bulk not terminated by CRLF";
      return ParseResult::kError;
    }
    args->push_back(buf.substr(pos, static_cast<std::size_t>(len)));
    pos = end + 2;
  }
  *consumed = pos;
  return ParseResult::kOk;
}

}  // namespace fakefleet
