// Parser for the text of an INFO reply: `# Section` headers and `key:value` lines, with lookups
// and a splitter for composite values (`db0:keys=1,expires=0`, `cmdstat_get:calls=1,...`).
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vigil::info {

struct InfoField {
  std::string_view section;  // "Server", "Clients"... (without "# "); empty before any header
  std::string_view key;
  std::string_view value;  // everything after the first ':'
};

// Strict whole-string number parsing (std::from_chars); nullopt on any junk.
std::optional<std::int64_t> ParseInt(std::string_view s);
std::optional<double> ParseDouble(std::string_view s);

// The fields of one INFO text. VALIDITY: views point into the text given to Parse; keep the text
// alive and unchanged while using them. Parse() reuses the vector's capacity.
// Lookups are linear scans: for repeated extraction on a hot path use ExtractSnapshot.
class InfoView {
 public:
  InfoView() = default;
  explicit InfoView(std::string_view text) { Parse(text); }

  // Accepts CRLF or LF; skips blank lines and lines without ':'.
  void Parse(std::string_view text);

  std::span<const InfoField> fields() const { return fields_; }
  std::optional<std::string_view> Get(std::string_view key) const;
  // Key within one section (section compared case-insensitively: "memory" == "Memory").
  std::optional<std::string_view> Get(std::string_view section, std::string_view key) const;
  std::optional<std::int64_t> GetInt(std::string_view key) const;
  std::optional<double> GetDouble(std::string_view key) const;

 private:
  std::vector<InfoField> fields_;
};

struct SubField {
  std::string_view name;
  std::string_view value;  // empty if the item had no '='
};

// A forward range over the comma-separated `name=value` items of a composite INFO value, e.g.
// `ip=10.0.0.2,port=6380,state=online,offset=42,lag=0`. No allocation; views into `value`.
class SubFields {
 public:
  class Iterator {
   public:
    using difference_type = std::ptrdiff_t;
    using value_type = SubField;
    Iterator() = default;
    explicit Iterator(std::string_view rest) : rest_(rest), done_(false) { Advance(); }
    const SubField& operator*() const { return current_; }
    const SubField* operator->() const { return &current_; }
    Iterator& operator++() {
      Advance();
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      Advance();
      return old;
    }
    bool operator==(const Iterator& o) const {
      return done_ == o.done_ && (done_ || current_.name.data() == o.current_.name.data());
    }

   private:
    void Advance();
    std::string_view rest_;
    SubField current_;
    bool done_ = true;
    bool at_end_ = false;
  };

  explicit SubFields(std::string_view value) : value_(value) {}
  Iterator begin() const { return value_.empty() ? Iterator() : Iterator(value_); }
  Iterator end() const { return Iterator(); }

  std::optional<std::string_view> Get(std::string_view name) const;
  std::optional<std::int64_t> GetInt(std::string_view name) const;
  std::optional<double> GetDouble(std::string_view name) const;

 private:
  std::string_view value_;
};

}  // namespace vigil::info
