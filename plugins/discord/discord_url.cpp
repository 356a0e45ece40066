// Appends wait=true to a Discord webhook URL, respecting an existing query string.
#include "discord_url.hpp"

namespace vigil_discord {

std::string WithWait(std::string_view url) {
  std::size_t hash = url.find('#');
  std::string_view base = url.substr(0, hash);
  std::string_view fragment = hash == std::string_view::npos ? "" : url.substr(hash);
  std::size_t q = base.find('?');
  if (q == std::string_view::npos) return std::string(base) + "?wait=true" + std::string(fragment);
  std::string_view query = base.substr(q + 1);
  for (std::size_t start = 0; start <= query.size();) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view param = query.substr(start, end - start);
    std::string_view name = param.substr(0, param.find('='));
    if (name == "wait") return std::string(url);
    start = end + 1;
  }
  bool bare = query.empty() || query.back() == '&';
  return std::string(base) + (bare ? "" : "&") + "wait=true" + std::string(fragment);
}

}  // namespace vigil_discord
