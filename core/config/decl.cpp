// The non-template part of the declaration machinery: the "unknown key" message, with a
// suggestion when the key is a near miss of a declared one.
#include "core/config/decl.hpp"

#include <algorithm>

namespace vigil::config::detail {
namespace {

// Edit distance, case-insensitive, for "did you mean" hints.
std::size_t Distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string UnknownKeyMessage(std::string_view key, const std::vector<std::string_view>& known) {
  std::string_view best;
  std::size_t best_distance = 3;  // suggest only near misses
  for (auto k : known) {
    std::size_t d = Distance(key, k);
    if (d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  if (!best.empty()) return fmt::format("unknown key (did you mean \"{}\"?)", best);
  std::string list;
  for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
  return "unknown key (known keys: " + list + ")";
}

}  // namespace vigil::config::detail
