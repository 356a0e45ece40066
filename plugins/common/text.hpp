// Text helpers for sink plugins: UTF-8 safe counting and truncation (with an ellipsis), ISO-8601
// UTC timestamps, and human formatting of durations, byte sizes and URL path segments.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace vigil_plugins {

inline constexpr std::string_view kEllipsis = "\xe2\x80\xa6";  // U+2026, one code point

inline bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// Unicode code points in `s` (valid UTF-8 assumed; a stray byte counts as one).
inline std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += !IsContinuation(c);
  return n;
}

// Byte offset just past the first `n` code points of `s` (s.size() when it has fewer).
inline std::size_t CodePointOffset(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  while (i < s.size() && n > 0) {
    ++i;
    while (i < s.size() && IsContinuation(s[i])) ++i;
    --n;
  }
  return i;
}

// `s` when it has at most `max` code points; otherwise its first max-1 code points followed by
// an ellipsis (max code points in all). Trailing white space before the ellipsis is dropped.
inline std::string TruncateChars(std::string_view s, std::size_t max) {
  if (CodePoints(s) <= max) return std::string(s);
  if (max == 0) return std::string();
  std::string out(s.substr(0, CodePointOffset(s, max - 1)));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t'))
    out.pop_back();
  out += kEllipsis;
  return out;
}

// "2024-06-10T06:13:20.123Z" (UTC, milliseconds).
inline std::string Iso8601(std::int64_t unix_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(unix_ms)};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

// Like vigil's messages: "850 ms", "12.5 s", "3 min 20 s", "2 h 5 min".
inline std::string HumanDuration(std::int64_t ms) {
  if (ms < 0) ms = 0;
  char buf[48];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lld ms", static_cast<long long>(ms));
  } else if (ms < 60000) {
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms / 100) / 10.0);
    std::string s = buf;
    if (s.size() > 4 && s.compare(s.size() - 4, 4, ".0 s") == 0) s.erase(s.size() - 4, 2);
    return s;
  } else if (ms < 3600000) {
    std::snprintf(buf, sizeof buf, "%lld min %lld s", static_cast<long long>(ms / 60000),
                  static_cast<long long>(ms % 60000 / 1000));
  } else {
    std::snprintf(buf, sizeof buf, "%lld h %lld min", static_cast<long long>(ms / 3600000),
                  static_cast<long long>(ms % 3600000 / 60000));
  }
  return buf;
}

// Binary units with at most one decimal: "512 B", "946.9 MiB", "1 GiB".
inline std::string HumanBytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (bytes >= 1024 && u < 5) {
    bytes /= 1024;
    ++u;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f", bytes);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s + " " + kUnits[u];
}

// Percent-encodes everything but RFC 3986 unreserved characters (for one URL path segment).
inline std::string EscapePathSegment(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~';
    if (keep) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

// "<public_url>/instances/<name>", or "" when public_url is empty.
inline std::string InstanceLink(std::string_view public_url, std::string_view name) {
  if (public_url.empty()) return std::string();
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/instances/" + EscapePathSegment(name);
}

}  // namespace vigil_plugins
