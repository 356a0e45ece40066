// InfoView parsing and lookups, number parsing, and the composite-value splitter.
#include "core/info/info.hpp"

#include <charconv>

#include "core/info/lines.hpp"

namespace vigil::info {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> ParseInt(std::string_view s) {
  std::int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(std::string_view s) {
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

void InfoView::Parse(std::string_view text) {
  fields_.clear();
  std::string_view section;
  std::string_view line;
  while (NextLine(&text, &line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      line.remove_prefix(1);
      while (!line.empty() && line[0] == ' ') line.remove_prefix(1);
      section = line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    fields_.push_back(InfoField{section, line.substr(0, colon), line.substr(colon + 1)});
  }
}

std::optional<std::string_view> InfoView::Get(std::string_view key) const {
  for (const InfoField& f : fields_) {
    if (f.key == key) return f.value;
  }
  return std::nullopt;
}

std::optional<std::string_view> InfoView::Get(std::string_view section,
                                              std::string_view key) const {
  for (const InfoField& f : fields_) {
    if (f.key == key && EqualsIgnoreCase(f.section, section)) return f.value;
  }
  return std::nullopt;
}

std::optional<std::int64_t> InfoView::GetInt(std::string_view key) const {
  auto v = Get(key);
  return v ? ParseInt(*v) : std::nullopt;
}

std::optional<double> InfoView::GetDouble(std::string_view key) const {
  auto v = Get(key);
  return v ? ParseDouble(*v) : std::nullopt;
}

void SubFields::Iterator::Advance() {
  if (at_end_) {
    done_ = true;
    return;
  }
  const std::size_t comma = rest_.find(',');
  std::string_view item = rest_.substr(0, comma);
  if (comma == std::string_view::npos) {
    at_end_ = true;
    rest_ = rest_.substr(rest_.size());
  } else {
    rest_.remove_prefix(comma + 1);
  }
  const std::size_t eq = item.find('=');
  if (eq == std::string_view::npos) {
    current_ = SubField{item, item.substr(item.size())};
  } else {
    current_ = SubField{item.substr(0, eq), item.substr(eq + 1)};
  }
}

std::optional<std::string_view> SubFields::Get(std::string_view name) const {
  for (const SubField& f : *this) {
    if (f.name == name) return f.value;
  }
  return std::nullopt;
}

std::optional<std::int64_t> SubFields::GetInt(std::string_view name) const {
  auto v = Get(name);
  return v ? ParseInt(*v) : std::nullopt;
}

std::optional<double> SubFields::GetDouble(std::string_view name) const {
  auto v = Get(name);
  return v ? ParseDouble(*v) : std::nullopt;
}

}  // namespace vigil::info
