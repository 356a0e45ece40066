// Glue shared by the sink plugins: vigil_str conversions, hooks that never let an exception cross
// the C ABI, response header lookup and "seconds" parsing for retry delays.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "vigil/plugin.h"

namespace vigil_plugins {

inline vigil_str Str(std::string_view s) {
  return vigil_str{s.data(), s.size()};
}
inline std::string_view View(vigil_str s) {
  return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

inline void SetError(const vigil_host_api* host, vigil_error* err, std::string_view message) {
  if (host && host->set_error) host->set_error(err, Str(message));
}

// Runs a create/render body; any exception becomes VIGIL_ERR_INTERNAL with its message.
template <class F>
vigil_status Guarded(const vigil_host_api* host, vigil_error* err, F&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    try {
      SetError(host, err, std::string("internal error: ") + e.what());
    } catch (...) {
    }
  } catch (...) {
    SetError(host, err, "internal error");
  }
  return VIGIL_ERR_INTERNAL;
}

// Runs a classify body; an exception leaves the verdict "retry with the webhook's policy".
template <class F>
void GuardedClassify(vigil_verdict* out, F&& body) noexcept {
  try {
    body();
  } catch (...) {
    out->kind = VIGIL_RETRY;
    out->retry_after_ms = -1;
  }
}

inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The value of the first response header named `name` (any case), or nullopt.
inline std::optional<std::string_view> FindHeader(const vigil_response* r, std::string_view name) {
  for (std::size_t i = 0; r->headers && i < r->header_count; ++i)
    if (EqualsNoCase(View(r->headers[i].name), name)) return View(r->headers[i].value);
  return std::nullopt;
}

inline std::string_view TrimWs(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// "2", " 1.5 " -> milliseconds, rounded up, at most one day; nullopt for anything else (an
// HTTP-date needs a clock, which a pure classify has not: the retry policy decides then).
inline std::optional<std::int64_t> SecondsToMs(std::string_view s) {
  s = TrimWs(s);
  if (s.empty() || !((s[0] >= '0' && s[0] <= '9') || s[0] == '.')) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !(v >= 0)) return std::nullopt;
  if (v > 86400) v = 86400;
  return static_cast<std::int64_t>(std::ceil(v * 1000));
}

// The first of the response's headers, in order, that holds seconds (SecondsToMs).
inline std::optional<std::int64_t> HeaderSecondsMs(const vigil_response* r,
                                                   std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (auto h = FindHeader(r, n))
      if (auto ms = SecondsToMs(*h)) return ms;
  return std::nullopt;
}

}  // namespace vigil_plugins
